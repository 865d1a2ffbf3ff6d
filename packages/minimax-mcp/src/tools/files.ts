/**
 * File storage tools: upload, list, details, download and delete.
 */
import { z } from 'zod';
import { emit } from '../output.js';
import { callOptions, filenameField, json, outputField, type ToolContext } from './shared.js';

/** Registers the file storage tools. */
export function registerFileTools({ tool, settings }: ToolContext): void {
  tool(
    'files_upload',
    'Upload a local file to MiniMax storage (for voice cloning, long-text speech input, …).',
    {
      path: z.string().describe('Path on the machine running this server.'),
      purpose: z.string().describe('voice_clone, prompt_audio, t2a_async_input, …'),
    },
    async (args, extra, client) => [
      json(
        await client.files.upload({ file: args.path, purpose: args.purpose as never }, callOptions(extra)),
      ),
    ],
  );

  tool(
    'files_list',
    'List stored files of one purpose.',
    {
      purpose: z
        .string()
        .describe('voice_clone, prompt_audio, t2a_async, t2a_async_input, video_generation, …'),
    },
    async (args, extra, client) => [
      json(await client.files.list({ purpose: args.purpose as never }, callOptions(extra))),
    ],
    { readOnlyHint: true },
  );

  tool(
    'files_retrieve',
    "A stored file's details, including its download URL.",
    { file_id: z.string() },
    async (args, extra, client) => [
      json(await client.files.retrieve({ file_id: args.file_id }, callOptions(extra))),
    ],
    { readOnlyHint: true },
  );

  tool(
    'files_download',
    "Download a stored file's content (e.g. a finished video or long-text speech).",
    { file_id: z.string(), output: outputField, filename: filenameField },
    async (args, extra, client) => {
      const bytes = await client.files.retrieveContent({ file_id: args.file_id }, callOptions(extra));
      const { content } = await emit([{ bytes, kind: 'file' }], settings, args);
      return [json({ file_id: args.file_id, size: bytes.byteLength }), ...content];
    },
  );

  tool(
    'files_delete',
    'Delete a stored file.',
    { file_id: z.string(), purpose: z.string() },
    async (args, extra, client) => {
      await client.files.delete(
        { file_id: args.file_id, purpose: args.purpose as never },
        callOptions(extra),
      );
      return [json({ deleted: args.file_id })];
    },
    { destructiveHint: true },
  );
}
