/** What the CLI reads and writes through (streams, environment) and what a command hands back. */

/** The slice of a Node writable the CLI needs; tests pass a collecting stream. */
export interface OutStream {
  write(chunk: string | Uint8Array, callback?: (error?: Error | null) => void): boolean;
  once(event: 'drain', listener: () => void): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  /** Read when a command is given `-` as its input. */
  stdin?: NodeJS.ReadableStream | undefined;
  env: Record<string, string | undefined>;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM; every request listens to it. */
  signal?: AbortSignal | undefined;
}

/** A file a command wrote, for the human summary and the demo table. */
export interface WrittenFile {
  path: string;
  bytes: number;
  /** Media duration in milliseconds, where known. */
  duration_ms?: number | undefined;
}

/** What an action hands back: the JSON document, and what people see. */
export interface CommandResult {
  json: unknown;
  /** Lines for stdout in human mode. */
  human?: string[];
  /** Lines for stdout with `--quiet` (default: none). */
  quiet?: string[];
  files?: WrittenFile[];
  /** Stdout already carried the payload (audio for `-o -`): the human summary goes to stderr. */
  stdoutTaken?: boolean;
  /** The action printed its own result already (`mock` prints before it starts waiting). */
  printed?: boolean;
  /** Exit code when the command finished but not fully well (the demo with a failed step). */
  exitCode?: number;
}
