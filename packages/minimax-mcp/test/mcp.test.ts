import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { MiniMax } from 'minimax-sdk';
import { type MockServer, startMockServer } from 'minimax-sdk/mock';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkFilename,
  createMiniMaxMcpServer,
  readConfig,
  sniffExtension,
  startHttpServer,
} from '../src/index.js';

const KEY = 'test-key';
const PKG = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  bin: Record<string, string>;
};
/** The bin as npm links it: the tests run what `npx minimax-mcp` runs. */
const BIN = fileURLToPath(new URL(`../${PKG.bin['minimax-mcp']}`, import.meta.url));

/** Every tool the server offers; a new tool must be added here and called below. */
const TOOLS = [
  'text_generate',
  'speech_synthesize',
  'speech_long_text',
  'speech_transcribe',
  'voices_list',
  'voice_clone',
  'voice_design',
  'voice_delete',
  'image_generate',
  'video_generate',
  'video_v2_generate',
  'video_template_generate',
  'video_wait',
  'music_generate',
  'lyrics_generate',
  'files_upload',
  'files_list',
  'files_retrieve',
  'files_download',
  'files_delete',
  'account_quota',
  'search_query',
  'vision_describe',
];

let mock: MockServer;
let dir: string;
let sample: string;
let cloneSample: string;

beforeAll(async () => {
  mock = await startMockServer({ apiKey: KEY });
  dir = await mkdtemp(join(tmpdir(), 'minimax-mcp-'));
  // A real audio sample to clone from, made by the mock itself.
  const audio = await new MiniMax({ apiKey: KEY, baseURL: mock.url }).speech.tts({
    text: 'A sample voice for cloning, long enough to count.',
    model: 'speech-2.8-hd',
    voice_setting: { voice_id: 'male-qn-qingse' },
  });
  sample = join(dir, 'sample.mp3');
  await writeFile(sample, audio.data);
  // Cloning needs 10 s to 5 min of audio.
  const long = await new MiniMax({ apiKey: KEY, baseURL: mock.url }).speech.tts({
    text: 'A sample voice for cloning, long enough to count. '.repeat(4),
    model: 'speech-2.8-hd',
    voice_setting: { voice_id: 'male-qn-qingse' },
  });
  cloneSample = join(dir, 'clone-sample.mp3');
  await writeFile(cloneSample, long.data);
});
afterAll(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

const textOf = (result: CallToolResult) =>
  result.content.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('\n');

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  if (result.isError) throw new Error(`${name} failed: ${textOf(result)}`);
  return result;
}

const linkPath = (result: CallToolResult) => {
  const link = result.content.find((c) => c.type === 'resource_link');
  if (link?.type !== 'resource_link') throw new Error('no resource_link');
  return fileURLToPath(link.uri);
};

