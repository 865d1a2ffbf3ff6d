/** Small pieces every command file uses: the registration signature, argument parsers, help text. */
import { type Command, InvalidArgumentError } from 'commander';
import { CliError } from '../config.js';
import type { Context } from '../context.js';
import type { CommandResult } from '../output.js';

/** Runs an action with a context built from the command's (and the program's) options. */
export type Runner = (command: Command, action: (ctx: Context) => Promise<CommandResult>) => Promise<void>;

/** Each command file exports one of these; program.ts calls them in order. */
export type Register = (program: Command, run: Runner) => void;

export function intArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('Not a whole number.');
  return n;
}

export function positiveIntArg(value: string): number {
  const n = intArg(value);
  if (n <= 0) throw new InvalidArgumentError('Must be greater than 0.');
  return n;
}

export function numberArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('Not a number.');
  return n;
}

/** An "Examples:" block for `--help`. */
export function example(lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}

/** Audio formats the speech API writes; the `-o` extension picks one when --format is absent. */
export const AUDIO_FORMATS = ['mp3', 'wav', 'flac', 'pcm'] as const;

export function formatFromPath(path: string | undefined): string | undefined {
  if (!path || path === '-') return undefined;
  const ext = path.toLowerCase().split('.').pop();
  return (AUDIO_FORMATS as readonly string[]).includes(ext ?? '') ? ext : undefined;
}

/** `-o -` writes the payload to stdout, which leaves no room for the `--json` document. */
export function checkStdoutTarget(ctx: Context, output: string | undefined): void {
  if (output === '-' && ctx.out.json) {
    throw new CliError('--json cannot be combined with -o - (stdout carries the output).');
  }
}
