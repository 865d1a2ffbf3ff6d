import type { Command } from 'commander';
import type { Context } from '../context.js';
import { optionalTextArg, requireTextArg } from '../fsio.js';
import { type CommandResult, formatTable } from '../output.js';
import { example, type Register } from './shared.js';
import { DEFAULT_TEXT_MODEL } from './text.js';

/** Lists the text models the key can call, or shows one. */
export async function modelsAction(ctx: Context, id: string | undefined): Promise<CommandResult> {
  const client = ctx.client();
  const models =
    id === undefined
      ? (await client.models.list(ctx.call)).data
      : [await client.models.retrieve({ model: id }, ctx.call)];
  const rows = models.map((m) => [m.id, new Date(m.created * 1000).toISOString().slice(0, 10), m.owned_by]);
  const human = [
    formatTable([{ header: 'MODEL' }, { header: 'CREATED' }, { header: 'OWNER' }], rows, ctx.out.paint),
  ];
  return { json: id === undefined ? { data: models } : models[0], human, quiet: rows.map((r) => r[0] ?? '') };
}

export interface TokensOptions {
  model?: string;
  system?: string;
}

/** Counts the input tokens a prompt would take, without generating anything. */
export async function tokensAction(
  ctx: Context,
  promptArg: string,
  options: TokensOptions,
): Promise<CommandResult> {
  const prompt = await requireTextArg(promptArg, ctx.io, 'the prompt');
  const system = await optionalTextArg(options.system, ctx.io, '--system');
  const model = options.model ?? DEFAULT_TEXT_MODEL;
  const count = await ctx.client().text.countTokens(
    {
      model,
      messages: [{ role: 'user', content: prompt }],
      ...(system ? { system } : {}),
    },
    ctx.call,
  );
  const line = `${count.input_tokens} input tokens (${model})`;
  return { json: { model, ...count }, human: [line], quiet: [String(count.input_tokens)] };
}

export const registerModels: Register = (program, run) => {
  program
    .command('models')
    .description('List the text models your key can call, or show one')
    .argument('[model]', 'a model id to show')
    .addHelpText('after', example(['minimax models', 'minimax models MiniMax-M3 --json']))
    .action((model: string | undefined, _options: object, command: Command) =>
      run(command, (ctx) => modelsAction(ctx, model)),
    );

  program
    .command('tokens')
    .description('Count the input tokens a prompt takes (nothing is generated)')
    .argument('<prompt>', 'the prompt; "-" reads it from stdin, "@file" from a file')
    .option('-m, --model <model>', 'model name', DEFAULT_TEXT_MODEL)
    .option('-s, --system <text>', 'system prompt, counted too (text, @file or -)')
    .addHelpText(
      'after',
      example(['minimax tokens @notes.md', 'minimax tokens "Hello" -m MiniMax-M3 --json']),
    )
    .action((prompt: string, options: TokensOptions, command: Command) =>
      run(command, (ctx) => tokensAction(ctx, prompt, options)),
    );
};
