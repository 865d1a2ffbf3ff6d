/** The commander program: global flags, every command, and how an action's result is printed. */
import { Command, InvalidArgumentError, Option } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { registerCallback } from './commands/callback.js';
import { registerCompletion } from './commands/completion.js';
import { registerConfig } from './commands/config.js';
import { registerFiles } from './commands/files.js';
import { registerImage } from './commands/image.js';
import { registerMock } from './commands/mock.js';
import { registerModels } from './commands/models.js';
import { registerMusic } from './commands/music.js';
import { registerPlan } from './commands/plan.js';
import { example, intArg, type Runner } from './commands/shared.js';
import { registerSpeech } from './commands/speech.js';
import { registerText } from './commands/text.js';
import { registerTranscribe } from './commands/transcribe.js';
import { registerVideo } from './commands/video.js';
import { registerVoices } from './commands/voices.js';
import { type GlobalOptions, parseDurationMs, UsageError } from './config.js';
import { Context } from './context.js';
import { registerDemo } from './demo.js';
import type { CliIO } from './output.js';

/** What a run leaves behind for run.ts: the context (for error printing) and the exit code. */
export interface RunState {
  ctx: Context | undefined;
  exitCode: number;
}

function durationArg(value: string): number {
  try {
    return parseDurationMs(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

const GLOBAL_KEYS = [
  'apiKey',
  'baseUrl',
  'region',
  'json',
  'quiet',
  'timeout',
  'maxRetries',
  'pollInterval',
  'pollTimeout',
  'debug',
  'verbose',
  'dryRun',
  'profile',
] as const;

function globalsOf(command: Command): GlobalOptions {
  // Commands have their own options too (--model, --output…); keep only the global ones.
  const all = command.optsWithGlobals() as Record<string, unknown>;
  return Object.fromEntries(GLOBAL_KEYS.map((key) => [key, all[key]])) as GlobalOptions;
}

export function buildProgram(io: CliIO, state: RunState): Command {
  const program = new Command('minimax');
  program
    .description(
      "MiniMax from the terminal: text, speech, voices, images, video and music (MiniMax's multimodal API)",
    )
    .version(pkg.version, '-V, --version')
    .addOption(new Option('--api-key <key>', 'API key (default: $MINIMAX_API_KEY)'))
    .addOption(
      new Option('--base-url <url>', 'API base URL (default: $MINIMAX_BASE_URL, else the region host)'),
    )
    .addOption(
      new Option(
        '--region <region>',
        "global = https://api.minimax.io, cn = https://api.minimax.cn, auto = the key's own (default: $MINIMAX_REGION)",
      ).choices(['global', 'cn', 'auto']),
    )
    .option(
      '--profile <name>',
      'take defaults from this config profile (default: $MINIMAX_PROFILE, else "default")',
    )
    .option('--json', 'machine output: exactly one JSON document on stdout')
    .option('-q, --quiet', 'print only the result (paths, ids, text): no progress or notes')
    .option(
      '--timeout <seconds>',
      'per-request timeout in SECONDS (or with a unit: 500ms, 30s, 2m); default 600',
      durationArg,
    )
    .option('--max-retries <n>', 'retries for failed requests (default 2)', intArg)
    .option(
      '--poll-interval <seconds>',
      'how often to check a video or long-text task (default 5)',
      durationArg,
    )
    .option(
      '--poll-timeout <seconds>',
      'how long to wait for such a task, e.g. 30m (default 10m)',
      durationArg,
    )
    .option('--verbose', 'log every request (method, path, status, time) to stderr')
    .option('--debug', 'like --verbose, and show stack traces')
    .option(
      '--dry-run',
      'print the first request (the key redacted) instead of sending it: nothing is billed',
    )
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .addHelpText(
      'after',
      `${example([
        'minimax text "Write a haiku about the sea"',
        'minimax speech "Hello!" -o hello.mp3',
        'minimax image "A lighthouse at dawn" -o images/',
        'minimax demo            # every capability, offline, no key',
      ])}
Text arguments (prompts, the text to speak, --lyrics, --preview, --system…):
  "-" reads stdin, "@file" reads a file, "@@x" is the text "@x"; blank text is refused.

Environment:
  MINIMAX_API_KEY     your API key (https://platform.minimax.io; China: https://platform.minimaxi.com)
  MINIMAX_BASE_URL    API host, e.g. the URL printed by \`minimax mock\`
  MINIMAX_REGION      global, cn or auto (when no --base-url / MINIMAX_BASE_URL is given)
  MINIMAX_PROFILE     the config profile to use (see \`minimax config\`)
  MINIMAX_CONFIG_FILE the config file (default: ~/.config/minimax/config.json)
  NO_COLOR            disable colours

Exit status: 0 success, 1 error, 2 usage error, 130 interrupted (Ctrl-C).
`,
    );

  const run: Runner = async (command, action) => {
    const ctx = new Context(io, globalsOf(command));
    state.ctx = ctx;
    if (ctx.options.json && ctx.options.quiet)
      throw new UsageError('--json and --quiet do not mix: pick one.');
    if (ctx.options.verbose && ctx.options.quiet)
      throw new UsageError('--verbose and --quiet do not mix: pick one.');
    const result = await action(ctx);
    if (!result.printed) ctx.out.result(result);
    state.exitCode = result.exitCode ?? 0;
  };

  for (const register of [
    registerText,
    registerModels,
    registerPlan,
    registerSpeech,
    registerTranscribe,
    registerVoices,
    registerImage,
    registerVideo,
    registerMusic,
    registerFiles,
    registerConfig,
    registerCallback,
    registerMock,
    registerDemo,
    registerCompletion,
  ]) {
    register(program, run);
  }
  return program;
}
