import { lstat } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Command, Option } from 'commander';
import { type FileInfo, InvalidParameterError, UPLOAD_PURPOSES, type UploadPurpose } from 'minimax-sdk';
import { CliError } from '../config.js';
import type { Context } from '../context.js';
import { saveResult } from '../fsio.js';
import { type CommandResult, formatBytes, formatTable } from '../output.js';
import { checkOutput, checkStdoutTarget, example, fileResult, type Register } from './shared.js';

/** What `files list` shows without --purpose: what you upload, and what tasks produce. */
const LIST_PURPOSES = [...UPLOAD_PURPOSES, 't2a_async', 'video_generation'] as const;

function when(seconds: number): string {
  return seconds ? new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 16) : '';
}

export async function filesListAction(ctx: Context, options: { purpose?: string }): Promise<CommandResult> {
  const client = ctx.client();
  const purposes = options.purpose ? [options.purpose] : [...LIST_PURPOSES];
  const files: FileInfo[] = [];
  for (const purpose of purposes) {
    try {
      const listed = await client.files.list({ purpose }, ctx.call);
      files.push(...listed.map((f) => ({ ...f, purpose: f.purpose || purpose })));
    } catch (error) {
      // One of the default purposes may be unknown to a deployment; that must not hide the rest.
      if (options.purpose || !(error instanceof InvalidParameterError)) throw error;
      if (ctx.options.debug) ctx.out.warn(`skipped purpose ${purpose}: ${(error as Error).message}`);
    }
  }
  const rows = files.map((f) => [f.file_id, f.purpose, formatBytes(f.bytes), when(f.created_at), f.filename]);
  const human =
    rows.length === 0
      ? ['No files.']
      : [
          formatTable(
            [
              { header: 'FILE ID' },
              { header: 'PURPOSE' },
              { header: 'SIZE', align: 'right' },
              { header: 'CREATED' },
              { header: 'NAME' },
            ],
            rows,
            ctx.out.paint,
          ),
        ];
  return { json: { files }, human, quiet: files.map((f) => f.file_id) };
}

export async function filesUploadAction(
  ctx: Context,
  path: string,
  options: { purpose: string },
): Promise<CommandResult> {
  const info = await ctx
    .client()
    .files.upload({ file: path, purpose: options.purpose as UploadPurpose }, ctx.call);
  return {
    json: info,
    human: [
      `Uploaded ${basename(path)} as file ${ctx.out.paint('bold', info.file_id)} (${info.purpose}, ${formatBytes(info.bytes)})`,
    ],
    quiet: [info.file_id],
  };
}

export async function filesInfoAction(ctx: Context, fileId: string): Promise<CommandResult> {
  const info = await ctx.client().files.retrieve({ file_id: fileId }, ctx.call);
  const human = [
    `${ctx.out.paint('bold', 'file_id')}      ${info.file_id}`,
    `${ctx.out.paint('bold', 'filename')}     ${info.filename}`,
    `${ctx.out.paint('bold', 'purpose')}      ${info.purpose}`,
    `${ctx.out.paint('bold', 'size')}         ${formatBytes(info.bytes)} (${info.bytes} bytes)`,
    `${ctx.out.paint('bold', 'created')}      ${when(info.created_at)}`,
  ];
  if (info.download_url) human.push(`${ctx.out.paint('bold', 'download_url')} ${info.download_url}`);
  return { json: info, human, quiet: [info.download_url ?? info.file_id] };
}

/**
 * The local name for a stored file saved without `-o`: the last part of the name the server holds,
 * never a path. The name is the server's word, so `../x`, `/etc/x` or `C:\x` must not pick the
 * folder; a name with nothing left (`..`, `-`, empty) becomes `file-<id>`.
 */
