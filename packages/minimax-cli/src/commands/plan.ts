import type { Command } from 'commander';
import { CliError } from '../config.js';
import type { Context } from '../context.js';
import { readTextArg } from '../fsio.js';
import { type CommandResult, formatTable } from '../output.js';
import { example, type Register } from './shared.js';

const DEFAULT_VISION_PROMPT = 'Describe the image.';

/** A count out of a total, or `-` for a window the plan does not have. */
function window(used: number, total: number, status: number | undefined): string {
  return status === 3 || total === 0 ? '-' : `${used} / ${total}`;
}

/** Time until a window resets, to the minute (windows last hours or days). */
function resetsIn(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  return hours > 0 ? `${hours}h ${minutes % 60}m` : `${minutes}m`;
}

/** Shows what the key's Token Plan has left, lane by lane. */
export async function quotaAction(ctx: Context): Promise<CommandResult> {
  const quota = await ctx.client().account.quota(ctx.call);
  const rows = quota.model_remains.map((lane) => [
    lane.model_name,
    window(
      lane.current_interval_usage_count,
      lane.current_interval_total_count,
      lane.current_interval_status,
    ),
    lane.current_interval_remaining_percent === undefined
      ? '-'
      : `${lane.current_interval_remaining_percent}%`,
    resetsIn(lane.remains_time),
    window(lane.current_weekly_usage_count, lane.current_weekly_total_count, lane.current_weekly_status),
  ]);
  const human =
    rows.length === 0
      ? ['This key has no Token Plan (pay-as-you-go keys have no quota to show).']
      : [
          formatTable(
            [
              { header: 'LANE' },
              { header: 'WINDOW COUNT' },
              { header: 'LEFT' },
              { header: 'RESETS IN' },
              { header: 'WEEK COUNT' },
            ],
            rows,
            ctx.out.paint,
          ),
        ];
  return { json: quota, human, quiet: rows.map((r) => r.join('\t')) };
}

/** Searches the web through the Token Plan's search. */
export async function searchAction(ctx: Context, queryArg: string): Promise<CommandResult> {
  const q = (await readTextArg(queryArg, ctx.io)).trim();
  if (q === '') throw new CliError('The search query is empty.');
  const result = await ctx.client().search.query({ q }, ctx.call);
  const human =
    result.organic.length === 0
      ? ['No results.']
      : result.organic.flatMap((hit, i) => [
          `${i + 1}. ${ctx.out.paint('bold', hit.title)}`,
          `   ${hit.link}`,
          ...(hit.snippet ? [`   ${hit.snippet}`] : []),
          ...(hit.date ? [`   ${ctx.out.paint('dim', hit.date)}`] : []),
        ]);
  if (result.related_searches.length > 0)
    human.push('', `Related: ${result.related_searches.map((r) => r.query).join(' · ')}`);
  return { json: result, human, quiet: result.organic.map((hit) => hit.link) };
}

export interface VisionOptions {
  prompt?: string;
}

/** Asks the Token Plan's vision model about an image (a path, a URL or a data URI). */
export async function visionAction(
  ctx: Context,
  image: string,
  options: VisionOptions,
): Promise<CommandResult> {
  if (image.trim() === '') throw new CliError('No image given: pass a file path or an https:// URL.');
  const prompt = (await readTextArg(options.prompt ?? DEFAULT_VISION_PROMPT, ctx.io)).trim();
  if (prompt === '') throw new CliError('The prompt is empty.');
  const answer = await ctx.client().vision.describe({ prompt, image }, ctx.call);
  return { json: { prompt, ...answer }, human: [answer.content], quiet: [answer.content] };
}

export const registerPlan: Register = (program, run) => {
  program
    .command('quota')
    .description("Show what your key's Token Plan has left (text, speech and image lanes)")
    .addHelpText('after', example(['minimax quota', 'minimax quota --json']))
    .action((_options: object, command: Command) => run(command, (ctx) => quotaAction(ctx)));

  program
    .command('search')
    .description('Search the web through your Token Plan')
    .argument('<query>', 'what to search for; "-" reads it from stdin, "@file" from a file')
    .addHelpText(
      'after',
      example(['minimax search "MiniMax M3 release"', 'minimax search "vitest fake timers" --json']),
    )
    .action((query: string, _options: object, command: Command) =>
      run(command, (ctx) => searchAction(ctx, query)),
    );

  program
    .command('vision')
    .description('Ask about an image (a file, an https:// URL or a data URI) through your Token Plan')
    .argument('<image>', 'the image: a local file, an https:// URL or a data URI')
    .option('-p, --prompt <text>', 'the question; "@file" reads it from a file', DEFAULT_VISION_PROMPT)
    .addHelpText(
      'after',
      example([
        'minimax vision screenshot.png -p "What error is shown?"',
        'minimax vision https://example.com/cat.jpg --json',
      ]),
    )
    .action((image: string, options: VisionOptions, command: Command) =>
      run(command, (ctx) => visionAction(ctx, image, options)),
    );
};
