/** How an error reads in the terminal: one line, a hint where one helps, and the `--json` form. */
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthError,
  MiniMaxError,
  PollTimeoutError,
  TaskFailedError,
} from 'minimax-sdk';
import { CliError, type Region } from './config.js';
import type { CliIO } from './io.js';
import { colorEnabled, painter } from './output.js';

export interface ErrorContext {
  debug: boolean;
  /** The base URL the failing call used, for the region hint on auth errors. */
  baseURL?: string | undefined;
  region?: Region | undefined;
  /** The API key in use: never printed, whatever an error or its cause happens to quote. */
  secret?: string | undefined;
}

/**
 * Removes the key from text the CLI prints. The SDK never quotes the key, but `--debug` prints
 * stacks and causes from code that is not ours (fetch quotes a header value it refuses), so the
 * printer makes sure: the key as typed, trimmed, and escaped as JSON would show it.
 */
export function redact(text: string, secret: string | undefined): string {
  // A short key (`test` against the mock) would blank out ordinary words; real keys are long.
  if (!secret || secret.trim().length < 8) return text;
  const forms = new Set([secret, secret.trim(), JSON.stringify(secret).slice(1, -1)]);
  let clean = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length))
    clean = clean.split(form).join('[redacted]');
  return clean;
}

/** The one-line message (and optional hint) for any error the CLI can hit. */
export function describeError(error: unknown, context: ErrorContext): { message: string; hint?: string } {
  if (error instanceof CliError) return { message: error.message, hint: error.hint };
  if (error instanceof APIUserAbortError) return { message: 'Cancelled.' };
  if (error instanceof MiniMaxError) {
    const code = error.code !== 0 && error.code !== error.status ? ` [code ${error.code}]` : '';
    // MiniMax answers most API errors with HTTP 200; the status only says something when it failed.
    const status = error.status !== undefined && error.status >= 400 ? ` (HTTP ${error.status})` : '';
    const trace = error.trace_id ? ` trace_id=${error.trace_id}` : '';
    const message = `${error.name}${code}${status}: ${oneLine(error.message)}${trace}`;
    return { message, hint: hintFor(error, context) };
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { message: `${oneLine(error.message)}${typeof code === 'string' ? ` (${code})` : ''}` };
  }
  return { message: oneLine(String(error)) };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function hintFor(error: MiniMaxError, context: ErrorContext): string | undefined {
  if (error instanceof AuthError) {
    if (error.code === 0 && error.status === undefined) return undefined;
    // Keys are issued per platform: a global key is rejected by the China host and vice versa.
    if (context.region === 'global')
      return 'The key was rejected by api.minimax.io (global). If it is a mainland-China key (platform.minimaxi.com), add --region cn (or --region auto).';
    if (context.region === 'cn')
      return 'The key was rejected by api.minimax.cn (China). If it is a global key (platform.minimax.io), add --region global (or --region auto).';
    return 'Check the key and that it belongs to the platform behind --base-url (global keys work on api.minimax.io, China keys on api.minimax.cn).';
  }
  if (error instanceof APIConnectionError) {
    return context.baseURL
      ? `Could not reach ${context.baseURL}; check the network or --base-url.`
      : undefined;
  }
  if (error instanceof PollTimeoutError)
    return 'The task may still finish: wait longer with --poll-timeout (e.g. 30m).';
  if (error instanceof APITimeoutError && error.code === 0)
    return 'Raise the limit with --timeout <seconds>.';
  if (error.code === 2054 || error.code === 2042)
    return 'See the voices you can use with `minimax voices list`.';
  return undefined;
}

/** The error printer: exactly one line on stderr (its hint included), a stack only with --debug. */
export function printError(io: CliIO, error: unknown, context: ErrorContext): void {
  const paint = painter(colorEnabled(io.stderr, io.env));
  const { message, hint } = describeError(error, context);
  const write = (text: string) => io.stderr.write(redact(text, context.secret));
  write(`${paint('red', 'error:')} ${message}${hint ? paint('dim', ` — ${hint}`) : ''}\n`);
  if (context.debug && error instanceof Error && error.stack) {
    write(`${paint('dim', error.stack)}\n`);
    if (error.cause) write(`${paint('dim', `cause: ${String(error.cause)}`)}\n`);
  }
}

/** The `--json` form of an error. */
export function errorJSON(error: unknown, context: ErrorContext): Record<string, unknown> {
  const { message, hint } = describeError(error, context);
  const base: Record<string, unknown> = {
    type: error instanceof Error ? error.name : 'Error',
    message: redact(error instanceof Error ? error.message : String(error), context.secret),
    summary: redact(message, context.secret),
  };
  if (error instanceof MiniMaxError) {
    base.code = error.code;
    if (error.status !== undefined) base.status = error.status;
    if (error.trace_id) base.trace_id = error.trace_id;
  }
  if (error instanceof TaskFailedError) base.task_id = error.task_id;
  if (hint) base.hint = redact(hint, context.secret);
  return { error: base };
}
