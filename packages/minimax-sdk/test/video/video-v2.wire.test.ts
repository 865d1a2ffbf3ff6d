import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthError,
  InputSafetyError,
  InvalidParameterError,
  MiniMax,
  TaskFailedError,
  V2_INLINE_LIMIT_BYTES,
} from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

let mock: MockServer;
let client: MiniMax;
let dir: string;

function newClient(url = mock.url, apiKey = 'wire-key'): MiniMax {
  return new MiniMax({ apiKey, baseURL: url, maxRetries: 0, logLevel: 'off', pollInterval: 2 });
}

async function start(options: Parameters<typeof startMockServer>[0] = {}): Promise<void> {
  mock = await startMockServer(options);
  client = newClient();
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mm-video-v2-'));
});
afterEach(async () => {
  await mock?.close();
  await rm(dir, { recursive: true, force: true });
});

function png(width: number, height: number): Uint8Array {
  const image = new PNG({ width, height });
  image.data.fill(120);
  return new Uint8Array(PNG.sync.write(image));
}

const isMp4 = (bytes: Uint8Array) => new TextDecoder().decode(bytes.subarray(4, 8)) === 'ftyp';

describe('video.v2 against the mock', () => {
  beforeEach(() => start());

  it('generate: a first frame from bytes goes as a data URI, the task polls to succeeded, save writes the MP4', async () => {
    const statuses: string[] = [];
    const video = await client.video.v2.generate(
      {
        model: 'MiniMax-H3',
        content: [
          { type: 'text', text: 'The lighthouse beam sweeps the fog' },
          { type: 'image_url', image_url: { url: png(320, 320) }, role: 'first_frame' },
        ],
        duration: 6,
      },
      { onProgress: (p) => statuses.push(p.status) },
    );
    expect(statuses).toEqual(['queued', 'running', 'succeeded']);
    expect(video.status).toBe('succeeded');
    expect(video.task_id).toMatch(/^vid_\d+$/);
    expect(video.usage).toMatchObject({ duration_seconds: 6 });
    const sent = mock.requests.find((r) => r.path === '/v2/video_generation')!.body as {
      content: { image_url?: { url: string } }[];
    };
    expect(sent.content[1]?.image_url?.url).toMatch(/^data:image\/png;base64,/);
    const path = await video.save(join(dir, 'out.mp4'));
    expect(isMp4(new Uint8Array(await readFile(path)))).toBe(true);
    // The download went to the link without the key.
    const download = mock.requests.find((r) => r.path.startsWith('/__mock/media/'))!;
    expect(download.headers.authorization).toBeUndefined();
  });

  it('a task that fails throws TaskFailedError at once, with the code as cause', async () => {
    mock.faults.add({ path: '/v2/video_generation', taskFail: 1026 });
    const error = await client.video.v2
      .generate({ content: [{ type: 'text', text: 'Something unsafe' }], ratio: '16:9' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({ code: 1026, task_status: 'failed' });
    expect((error as Error).cause).toBeInstanceOf(InputSafetyError);
    // queued, running, then failed: three polls, never a poll until timeout.
    expect(mock.requests.filter((r) => r.path.startsWith('/v2/query/'))).toHaveLength(3);
  });

  it('an expired URL is re-queried once by save()', async () => {
    await mock.close();
    await start({ videoUrlTtlMs: 150 });
    const video = await client.video.v2.generate({ content: [{ type: 'text', text: 'Rain' }], ratio: '1:1' });
    const first = video.url;
    await new Promise((resolve) => setTimeout(resolve, 250));
    const path = await video.save(join(dir, 'late.mp4'));
    expect(isMp4(new Uint8Array(await readFile(path)))).toBe(true);
    expect(video.url).not.toBe(first);
    const media = mock.requests.filter((r) => r.path.startsWith('/__mock/media/'));
    expect(media).toHaveLength(2);
  });

  it('list filters by status and task_ids; delete cancels a queued task and wait then fails at once', async () => {
    const a = await client.video.v2.create({ content: [{ type: 'text', text: 'A' }], ratio: '16:9' });
    const b = await client.video.v2.create({ content: [{ type: 'text', text: 'B' }], ratio: '16:9' });
    const all = await client.video.v2.list();
    expect(all.tasks.map((t) => t.id).sort()).toEqual([a.task_id, b.task_id].sort());
    const one = await client.video.v2.list({ task_ids: [a.task_id], page: 1 });
    expect(one.tasks.map((t) => t.id)).toEqual([a.task_id]);
    expect(mock.requests.at(-1)?.query).toMatchObject({ task_ids: a.task_id, page: '1' });
    const cancelled = await client.video.v2.delete({ task_id: a.task_id });
    expect(cancelled.task_id).toBe(a.task_id);
    expect((await client.video.v2.list({ status: 'cancelled' })).tasks.map((t) => t.id)).toEqual([a.task_id]);
    const error = await client.video.v2.wait({ task_id: a.task_id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({ task_status: 'cancelled' });
    // A finished task is deleted outright.
    await client.video.v2.wait({ task_id: b.task_id });
    await client.video.v2.delete({ task_id: b.task_id });
    const gone = await client.video.v2.retrieve({ task_id: b.task_id }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(InvalidParameterError);
    expect(gone).toMatchObject({ code: 2013, status: 400 });
  });

  it('maps the OpenAI-style error envelope: a wrong key is AuthError with code 1004 and HTTP 401', async () => {
    await mock.close();
    await start({ apiKey: 'right-key' });
    const error = await newClient(mock.url, 'wrong-key')
      .video.v2.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 1004, status: 401 });
  });

  it('a local input over the inline limit is uploaded as video_generation_input and sent as mm_file://', async () => {
    const big = new Uint8Array(V2_INLINE_LIMIT_BYTES + 16);
    big.set(png(16, 16));
    const { task_id } = await client.video.v2.create({
      content: [
        { type: 'text', text: 'Dance like the reference' },
        { type: 'image_url', image_url: { url: big }, role: 'reference_image' },
      ],
    });
    expect(task_id).toMatch(/^vid_/);
    const upload = mock.requests.find((r) => r.path === '/v1/files/upload')!;
    expect((upload.body as { fields: { purpose: string } }).fields.purpose).toBe('video_generation_input');
    const sent = mock.requests.find((r) => r.path === '/v2/video_generation')!.body as {
      content: { image_url?: { url: string } }[];
    };
    expect(sent.content[1]?.image_url?.url).toMatch(/^mm_file:\/\/\d+$/);
  });
});

describe('resume every task kind from its id in a fresh client', () => {
  beforeEach(() => start());

  it('V1 video, V2 video and long-text speech', async () => {
    const creator = newClient();
    const v1 = await creator.video.create({ model: 'MiniMax-Hailuo-2.3', prompt: 'A calm sea' });
    const v2 = await creator.video.v2.create({ content: [{ type: 'text', text: 'Clouds' }], ratio: '9:16' });
    const speech = await creator.speech.asyncCreate({
      text: 'A long chapter.',
      voice_setting: { voice_id: 'English_expressive_narrator' },
    });
    // Another process: nothing but the ids.
    const fresh = newClient();
    const [a, b, d] = await Promise.all([
      fresh.video.wait({ task_id: v1.task_id }),
      fresh.video.v2.wait({ task_id: v2.task_id }),
      fresh.speech.asyncWait({ task_id: String(speech.task_id) }),
    ]);
    expect(a.status).toBe('Success');
    expect(b.status).toBe('succeeded');
    expect(d.status.toLowerCase()).toBe('success');
    expect(isMp4(await b.bytes())).toBe(true);
  });
});
