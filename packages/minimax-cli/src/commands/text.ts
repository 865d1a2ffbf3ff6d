import type { Command } from 'commander';
import type { ChatCompletion, Message, MessageStream, ModelResponse } from 'minimax-sdk';
import { UsageError } from '../config.js';
import type { Context } from '../context.js';
import { fileDurationMs, optionalTextArg, requireTextArg, writeOutput } from '../fsio.js';
import type { CommandResult, WrittenFile } from '../output.js';
import { checkOutput, example, formatFromPath, intArg, type Register, rangeArg, saveText } from './shared.js';
import { DEFAULT_SPEECH_MODEL, DEFAULT_VOICE } from './speech.js';

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
  /** Speak the reply as it streams; `output` is then the audio file. */
  speak?: boolean;
  /** Voice of `--speak`. */
  voice?: string;
}

/** Where `--speak` saves the audio without `-o`. */
export const DEFAULT_SPOKEN_FILE = 'reply.mp3';

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
  if (options.speak) {
    if (options.stream === false)
      throw new UsageError('--speak speaks the reply as it streams: drop --no-stream.');
    if (spokenFile(options) === '-')
      throw new UsageError('--speak prints the reply on stdout: give the audio a file with -o.');
  }
  await checkOutput(ctx, options.speak ? spokenFile(options) : options.output, { text: !options.speak });
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
  const showThinking = budget !== undefined && ctx.out.enabled;
  return runAsk(ctx, options, showThinking, {
    stream: () => {
      const stream = client.text.createStream(params, ctx.call);
      const printed = printMessage(ctx, stream, showThinking && !ctx.out.json, !ctx.out.json);
      // The stream shows the thinking live, on stderr.
      return {
        texts: printed.texts,
        state: printed.state,
        thinkingShown: true,
        final: () => stream.finalMessage(),
      };
    },
    once: () => client.text.create(params, ctx.call),
    read: (message) => ({ text: textOf(message, 'text'), thinking: textOf(message, 'thinking') }),
  });
}

/** One ask of a model, whichever endpoint answers it. */
interface Ask<R> {
  /** The reply as it streams: its texts (printed as they pass) and the whole reply at the end. */
  stream(): {
    texts: AsyncIterable<string>;
    state: { printed: boolean };
    /** Whether the stream itself shows the thinking as it comes. */
    thinkingShown: boolean;
    final(): Promise<R>;
  };
  /** The reply in one answer (--no-stream, --json). */
  once(): Promise<R>;
  read(reply: R): { text: string; thinking: string };
}

/**
 * Runs an ask the same way on every endpoint: streamed to stdout as it is written (or spoken with
 * --speak), or in one answer for --no-stream and --json; thinking, when asked for, on stderr; the
 * text saved to `-o`.
 */
