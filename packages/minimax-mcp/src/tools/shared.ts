/**
 * What every tool module shares: the registrar, input fields, per-call options and result helpers.
 */
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import {
  type AudioResponse,
  audioExtension,
  type MiniMax,
  MiniMaxError,
  type RequestOptions,
  type TaskProgress,
} from 'minimax-sdk';
import { z } from 'zod';
import { type Content, emit, type OutputMode, type OutputSettings } from '../output.js';

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** Registers one tool; what its handler throws comes back to the model as a tool error. */
export type RegisterTool = <Shape extends z.ZodRawShape>(
  name: string,
  description: string,
  shape: Shape,
  run: (args: z.infer<z.ZodObject<Shape>>, extra: Extra, client: MiniMax) => Promise<Content[]>,
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean },
) => void;

/** What a tool module gets from the server. */
export interface ToolContext {
  tool: RegisterTool;
  settings: OutputSettings;
}

/** Where a media tool puts its output, as the caller chose. */
export interface OutputArgs {
  output?: OutputMode | undefined;
  filename?: string | undefined;
}

export const extraField = z
  .record(z.string(), z.unknown())
  .optional()
  .describe('Further API request fields, sent as given (e.g. fields newer than this server).');
export const outputField = z
  .enum(['file', 'resource'])
  .optional()
  .describe(
    'file: write into the output folder and return its path; resource: embed the bytes in the result.',
  );
export const filenameField = z
  .string()
  .optional()
  .describe('File name (no folders) in the output folder; default: kind, time and a random suffix.');

export const modelField = (known: readonly string[], fallback?: string) =>
  z
    .string()
    .optional()
    .describe(
      `Model id. Known: ${known.join(', ')}. Any other id is sent unchanged.${
        fallback ? ` Default: ${fallback}.` : ' Default: the API default.'
      }`,
    );

/** Copies the keys the caller set (own, defined) from `source`. */
export function setKeys(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (Object.hasOwn(source, key) && source[key] !== undefined) out[key] = source[key];
  return out;
}

export function withExtra(
  body: Record<string, unknown>,
  extra: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const out = { ...body };
  for (const key of Object.keys(extra ?? {})) {
    // An own `__proto__` key would replace the body's prototype instead of becoming a field.
    if (key !== '__proto__') out[key] = extra![key];
  }
  return out;
}

export const json = (value: unknown): Content => ({ type: 'text', text: JSON.stringify(value, null, 2) });

/** A failure as a tool error: the model sees what MiniMax said, with the code and trace id. */
export function toolError(error: unknown): CallToolResult {
  const text =
    error instanceof MiniMaxError
      ? `${error.name}: ${error.toString()}`
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
  const structured: Record<string, unknown> = {};
  if (error instanceof MiniMaxError) {
    structured.code = error.code;
    structured.type = error.name;
    if (error.trace_id) structured.trace_id = error.trace_id;
  }
  return { isError: true, content: [{ type: 'text', text }], _meta: { minimax: structured } };
}

/**
 * Per-call SDK options: the MCP request's cancellation, and progress notifications for each poll
 * of a long task when the client asked for them (a `progressToken`).
 */
export function callOptions(extra: Extra): RequestOptions {
  const options: RequestOptions = { signal: extra.signal };
  const token = extra._meta?.progressToken;
  if (token !== undefined) {
    let polls = 0;
    options.onProgress = (progress: TaskProgress) => {
      polls += 1;
      void extra
        .sendNotification({
          method: 'notifications/progress',
          params: {
            progressToken: token,
            progress: polls,
            message: `task ${progress.task_id}: ${progress.status} after ${Math.round(progress.elapsed_ms / 1000)} s`,
          },
        })
        .catch(() => {});
    };
  }
  return options;
}

/** Audio as a file or an embedded resource, after a summary of its length, format and size. */
export async function audioOut(
  audio: AudioResponse,
  kind: string,
  args: OutputArgs,
  settings: OutputSettings,
): Promise<Content[]> {
  const bytes = await audio.bytes();
  const { content } = await emit(
    [{ bytes, extension: audio.format ? audioExtension(audio.format) : undefined, kind }],
    settings,
    args,
  );
  const summary: Record<string, unknown> = {
    duration_ms: audio.duration,
    format: audio.format,
    size: bytes.byteLength,
  };
  if (audio.trace_id) summary.trace_id = audio.trace_id;
  return [json(summary), ...content];
}
