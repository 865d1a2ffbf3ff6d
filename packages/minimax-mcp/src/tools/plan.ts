/**
 * The Token Plan tools: what the plan has left, web search and image understanding. They need a
 * key on a Token Plan; any other key gets the platform's refusal as a tool error.
 */
import { z } from 'zod';
import { callOptions, extraField, json, type ToolContext, withExtra } from './shared.js';

/** Registers `account_quota`, `search_query` and `vision_describe`. */
export function registerPlanTools({ tool }: ToolContext): void {
  tool(
    'account_quota',
    "Show what the API key's Token Plan has left, per lane (text, speech, image): each window's count, percent left and reset time.",
    {},
    async (_args, extra, client) => [json(await client.account.quota(callOptions(extra)))],
    { readOnlyHint: true },
  );

  tool(
    'search_query',
    'Search the web through the MiniMax Token Plan. Returns up to about ten results (title, link, snippet, date) and related queries.',
    { q: z.string().min(1).describe('What to search for.'), extra: extraField },
    async (args, extra, client) => {
      const result = await client.search.query(
        withExtra({ q: args.q }, args.extra) as never,
        callOptions(extra),
      );
      return [json(result)];
    },
    { readOnlyHint: true },
  );

  tool(
    'vision_describe',
    'Ask a MiniMax vision model about an image (JPEG, PNG, WebP or GIF): a URL, a data URI or a local image path.',
    {
      prompt: z.string().min(1).describe('The question, e.g. "What error is shown?"'),
      image: z.string().min(1).describe('An https:// URL, a data URI, or a local image path (sent inline).'),
      extra: extraField,
    },
    async (args, extra, client) => {
      const answer = await client.vision.describe(
        withExtra({ prompt: args.prompt, image: args.image }, args.extra) as never,
        callOptions(extra),
      );
      const meta: Record<string, unknown> = {};
      if (answer.trace_id) meta.trace_id = answer.trace_id;
      return [{ type: 'text', text: answer.content }, ...(answer.trace_id ? [json(meta)] : [])];
    },
    { readOnlyHint: true },
  );
}
