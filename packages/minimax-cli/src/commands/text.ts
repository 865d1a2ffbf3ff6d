import type { Command } from 'commander';
import type { ChatCompletion, Message, ModelResponse } from 'minimax-sdk';
import { UsageError } from '../config.js';
import type { Context } from '../context.js';
import { optionalTextArg, requireTextArg } from '../fsio.js';
import type { CommandResult } from '../output.js';
import { checkOutput, example, intArg, type Register, rangeArg, saveText } from './shared.js';

export const DEFAULT_TEXT_MODEL = 'MiniMax-M2.7';

export interface TextOptions {
  model?: string;
  system?: string;
  maxTokens?: number;
  /** `true` for the default budget, or a token budget. */
  thinking?: boolean | number;
  temperature?: number;
  stream?: boolean;
  output?: string;
  /**
   * Which wire format to speak: `anthropic` (the default), `openai` (Chat Completions),
   * `responses` (the Responses API).
   */
  api?: string;
}

/** The wire formats `--api` accepts. */
export const TEXT_APIS = ['anthropic', 'openai', 'responses'] as const;

const DEFAULT_THINKING_BUDGET = 1024;

function textOf(message: Message, type: 'text' | 'thinking'): string {
  return message.content
    .map((block) =>
      block.type === 'text' && type === 'text'
        ? block.text
        : block.type === 'thinking' && type === 'thinking'
          ? block.thinking
          : '',
    )
    .join('');
}

/**
 * Asks the model. In human mode the reply streams to stdout as it is written; thinking (shown
 * only with --thinking) goes to stderr so a pipe gets the answer alone.
 */
export async function textAction(
  ctx: Context,
  promptArg: string,
  options: TextOptions,
): Promise<CommandResult> {
  const api = options.api ?? 'anthropic';
  if (!(TEXT_APIS as readonly string[]).includes(api))
    throw new UsageError(`--api must be one of ${TEXT_APIS.join(', ')} (got ${JSON.stringify(api)}).`);
  await checkOutput(ctx, options.output, { text: true });
  const prompt = await requireTextArg(promptArg, ctx.io, 'the prompt');
  const system = await optionalTextArg(options.system, ctx.io, '--system');
  options = { ...options, system };
  if (api === 'openai') return chatAction(ctx, prompt, options);
  if (api === 'responses') return responsesAction(ctx, prompt, options);
  const budget = options.thinking === true ? DEFAULT_THINKING_BUDGET : options.thinking || undefined;
  // The API wants max_tokens above the thinking budget; leave room for the answer too.
  const maxTokens = options.maxTokens ?? (budget ? budget + 2048 : 2048);
  const params = {
    model: options.model ?? DEFAULT_TEXT_MODEL,
    max_tokens: maxTokens,
    messages: [{ role: 'user' as const, content: prompt }],
    ...(options.system ? { system: options.system } : {}),
    temperature: options.temperature,
    ...(budget ? { thinking: { type: 'enabled' as const, budget_tokens: budget } } : {}),
  };
  const client = ctx.client();
  const out = ctx.out;
  const showThinking = budget !== undefined && out.enabled;
  let message: Message;
  let streamed = false;
  if (options.stream !== false && !out.json) {
    const stream = client.text.createStream(params, ctx.call);
    let endsWithNewline = true;
    let thinkingOpen = false;
    for await (const event of stream) {
      if (event.type !== 'content_block_delta') continue;
      const delta = event.delta;
      if (delta.type === 'text_delta') {
        if (thinkingOpen) {
          ctx.io.stderr.write('\n');
          thinkingOpen = false;
        }
        await out.writeStdout(delta.text);
        if (delta.text) endsWithNewline = delta.text.endsWith('\n');
        streamed = true;
      } else if (delta.type === 'thinking_delta' && showThinking) {
        ctx.io.stderr.write(out.errPaint('dim', delta.thinking));
        thinkingOpen = true;
      }
    }
    if (thinkingOpen) ctx.io.stderr.write('\n');
    if (streamed && !endsWithNewline) await out.writeStdout('\n');
    message = await stream.finalMessage();
  } else {
    message = await client.text.create(params, ctx.call);
  }
  const text = textOf(message, 'text');
  const thinking = textOf(message, 'thinking');
  const files = await saveText(ctx, options.output, text);
  const human: string[] = [];
  if (!streamed) {
    if (showThinking && thinking) ctx.io.stderr.write(`${out.errPaint('dim', thinking)}\n`);
    human.push(text);
  }
  return {
    json: {
      ...message,
      text,
      ...(thinking ? { thinking } : {}),
      ...(files[0] ? { file: files[0].path } : {}),
    },
    human,
    quiet: streamed ? [] : [text],
    files,
  };
}

function chatText(completion: ChatCompletion): { text: string; thinking: string } {
  const message = completion.choices[0]?.message;
  const thinking = (message?.reasoning_details ?? []).map((d) => d.text).join('');
  return { text: message?.content ?? '', thinking };
}

/**
 * The same ask through the OpenAI-compatible Chat Completions endpoint. The reasoning is asked
 * for apart (`reasoning_split`), so the answer carries no `<think>` tags; --thinking shows it on
 * stderr, as on the Anthropic path.
 */