async function runAsk<R extends object>(
  ctx: Context,
  options: TextOptions,
  showThinking: boolean,
  ask: Ask<R>,
): Promise<CommandResult> {
  let reply: R;
  let streamed = false;
  let thinkingShown = false;
  let spoken: WrittenFile | undefined;
  if (options.speak || (options.stream !== false && !ctx.out.json)) {
    const stream = ask.stream();
    if (options.speak) spoken = await speakReply(ctx, stream.texts, options);
    else
      for await (const _piece of stream.texts) {
        // Each piece is printed as it passes.
      }
    streamed = stream.state.printed;
    thinkingShown = streamed && stream.thinkingShown;
    reply = await stream.final();
  } else {
    reply = await ask.once();
  }
  const { text, thinking } = ask.read(reply);
  if (showThinking && thinking && !thinkingShown)
    ctx.io.stderr.write(`${ctx.out.errPaint('dim', thinking)}\n`);
  const files = spoken ? [spoken] : await saveText(ctx, options.output, text);
  return {
    json: {
      ...reply,
      text,
      ...(thinking ? { thinking } : {}),
      ...fileFields(spoken, files),
    },
    human: streamed ? [] : [text],
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
  return runAsk(ctx, options, thinkingAsked(ctx, options), {
    stream: () => {
      const stream = client.chat.createStream(
        { ...params, stream_options: { include_usage: true } },
        ctx.call,
      );
      const state = { printed: false };
      const texts = printTexts(ctx, stream.textStream, state, !ctx.out.json);
      return { texts, state, thinkingShown: false, final: () => stream.finalCompletion() };
    },
    once: () => client.chat.create(params, ctx.call),
    read: chatText,
  });
}

/** --thinking on the OpenAI-compatible endpoints, which think whether asked or not. */
function thinkingAsked(ctx: Context, options: TextOptions): boolean {
  return options.thinking !== undefined && options.thinking !== false && ctx.out.enabled;
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
  return runAsk(ctx, options, thinkingAsked(ctx, options), {
    stream: () => {
      const stream = client.responses.createStream(params, ctx.call);
      const state = { printed: false };
      const texts = printTexts(ctx, stream.textStream, state, !ctx.out.json);
      return { texts, state, thinkingShown: false, final: () => stream.finalResponse() };
    },
    once: () => client.responses.create(params, ctx.call),
    read: (response) => ({ text: response.output_text, thinking: responseThinking(response) }),
  });
}

function spokenFile(options: TextOptions): string {
  return options.output ?? DEFAULT_SPOKEN_FILE;
}

/**
 * `--speak`: the reply's text, as it streams, spoken over the bidirectional socket into the audio
 * file (each sentence as soon as the model has finished it). Resolves once the audio is saved.
 */
async function speakReply(
  ctx: Context,
  texts: AsyncIterable<string>,
  options: TextOptions,
): Promise<WrittenFile> {
  const target = spokenFile(options);
  const audio = ctx.client().speech.streamText(
    texts,
    {
      model: DEFAULT_SPEECH_MODEL,
      voice_setting: { voice_id: options.voice ?? DEFAULT_VOICE },
      audio_setting: { format: formatFromPath(target) ?? 'mp3' },
    },
    ctx.call,
  );
  const file: WrittenFile = await writeOutput(target, audio, ctx.out, ctx.signal);
  file.duration_ms = await fileDurationMs(file.path);
  ctx.out.note(ctx.out.savedLine(file));
  return file;
}

/** The JSON fields naming what was written: the spoken audio, else the saved reply. */
function fileFields(spoken: WrittenFile | undefined, files: WrittenFile[]): Record<string, unknown> {
  if (spoken)
    return { audio: { file: spoken.path, bytes: spoken.bytes, duration_ms: spoken.duration_ms ?? null } };
  return files[0] ? { file: files[0].path } : {};
}

/** Text pieces printed to stdout as they pass (when `print`), ending the output with a newline. */
async function* printTexts(
  ctx: Context,
  pieces: AsyncIterable<string>,
  state: { printed: boolean },
  print: boolean,
): AsyncGenerator<string> {
  let endsWithNewline = true;
  for await (const piece of pieces) {
    if (print) {
      await ctx.out.writeStdout(piece);
      if (piece) endsWithNewline = piece.endsWith('\n');
      state.printed = true;
    }
    yield piece;
  }
  if (state.printed && !endsWithNewline) await ctx.out.writeStdout('\n');
}

/**
 * A message stream's text deltas, printed as they pass (when `print`; thinking to stderr when
 * `showThinking`); `state.printed` says whether any text was printed.
 */
function printMessage(
  ctx: Context,
  stream: MessageStream,
  showThinking: boolean,
  print: boolean,
): { texts: AsyncGenerator<string>; state: { printed: boolean } } {
  const state = { printed: false };
  const out = ctx.out;
  let thinkingOpen = false;
  async function* deltas(): AsyncGenerator<string> {
    for await (const event of stream) {
      if (event.type !== 'content_block_delta') continue;
      const delta = event.delta;
      if (delta.type === 'text_delta') {
        if (thinkingOpen) {
          ctx.io.stderr.write('\n');
          thinkingOpen = false;
        }
        yield delta.text;
      } else if (delta.type === 'thinking_delta' && showThinking) {
        ctx.io.stderr.write(out.errPaint('dim', delta.thinking));
        thinkingOpen = true;
      }
    }
    if (thinkingOpen) ctx.io.stderr.write('\n');
  }
  return { texts: printTexts(ctx, deltas(), state, print), state };
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
    .option(
      '-o, --output <file>',
      `also save the reply to a file (with --speak: the audio, default ${DEFAULT_SPOKEN_FILE})`,
    )
    .option('--speak', 'speak the reply as it streams (text printed as it comes, audio saved to -o)')
    .option('--voice <voice_id>', `voice of --speak (default ${DEFAULT_VOICE})`)
    .option('--api <format>', `wire format: ${TEXT_APIS.join(', ')}`, 'anthropic')
    .addHelpText(
      'after',
      example([
        'minimax text "Write a haiku about the sea"',
        'echo "Summarise: $(cat notes.md)" | minimax text - --max-tokens 500',
        'minimax text "Why is the sky blue?" --thinking --system "Answer briefly"',
        'minimax text "Hello" --api openai --json',
        'minimax text "Hello" --api responses --system "Answer in French"',
        'minimax text "Tell me a short story" --speak -o story.mp3',
      ]),
    )
    .action((prompt: string, options: TextOptions, command: Command) =>
      run(command, (ctx) => textAction(ctx, prompt, options)),
    );
};