export function localNameFor(stored: string | undefined, fileId: string): string {
  const last = (stored ?? '').split(/[\\/]/).pop() ?? '';
  // Control characters would make a name the terminal shows differently from the one written.
  const clean = last.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  // `-` would mean stdout to writeOutput.
  return clean === '' || clean === '.' || clean === '..' || clean === '-' ? `file-${fileId}` : clean;
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

export async function filesDownloadAction(
  ctx: Context,
  fileId: string,
  options: { output?: string; force?: boolean },
): Promise<CommandResult> {
  checkStdoutTarget(ctx, options.output);
  const client = ctx.client();
  // Without -o the file keeps its stored name (its base name only), which only `retrieve` knows.
  const target =
    options.output ??
    localNameFor((await client.files.retrieve({ file_id: fileId }, ctx.call)).filename, fileId);
  // A name the server chose must not replace a file of the user's without being asked to.
  const guard = async () => {
    if (options.output === undefined && !options.force && (await exists(target)))
      throw new CliError(`${target} already exists; nothing was overwritten.`, {
        hint: 'Add --force to replace it, or choose the name with -o <file>.',
      });
  };
  await guard();
  await checkOutput(ctx, target);
  const bytes = await client.files.retrieveContent({ file_id: fileId }, ctx.call);
  await guard();
  const file = await saveResult(target, bytes, ctx.out, {
    signal: ctx.signal,
    again: `the file is still stored: minimax files download ${fileId} -o <file>`,
  });
  return fileResult(ctx, file, { file_id: fileId, file: file.path, bytes: file.bytes });
}

export async function filesDeleteAction(
  ctx: Context,
  fileId: string,
  options: { purpose?: string },
): Promise<CommandResult> {
  const client = ctx.client();
  // The API wants the purpose too; look it up rather than make people remember it.
  const purpose = options.purpose ?? (await client.files.retrieve({ file_id: fileId }, ctx.call)).purpose;
  await client.files.delete({ file_id: fileId, purpose }, ctx.call);
  return { json: { deleted: true, file_id: fileId, purpose }, human: [`Deleted file ${fileId}`] };
}

export const registerFiles: Register = (program, run) => {
  const files = program
    .command('files')
    .description('Manage stored files: list, upload, info, download, delete')
    .addHelpText(
      'after',
      example(['minimax files list', 'minimax files upload sample.mp3 --purpose voice_clone']),
    );

  files
    .command('list')
    .description('List stored files')
    .option('--purpose <purpose>', `only this purpose (default: ${LIST_PURPOSES.join(', ')})`)
    .addHelpText('after', example(['minimax files list --purpose voice_clone']))
    .action((options: { purpose?: string }, cmd: Command) =>
      run(cmd, (ctx) => filesListAction(ctx, options)),
    );

  files
    .command('upload')
    .description('Upload a file')
    .argument('<path>', 'the file to upload')
    .addOption(
      new Option('--purpose <purpose>', 'what it is for')
        .choices([...UPLOAD_PURPOSES])
        .default('voice_clone'),
    )
    .addHelpText('after', example(['minimax files upload long-text.txt --purpose t2a_async_input']))
    .action((path: string, options: { purpose: string }, cmd: Command) =>
      run(cmd, (ctx) => filesUploadAction(ctx, path, options)),
    );

  files
    .command('info')
    .description('Show a file, with a temporary download URL')
    .argument('<file_id>')
    .addHelpText('after', example(['minimax files info 205258526306433']))
    .action((fileId: string, _options: unknown, cmd: Command) =>
      run(cmd, (ctx) => filesInfoAction(ctx, fileId)),
    );

  files
    .command('download')
    .description("Download a file's content")
    .argument('<file_id>')
    .option(
      '-o, --output <file>',
      'where to save it ("-" for stdout; default: the base name of its stored name, in this folder)',
    )
    .option('--force', 'without -o: replace a file of that name that is already there')
    .addHelpText(
      'after',
      example([
        'minimax files download 205258526306433 -o sample.mp3',
        'minimax files download 205258526306433 --force',
      ]),
    )
    .action((fileId: string, options: { output?: string; force?: boolean }, cmd: Command) =>
      run(cmd, (ctx) => filesDownloadAction(ctx, fileId, options)),
    );

  files
    .command('delete')
    .description('Delete a file')
    .argument('<file_id>')
    .option('--purpose <purpose>', 'its purpose (default: looked up)')
    .addHelpText('after', example(['minimax files delete 205258526306433']))
    .action((fileId: string, options: { purpose?: string }, cmd: Command) =>
      run(cmd, (ctx) => filesDeleteAction(ctx, fileId, options)),
    );
};
