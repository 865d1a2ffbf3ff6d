/**
 * The text tool: one reply from a MiniMax language model.
 */
import { KNOWN_MODELS } from 'minimax-sdk';
import { z } from 'zod';
import { callOptions, extraField, json, modelField, setKeys, type ToolContext, withExtra } from './shared.js';

/** Registers `text_generate`. */
export function registerTextTools({ tool }: ToolContext): void {
  tool(
    'text_generate',
    'Generate text with a MiniMax language model (Anthropic-compatible Messages endpoint). Returns the reply text, any thinking, the stop reason and token usage.',
    {
      prompt: z.string().optional().describe('The user message. Give this or messages.'),
      messages: z
        .array(
          z.object({
            role: z.enum(['user', 'assistant']),
            content: z.union([z.string(), z.array(z.record(z.string(), z.unknown()))]),
          }),
        )
        .optional()
        .describe(
          'The conversation (Anthropic message shape); the prompt, when given too, is appended as a user turn.',
        ),
      model: modelField(KNOWN_MODELS.text, 'MiniMax-M2.7'),
      system: z.string().optional(),
      max_tokens: z.number().int().positive().optional().describe('Default 1024.'),
      temperature: z.number().optional(),
      top_p: z.number().optional(),
      thinking: z
        .enum(['adaptive', 'disabled'])
        .optional()
        .describe('MiniMax-M3 thinks only with adaptive; M2.x always thinks.'),
      extra: extraField,
    },
    async (args, extra, client) => {
      const messages: unknown[] = [...(args.messages ?? [])];
      if (args.prompt !== undefined) messages.push({ role: 'user', content: args.prompt });
      const body: Record<string, unknown> = {
        model: args.model ?? 'MiniMax-M2.7',
        max_tokens: args.max_tokens ?? 1024,
        messages,
        ...setKeys(args, ['system', 'temperature', 'top_p']),
      };
      if (args.thinking !== undefined) body.thinking = { type: args.thinking };
      const message = await client.text.create(withExtra(body, args.extra) as never, callOptions(extra));
      const text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
      const thinking = message.content.flatMap((b) => (b.type === 'thinking' ? [b.thinking] : [])).join('');
      const meta: Record<string, unknown> = {
        model: message.model,
        stop_reason: message.stop_reason,
        usage: message.usage,
      };
      if (thinking) meta.thinking = thinking;
      if (message.trace_id) meta.trace_id = message.trace_id;
      return [{ type: 'text', text }, json(meta)];
    },
    { readOnlyHint: true },
  );
}