/** Lists the tools, then calls every one of them and checks what each returned. */
async function exerciseEveryTool(client: Client, outDir: string): Promise<void> {
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name).sort()).toEqual([...TOOLS].sort());
  for (const t of tools) {
    expect(t.description?.length).toBeGreaterThan(10);
    expect(t.inputSchema.type).toBe('object');
  }
  const called = new Set<string>();
  const run = async (name: string, args: Record<string, unknown>) => {
    called.add(name);
    return call(client, name, args);
  };

  expect(textOf(await run('text_generate', { prompt: 'What is 6 * 7?', model: 'MiniMax-M2.7' }))).toContain(
    '6 * 7 = 42',
  );

  const speech = await run('speech_synthesize', { text: 'Hello', voice_id: 'male-qn-qingse', format: 'wav' });
  const speechPath = linkPath(speech);
  expect(speechPath.startsWith(outDir)).toBe(true);
  expect((await readFile(speechPath)).subarray(0, 4).toString()).toBe('RIFF');

  const long = await run('speech_long_text', {
    text: 'A long story. '.repeat(20),
    voice_id: 'male-qn-qingse',
  });
  expect((await stat(linkPath(long))).size).toBeGreaterThan(0);

  // The mock hears exactly what its own TTS spoke (the sample), from a path and from a URL.
  const heard = await run('speech_transcribe', { path: sample, response_format: 'verbose_json' });
  expect(heard.content[0]).toEqual({
    type: 'text',
    text: 'A sample voice for cloning, long enough to count.',
  });
  expect(JSON.parse(textOf(heard).split('\n').slice(1).join('\n'))).toMatchObject({
    language: 'en',
    segments: [
      expect.objectContaining({ start: 0, text: 'A sample voice for cloning, long enough to count.' }),
    ],
  });
  const hosted = await new MiniMax({ apiKey: KEY, baseURL: mock.url }).speech.tts({
    text: 'Served from a URL.',
    model: 'speech-2.8-hd',
    voice_setting: { voice_id: 'male-qn-qingse' },
    output_format: 'url',
  });
  const srt = textOf(await run('speech_transcribe', { url: hosted.url, response_format: 'srt' }));
  expect(srt).toMatch(/^1\n00:00:00,000 --> .*\nServed from a URL\.\n$/s);
  const both = (await client.callTool({
    name: 'speech_transcribe',
    arguments: { path: sample, url: hosted.url },
  })) as CallToolResult;
  expect(both.isError).toBe(true);
  expect(textOf(both)).toContain('exactly one of path or url');

  const voices = JSON.parse(textOf(await run('voices_list', {}))) as { system_voice: unknown[] };
  expect(voices.system_voice.length).toBeGreaterThan(0);

  const cloneId = `Clone${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const clone = JSON.parse(textOf(await run('voice_clone', { audio_file: cloneSample, voice_id: cloneId })));
  expect(clone.voice_id).toBe(cloneId);

  const design = await run('voice_design', { prompt: 'A calm narrator', preview_text: 'Hello there' });
  expect(design.content.some((c) => c.type === 'resource_link')).toBe(true);

  expect(
    JSON.parse(textOf(await run('voice_delete', { voice_id: cloneId, voice_type: 'voice_cloning' }))),
  ).toEqual({
    deleted: cloneId,
  });

  const images = await run('image_generate', { prompt: 'A lighthouse', n: 2, aspect_ratio: '16:9', seed: 3 });
  const links = images.content.filter((c) => c.type === 'resource_link');
  expect(links).toHaveLength(2);

  const video = await run('video_generate', { prompt: 'Waves at dusk' });
  const meta = JSON.parse(textOf(video)) as { task_id: string; file_id: string };
  expect(sniffExtension(await readFile(linkPath(video)))).toBe('mp4');

  const resumed = await run('video_wait', { task_id: meta.task_id, output: 'resource' });
  const embedded = resumed.content.find((c) => c.type === 'resource');
  expect(embedded?.type === 'resource' && embedded.resource.mimeType).toBe('video/mp4');

  // V2 from a local first frame (inlined by the SDK); the file is written in the output folder.
  const frame = join(outDir, 'frame.png');
  await writeFile(frame, PNG.sync.write(new PNG({ width: 320, height: 320 })));
  const v2 = await run('video_v2_generate', {
    prompt: 'The lighthouse beam sweeps the fog',
    first_frame: frame,
    duration: 6,
  });
  const v2Meta = JSON.parse(textOf(v2)) as { task_id: string; status: string; model: string };
  expect(v2Meta).toMatchObject({ status: 'succeeded', model: 'MiniMax-H3' });
  const v2Path = linkPath(v2);
  expect(v2Path.startsWith(outDir)).toBe(true);
  expect(sniffExtension(await readFile(v2Path))).toBe('mp4');
  const v2Again = await run('video_wait', { task_id: v2Meta.task_id, api: 'v2', output: 'resource' });
  const v2Embedded = v2Again.content.find((c) => c.type === 'resource');
  expect(v2Embedded?.type === 'resource' && v2Embedded.resource.mimeType).toBe('video/mp4');
  const mixed = (await client.callTool({
    name: 'video_v2_generate',
    arguments: { prompt: 'x', first_frame: frame, reference_images: [frame] },
  })) as CallToolResult;
  expect(mixed.isError).toBe(true);
  expect(textOf(mixed)).toMatch(/InvalidParameterError: .*mix/);

  const template = await run('video_template_generate', {
    template_id: '393769180141805569',
    media_inputs: [frame],
    text_inputs: ['Run for Life'],
  });
  const templateMeta = JSON.parse(textOf(template)) as { task_id: string; status: string };
  expect(templateMeta.status).toBe('Success');
  expect(sniffExtension(await readFile(linkPath(template)))).toBe('mp4');
  const templateAgain = await run('video_wait', { task_id: templateMeta.task_id, api: 'template' });
  expect(sniffExtension(await readFile(linkPath(templateAgain)))).toBe('mp4');
  const templateBody = mock.requests.findLast((r) => r.path === '/v1/video_template_generation')?.body as {
    media_inputs: { value: string }[];
    text_inputs: { value: string }[];
  };
  expect(templateBody.media_inputs[0]?.value).toMatch(/^data:image\/png;base64,/);
  expect(templateBody.text_inputs).toEqual([{ value: 'Run for Life' }]);

  const music = await run('music_generate', { prompt: 'Calm piano', lyrics: '[Verse]\nLa la la' });
  expect(sniffExtension(await readFile(linkPath(music)))).toBe('mp3');

  const lyrics = JSON.parse(textOf(await run('lyrics_generate', { prompt: 'A song about the sea' })));
  expect(lyrics.lyrics).toEqual(expect.any(String));

  const textFile = join(outDir, 'input.txt');
  await writeFile(textFile, 'Text for long speech.');
  const uploaded = JSON.parse(
    textOf(await run('files_upload', { path: textFile, purpose: 't2a_async_input' })),
  );
  expect(uploaded.file_id).toEqual(expect.any(String));
  const listed = JSON.parse(textOf(await run('files_list', { purpose: 't2a_async_input' }))) as Array<{
    file_id: string;
  }>;
  expect(listed.map((f) => f.file_id)).toContain(uploaded.file_id);
  expect(JSON.parse(textOf(await run('files_retrieve', { file_id: uploaded.file_id }))).file_id).toBe(
    uploaded.file_id,
  );
  const downloaded = await run('files_download', { file_id: uploaded.file_id, filename: 'copy.txt' });
  expect(await readFile(linkPath(downloaded), 'utf8')).toBe('Text for long speech.');
  await run('files_delete', { file_id: uploaded.file_id, purpose: 't2a_async_input' });

  const quota = JSON.parse(textOf(await run('account_quota', {}))) as {
    model_remains: { model_name: string }[];
  };
  expect(quota.model_remains.map((l) => l.model_name)).toContain('MiniMax-M*');
  const found = JSON.parse(textOf(await run('search_query', { q: 'tide tables' }))) as {
    organic: { title: string; link: string }[];
  };
  expect(found.organic.length).toBeGreaterThan(0);
  expect(found.organic[0]!.title).toContain('tide tables');
  // The image made above goes in by path and comes back described by its real size.
  const seen = await run('vision_describe', { prompt: 'What is it?', image: linkPath(images) });
  expect(textOf(seen)).toContain('1280×720 PNG');

  expect([...called].sort()).toEqual([...TOOLS].sort());
}

describe('MCP over Streamable HTTP', () => {
  it('lists and calls every tool', async () => {
    const outDir = join(dir, 'http');
    const http = await startHttpServer({
      port: 0,
      outputDir: outDir,
      clientOptions: { apiKey: KEY, baseURL: mock.url, pollInterval: 10 },
    });
    const client = new Client({ name: 'test', version: '1.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
      await exerciseEveryTool(client, outDir);
    } finally {
      await client.close();
      await http.close();
    }
  });

  it('a long video task reports progress after every poll; a cancelled call stops polling', async () => {
    const slow = await startMockServer({ apiKey: KEY, taskSchedule: { pollsPerStage: 3 } });
    const http = await startHttpServer({
      port: 0,
      outputDir: join(dir, 'progress'),
      clientOptions: { apiKey: KEY, baseURL: slow.url, pollInterval: 10 },
    });
    const client = new Client({ name: 'test', version: '1.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
      const progress: Array<{ progress: number; message?: string | undefined }> = [];
      const done = (await client.callTool(
        { name: 'video_generate', arguments: { prompt: 'Slow clouds' } },
        undefined,
        {
          onprogress: (p) => progress.push(p),
          timeout: 15_000,
        },
      )) as CallToolResult;
      expect(done.isError).toBeFalsy();
      // Three polls in each of Preparing, Queueing and Processing, then Success.
      expect(progress.length).toBeGreaterThanOrEqual(9);
      expect(progress.map((p) => p.progress)).toEqual(progress.map((_, i) => i + 1));
      expect(progress[0]?.message).toMatch(/Preparing/);
      expect(progress.at(-1)?.message).toMatch(/Success/);

      const polls = () => slow.requests.filter((r) => r.path === '/v1/query/video_generation').length;
      const controller = new AbortController();
      let seen = 0;
      const cancelled = client
        .callTool({ name: 'video_generate', arguments: { prompt: 'Never finished' } }, undefined, {
          signal: controller.signal,
          onprogress: () => {
            seen += 1;
            if (seen === 2) controller.abort(new Error('user cancelled'));
          },
        })
        .catch((e: unknown) => e);
      expect(String(await cancelled)).toMatch(/cancelled/);
      const atCancel = polls();
      await new Promise((r) => setTimeout(r, 200));
      // The server's wait ended with the cancellation: at most the poll in flight finished.
      expect(polls() - atCancel).toBeLessThanOrEqual(1);
    } finally {
      await client.close();
      await http.close();
      await slow.close();
    }
  });
  it('V2 and template tasks report progress after every poll, each with its own statuses', async () => {
    const slow = await startMockServer({ apiKey: KEY, taskSchedule: { pollsPerStage: 2 } });
    const outputDir = join(dir, 'progress-v2');
    const http = await startHttpServer({
      port: 0,
      outputDir,
      clientOptions: { apiKey: KEY, baseURL: slow.url, pollInterval: 10 },
    });
    const client = new Client({ name: 'test', version: '1.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
      const watch = async (name: string, args: Record<string, unknown>) => {
        const progress: Array<{ progress: number; message?: string | undefined }> = [];
        const done = (await client.callTool({ name, arguments: args }, undefined, {
          onprogress: (p) => progress.push(p),
          timeout: 15_000,
        })) as CallToolResult;
        expect(done.isError, textOf(done)).toBeFalsy();
        expect(progress.map((p) => p.progress)).toEqual(progress.map((_, i) => i + 1));
        expect(linkPath(done).startsWith(outputDir)).toBe(true);
        return progress.map((p) => p.message ?? '');
      };
      // Two polls in each stage before the last: queued, running, then succeeded.
      const v2 = await watch('video_v2_generate', { prompt: 'Slow tide', ratio: '16:9' });
      expect(v2).toHaveLength(5);
      expect(v2[0]).toMatch(/^task vid_\d+: queued/);
      expect(v2[2]).toMatch(/running/);
      expect(v2.at(-1)).toMatch(/succeeded/);
      const template = await watch('video_template_generate', {
        template_id: '392747428568649728',
        media_inputs: ['https://example.com/me.jpg'],
      });
      expect(template).toHaveLength(7);
      expect(template[0]).toMatch(/^task \d+: Preparing/);
      expect(template.at(-1)).toMatch(/Success/);
      // No temp files left next to the outputs.
      expect((await readdir(outputDir)).every((f) => f.endsWith('.mp4'))).toBe(true);
    } finally {
      await client.close();
      await http.close();
      await slow.close();
    }
  });

  it('on loopback, a request naming another host is refused (DNS rebinding)', async () => {
    const http = await startHttpServer({ port: 0, clientOptions: { apiKey: KEY, baseURL: mock.url } });
    try {
      const init = {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
      };
      const send = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const url = new URL(http.url);
          const req = request(
            {
              host: url.hostname,
              port: url.port,
              path: url.pathname,
              method: 'POST',
              headers: {
                host,
                'content-type': 'application/json',
                accept: 'application/json, text/event-stream',
              },
            },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on('error', reject);
          req.end(JSON.stringify(init));
        });
      expect(await send('evil.example:80')).toBe(403);
      expect(await send(new URL(http.url).host)).toBe(200);
    } finally {
      await http.close();
    }
  });
});

describe('MCP over stdio', () => {
  it('the minimax-mcp bin lists and calls every tool, configured from the environment', async () => {
    const outDir = join(dir, 'stdio');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN],
      env: {
        PATH: process.env.PATH ?? '',
        MINIMAX_API_KEY: KEY,
        MINIMAX_BASE_URL: mock.url,
        MINIMAX_MCP_OUTPUT_DIR: outDir,
        MINIMAX_MCP_POLL_INTERVAL: '10',
      },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'test', version: '1.0.0' });
    try {
      await client.connect(transport);
      await exerciseEveryTool(client, outDir);
      const files = await readdir(outDir);
      expect(files.some((f) => f.startsWith('speech-') && f.endsWith('.wav'))).toBe(true);
      // Atomic writes leave no temporary files behind.
      expect(files.filter((f) => f.includes('.tmp'))).toEqual([]);
    } finally {
      await client.close();
    }
  });
});

describe('the minimax-mcp bin', () => {
  it('is a committed file, not a build output, so `npm ci` links it before the build', async () => {
    const bin = PKG.bin['minimax-mcp'] ?? '';
    expect(bin).toMatch(/\.js$/);
    expect(bin.startsWith('./dist/')).toBe(false);
    const text = await readFile(BIN, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect((await stat(BIN)).mode & 0o111).not.toBe(0);
  });

  it('is the bin package-lock.json records, which is what `npm ci` links', () => {
    const lock = JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8')) as {
      packages: Record<string, { bin?: Record<string, string> }>;
    };
    expect(lock.packages['packages/minimax-mcp']?.bin?.['minimax-mcp']).toBe(
      PKG.bin['minimax-mcp']?.replace(/^\.\//, ''),
    );
  });
});

describe('honest inputs and errors', () => {
  const connect = async (options: Parameters<typeof createMiniMaxMcpServer>[0]) => {
    const [a, b] = InMemoryTransport.createLinkedPair();
    const server = createMiniMaxMcpServer(options);
    await server.connect(a);
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(b);
    return { client, close: () => Promise.all([client.close(), server.close()]) };
  };
  const client = () => new MiniMax({ apiKey: KEY, baseURL: mock.url, maxRetries: 0, pollInterval: 10 });

  it('an unknown speech model is sent unchanged and emotion only when set', async () => {
    mock.requests.length = 0;
    const { client: mcp, close } = await connect({ client: client(), outputDir: join(dir, 'honest') });
    try {
      await call(mcp, 'speech_synthesize', {
        text: 'Hi',
        model: 'speech-9.9-future',
        voice_id: 'male-qn-qingse',
      });
      const body = mock.requests.find((r) => r.path === '/v1/t2a_v2')?.body as Record<string, unknown>;
      expect(body.model).toBe('speech-9.9-future');
      expect(body.voice_setting).toEqual({ voice_id: 'male-qn-qingse' });
      await call(mcp, 'speech_synthesize', {
        text: 'Hi',
        voice_id: 'male-qn-qingse',
        extra: { subtitle_enable: true },
      });
      const second = mock.requests.filter((r) => r.path === '/v1/t2a_v2')[1]?.body as Record<string, unknown>;
      expect(second).toMatchObject({ model: 'speech-2.8-hd', subtitle_enable: true });
      // µ-law in WAV is saved as .wav, Ogg Opus as .opus (not as the format's name).
      const wav = await call(mcp, 'speech_synthesize', {
        text: 'Hi',
        voice_id: 'male-qn-qingse',
        format: 'pcmu_wav',
      });
      const opus = await call(mcp, 'speech_synthesize', {
        text: 'Hi',
        voice_id: 'male-qn-qingse',
        format: 'opus',
      });
      const links = [wav, opus].map(
        (r) => r.content.find((c) => c.type === 'resource_link') as { uri: string; mimeType?: string },
      );
      expect(links[0]!.uri).toMatch(/\.wav$/);
      expect(links[0]!.mimeType).toBe('audio/wav');
      expect(links[1]!.uri).toMatch(/\.opus$/);
      expect(links[1]!.mimeType).toBe('audio/ogg');
    } finally {
      await close();
    }
  });

  it('a platform refusal is a tool error with the MiniMax code', async () => {
    const { client: mcp, close } = await connect({ client: client(), outputDir: join(dir, 'errors') });
    try {
      mock.faults.add({ path: '/v1/image_generation', code: 1026 });
      const refused = (await mcp.callTool({
        name: 'image_generate',
        arguments: { prompt: 'x' },
      })) as CallToolResult;
      expect(refused.isError).toBe(true);
      expect(textOf(refused)).toMatch(/InputSafetyError: \[code=1026\]/);
      expect(textOf(refused)).not.toContain(KEY);
      const outside = (await mcp.callTool({
        name: 'speech_synthesize',
        arguments: { text: 'Hi', voice_id: 'male-qn-qingse', filename: '../outside.mp3' },
      })) as CallToolResult;
      expect(outside.isError).toBe(true);
      expect(textOf(outside)).toMatch(/bare file name/);
    } finally {
      await close();
    }
  });

  it('without a key, listing works and a call says the key is missing', async () => {
    const saved = process.env.MINIMAX_API_KEY;
    delete process.env.MINIMAX_API_KEY;
    const { client: mcp, close } = await connect({ clientOptions: { baseURL: mock.url } });
    try {
      expect((await mcp.listTools()).tools.length).toBe(TOOLS.length);
      const result = (await mcp.callTool({ name: 'voices_list', arguments: {} })) as CallToolResult;
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/MINIMAX_API_KEY/);
    } finally {
      if (saved !== undefined) process.env.MINIMAX_API_KEY = saved;
      await close();
    }
  });

  it('resource mode embeds images as image content', async () => {
    const { client: mcp, close } = await connect({ client: client(), output: 'resource' });
    try {
      const result = await call(mcp, 'image_generate', { prompt: 'A cat' });
      const image = result.content.find((c) => c.type === 'image');
      expect(image?.type === 'image' && image.mimeType).toBe('image/png');
    } finally {
      await close();
    }
  });

  it('config: flags and environment, with clear errors', () => {
    expect(readConfig(['--http', '--port', '0'], { MINIMAX_MCP_OUTPUT: 'resource' })).toMatchObject({
      transport: 'http',
      port: 0,
      output: 'resource',
    });
    expect(() => readConfig(['--output', 'cloud'], {})).toThrow(/file or resource/);
    expect(() => readConfig(['--bogus'], {})).toThrow(/Unknown option --bogus/);
    expect(() => checkFilename('a/b')).toThrow(/bare file name/);
    expect(checkFilename('clip.mp4')).toBe('clip.mp4');
  });
});