async function chatAction(ctx: Context, prompt: string, options: TextOptions): Promise<CommandResult> {
  const messages = [
    ...(options.system ? [{ role: 'system' as const, content: options.system }] : []),
    { role: 'user' as const, content: prompt },
  ];
  const params = {
    model: options.model ?? DEFAULT_TEXT_MODEL,
    messages,
    max_completion_tokens: options.maxTokens ?? 2048,
    temperature: options.temperature,
    reasoning_split: true,
  };
  const client = ctx.client();
  const out = ctx.out;
  const showThinking = options.thinking !== undefined && options.thinking !== false && out.enabled;
  let completion: ChatCompletion;
  let streamed = false;
  if (options.stream !== false && !out.json) {
    const stream = client.chat.createStream({ ...params, stream_options: { include_usage: true } }, ctx.call);
    let endsWithNewline = true;
    for await (const piece of stream.textStream) {
      await out.writeStdout(piece);
      endsWithNewline = piece.endsWith('\n');
      streamed = true;
    }
    if (streamed && !endsWithNewline) await out.writeStdout('\n');
    completion = await stream.finalCompletion();
  } else {
    completion = await client.chat.create(params, ctx.call);
  }
  const { text, thinking } = chatText(completion);
  if (showThinking && thinking) ctx.io.stderr.write(`${out.errPaint('dim', thinking)}\n`);
  const files = await saveText(ctx, options.output, text);
  return {
    json: {
      ...completion,
      text,
      ...(thinking ? { thinking } : {}),
      ...(files[0] ? { file: files[0].path } : {}),
    },
    human: streamed ? [] : [text],
    quiet: streamed ? [] : [text],
    files,
  };
}

/** The reasoning of a response: the text of its reasoning items (summary, else content). */
function responseThinking(response: ModelResponse): string {
  let thinking = '';
  for (const item of response.output) {
    if (item.type !== 'reasoning') continue;
    const parts = item.summary.length > 0 ? item.summary : (item.content ?? []);
    for (const part of parts) thinking += part.text;
  }
  return thinking;
}

/**
 * The same ask through the OpenAI-compatible Responses endpoint: `--system` becomes
 * `instructions`, the answer is `output_text`, and --thinking shows the reasoning items on stderr.
 */
async function responsesAction(ctx: Context, prompt: string, options: TextOptions): Promise<CommandResult> {
  const params = {
    model: options.model ?? DEFAULT_TEXT_MODEL,
    input: prompt,
    max_output_tokens: options.maxTokens ?? 2048,
    temperature: options.temperature,
    ...(options.system ? { instructions: options.system } : {}),
  };
  const client = ctx.client();
  const out = ctx.out;
  const showThinking = options.thinking !== undefined && options.thinking !== false && out.enabled;
  let response: ModelResponse;
  let streamed = false;
  if (options.stream !== false && !out.json) {
    const stream = client.responses.createStream(params, ctx.call);
    let endsWithNewline = true;
    for await (const piece of stream.textStream) {
      await out.writeStdout(piece);
      endsWithNewline = piece.endsWith('\n');
      streamed = true;
    }
    if (streamed && !endsWithNewline) await out.writeStdout('\n');
    response = await stream.finalResponse();
  } else {
    response = await client.responses.create(params, ctx.call);
  }
  const text = response.output_text;
  const thinking = responseThinking(response);
  if (showThinking && thinking) ctx.io.stderr.write(`${out.errPaint('dim', thinking)}\n`);
  const files = await saveText(ctx, options.output, text);
  return {
    json: {
      ...response,
      text,
      ...(thinking ? { thinking } : {}),
      ...(files[0] ? { file: files[0].path } : {}),
    },
    human: streamed ? [] : [text],
    quiet: streamed ? [] : [text],
    files,
  };
}

export const registerText: Register = (program, run) => {
  program
    .command('text')
    .description('Chat with a MiniMax text model; the reply streams to stdout')
    .argument('<prompt>', 'what to ask; "-" reads it from stdin, "@file" from a file')
    .option('-m, --model <model>', `model name`, DEFAULT_TEXT_MODEL)
    .option('-s, --system <text>', 'system prompt (text, @file or -)')
    .option('--max-tokens <n>', 'most tokens to generate (default 2048, plus the thinking budget)', intArg)
    .option('--thinking [budget]', `show the model's reasoning (on stderr); optional token budget`, intArg)
    .option(
      '-t, --temperature <x>',
      'sampling temperature, above 0 up to 1',
      rangeArg(0, 1, { aboveMin: true }),
    )
    .option('--no-stream', 'wait for the whole reply instead of streaming it')
    .option('-o, --output <file>', 'also save the reply to a file')
    .option('--api <format>', `wire format: ${TEXT_APIS.join(', ')}`, 'anthropic')
    .addHelpText(
      'after',
      example([
        'minimax text "Write a haiku about the sea"',
        'echo "Summarise: $(cat notes.md)" | minimax text - --max-tokens 500',
        'minimax text "Why is the sky blue?" --thinking --system "Answer briefly"',
        'minimax text "Hello" --api openai --json',
        'minimax text "Hello" --api responses --system "Answer in French"',
      ]),
    )
    .action((prompt: string, options: TextOptions, command: Command) =>
      run(command, (ctx) => textAction(ctx, prompt, options)),
    );
};
