/**
 * The `minimax` executable: wires `run()` to the process. Ctrl-C or SIGTERM aborts the request in
 * flight (every SDK call gets the signal); a second Ctrl-C quits at once.
 */
import { Interrupted, interruptExitCode, run } from './run.js';

const controller = new AbortController();

function onSignal(name: 'SIGINT' | 'SIGTERM'): void {
  if (controller.signal.aborted) {
    // The user insists: a cleanup is taking too long, so stop now (temp files are dot-files).
    process.exit(interruptExitCode(controller.signal.reason));
  }
  controller.abort(new Interrupted(name));
}

process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));

// A reader that goes away (`minimax speech ... -o - | head -c 100`) is not an error worth a trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  signal: controller.signal,
});

// Flush stdout before exiting: keep-alive sockets or a paused stdin must not hold the process open.
process.stdout.write('', () => process.exit(code));
