import type { Command } from 'commander';
import { CliError, UsageError } from '../config.js';
import type { Context } from '../context.js';
import { requireTextArg, saveResult } from '../fsio.js';
import { imageType, pngSize } from '../media.js';
import type { CommandResult, WrittenFile } from '../output.js';
import { checkOutput, example, intArg, type Register, rangeArg } from './shared.js';

export const DEFAULT_IMAGE_MODEL = 'image-01';

export interface ImageOptions {
  output: string;
  model?: string;
  n?: number;
  aspectRatio?: string;
  width?: number;
  height?: number;
  seed?: number;
  subject?: string;
  promptOptimizer?: boolean;
  prefix?: string;
}

/** Generates images and writes each one into the output folder; prints their paths. */
export async function imageAction(
  ctx: Context,
  prompt: string,
  options: ImageOptions,
): Promise<CommandResult> {
  if ((options.width === undefined) !== (options.height === undefined)) {
    throw new UsageError('--width and --height go together.');
  }
  await checkOutput(ctx, options.output, { folder: true });
  prompt = await requireTextArg(prompt, ctx.io, 'the prompt');
  const subject = options.subject ? [{ type: 'character' as const, image_file: options.subject }] : undefined;
  const result = await ctx.out.during('generating image', () =>
    ctx.client().image.generate(
      {
        prompt,
        model: options.model ?? DEFAULT_IMAGE_MODEL,
        // Inline images need no second download and cannot expire before we save them.
        response_format: 'base64',
        n: options.n ?? 1,
        ...(options.aspectRatio ? { aspect_ratio: options.aspectRatio } : {}),
        width: options.width,
        height: options.height,
        seed: options.seed,
        ...(options.promptOptimizer ? { prompt_optimizer: true } : {}),
        subject_reference: subject,
      },
      ctx.call,
    ),
  );
  // Base64 is asked for, but a URL answer is downloaded (without the key) just the same.
  const images = await result.images();
  if (images.length === 0) throw new CliError('The API returned no images.');
  const prefix = options.prefix ?? `image-${safeId(result.id)}`;
  const files: WrittenFile[] = [];
  const sizes: string[] = [];
  for (const [i, bytes] of images.entries()) {
    const name = `${prefix}-${i + 1}.${imageType(bytes).ext}`;
    files.push(await saveResult(`${options.output}/${name}`, bytes, ctx.out, { signal: ctx.signal }));
    const size = pngSize(bytes);
    sizes.push(size ? `${size.width}×${size.height}` : '');
  }
  const human = files.map(
    (file, i) => `${ctx.out.savedLine(file)}${sizes[i] ? ` ${ctx.out.paint('dim', sizes[i] ?? '')}` : ''}`,
  );
  if (result.failed_count)
    human.push(
      ctx.out.paint('yellow', `${result.failed_count} image(s) failed (e.g. blocked by moderation).`),
    );
  return {
    json: {
      id: result.id,
      files: files.map((f) => f.path),
      success_count: result.success_count,
      failed_count: result.failed_count,
      trace_id: result.trace_id,
    },
    human,
    quiet: files.map((f) => f.path),
    files,
  };
}

function safeId(id: string | undefined): string {
  const clean = (id ?? '').replace(/[^A-Za-z0-9_-]/g, '');
  return clean ? clean.slice(-12) : Date.now().toString(36);
}

export const registerImage: Register = (program, run) => {
  program
    .command('image')
    .description('Generate images from a prompt and save them into a folder')
    .argument('<prompt>', 'what to draw (or @file, -)')
    .requiredOption('-o, --output <dir>', 'folder for the images (created if missing)')
    .option('-m, --model <model>', 'image model', DEFAULT_IMAGE_MODEL)
    .option('-n, --n <count>', 'how many images, 1 to 9', rangeArg(1, 9, { integer: true }), 1)
    .option('-a, --aspect-ratio <ratio>', '1:1, 16:9, 4:3, 3:2, 2:3, 3:4, 9:16 or 21:9')
    .option(
      '--width <px>',
      'width, 512 to 2048, a multiple of 8 (with --height)',
      rangeArg(512, 2048, { integer: true, multipleOf: 8 }),
    )
    .option(
      '--height <px>',
      'height, 512 to 2048, a multiple of 8 (with --width)',
      rangeArg(512, 2048, { integer: true, multipleOf: 8 }),
    )
    .option('--seed <n>', 'seed for reproducible images', intArg)
    .option('--subject <image>', 'a character to keep: an image file or URL')
    .option('--prompt-optimizer', 'let the API rewrite the prompt')
    .option('--prefix <name>', 'file name prefix (default: image-<id>)')
    .addHelpText(
      'after',
      example([
        'minimax image "A lighthouse at dawn, watercolour" -o images/',
        'minimax image "Portrait in a space suit" --subject me.jpg -n 3 --aspect-ratio 3:4 -o out/',
      ]),
    )
    .action((prompt: string, options: ImageOptions, cmd: Command) =>
      run(cmd, (ctx) => imageAction(ctx, prompt, options)),
    );
};
