/**
 * `run(argv, io)`: the whole CLI as a function returning an exit code. bin.ts wires it to the
 * process; tests call it in-process with their own streams, environment and abort signal.
 */
import { CommanderError } from 'commander';
import { CliError } from './config.js';
import { dryRunStopOf, printDryRun } from './dry-run.js';
import { errorJSON, printError } from './errors.js';
import type { CliIO } from './io.js';
import { buildProgram, type RunState } from './program.js';

/** The abort reason bin.ts uses, so the exit code can tell Ctrl-C from SIGTERM. */
export class Interrupted extends Error {
  readonly signalName: 'SIGINT' | 'SIGTERM';
  constructor(signalName: 'SIGINT' | 'SIGTERM') {
    super(`Interrupted by ${signalName}.`);
    this.name = 'Interrupted';
    this.signalName = signalName;
  }
}

/** Shell convention: 128 + the signal number. */
export function interruptExitCode(reason: unknown): number {
  return reason instanceof Interrupted && reason.signalName === 'SIGTERM' ? 143 : 130;
}

export const EXIT_USAGE = 2;

export async function run(argv: string[], io: Partial<CliIO> = {}): Promise<number> {
  const full: CliIO = {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    stdin: io.stdin ?? process.stdin,
    env: io.env ?? process.env,
    signal: io.signal,
  };
  const state: RunState = { ctx: undefined, exitCode: 0 };
  const program = buildProgram(full, state);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed the message (or the help / version).
      if (error.exitCode === 0) return 0;
      return error.code === 'commander.executeSubCommandAsync' ? error.exitCode : EXIT_USAGE;
    }
    const stop = dryRunStopOf(error);
    if (stop) {
      printDryRun(full, stop, Boolean(state.ctx?.out.json));
      return 0;
    }
    const aborted = full.signal?.aborted === true;
    const context = state.ctx?.errorContext() ?? {
      debug: argv.includes('--debug'),
      secret: full.env.MINIMAX_API_KEY,
    };
    if (state.ctx?.out.json) full.stdout.write(`${JSON.stringify(errorJSON(error, context), null, 2)}\n`);
    if (aborted) {
      full.stderr.write('Cancelled.\n');
      return interruptExitCode(full.signal?.reason);
    }
    printError(full, error, context);
    return error instanceof CliError ? error.exitCode : 1;
  }
}
