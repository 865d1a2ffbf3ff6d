import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APIUserAbortError,
  InputSafetyError,
  InvalidParameterError,
  MiniMax,
  TaskFailedError,
} from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

const DIVING = '392747428568649728';
const RUN = '393769180141805569';

let mock: MockServer;
let dir: string;

function newClient(options: { pollInterval?: number } = {}): MiniMax {
  return new MiniMax({
    apiKey: 'wire-key',
    baseURL: mock.url,
    maxRetries: 0,
    logLevel: 'off',
    pollInterval: 2,
    ...options,
  });
}

function png(width: number, height: number): Uint8Array {
  const image = new PNG({ width, height });
  image.data.fill(200);
  return new Uint8Array(PNG.sync.write(image));
}

const isMp4 = (bytes: Uint8Array) => new TextDecoder().decode(bytes.subarray(4, 8)) === 'ftyp';
const polls = () => mock.requests.filter((r) => r.path === '/v1/query/video_template_generation');

beforeEach(async () => {
  mock = await startMockServer();
  dir = await mkdtemp(join(tmpdir(), 'mm-tmpl-wire-'));
});
afterEach(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

describe('video.templates against the mock', () => {
  it('generate from a local photo: progress through every stage, save() without the key', async () => {
    const photo = join(dir, 'me.png');
    await writeFile(photo, png(400, 400));
    const seen: string[] = [];
    const video = await newClient().video.templates.generate(
      { template_id: DIVING, media_inputs: [{ value: photo }] },
      { onProgress: (p) => seen.push(p.status) },
    );
    expect(seen).toEqual(['Preparing', 'Queueing', 'Processing', 'Success']);
    expect(video.status).toBe('Success');
    expect(video.video_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__mock\/media\//);
    const sent = mock.requests.find((r) => r.path === '/v1/video_template_generation')!;
    expect((sent.body as { media_inputs: { value: string }[] }).media_inputs[0]?.value).toMatch(
      /^data:image\/png;base64,/,
    );
    expect(sent.headers.authorization).toMatch(/^Bearer /);
    const path = await video.save(join(dir, 'diving.mp4'));
    expect(isMp4(new Uint8Array(await readFile(path)))).toBe(true);
    const download = mock.requests.find((r) => r.path.startsWith('/__mock/media/'))!;
    expect(download.headers.authorization).toBeUndefined();
  });

  it('a failing template task throws TaskFailedError on the poll that sees Fail (never a poll until timeout)', async () => {
    mock.faults.add({ path: '/v1/video_template_generation', taskFail: 1026 });
    const error = await newClient({ pollInterval: 1 })
      .video.templates.generate(
        {
          template_id: RUN,
          media_inputs: [{ value: 'https://example.com/r.jpg' }],
          text_inputs: [{ value: 'Go' }],
        },
        { pollTimeout: 60_000 },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({ code: 1026, task_status: 'Fail' });
    expect((error as Error).cause).toBeInstanceOf(InputSafetyError);
    expect(polls()).toHaveLength(4);
  });

  it('resumes from the task id in a fresh client (another process has only the id)', async () => {
    const { task_id } = await newClient().video.templates.create({
      template_id: DIVING,
      media_inputs: [{ value: png(320, 320) }],
    });
    expect(task_id).toMatch(/^\d+$/);
    const fresh = newClient();
    const video = await fresh.video.templates.wait({ task_id });
    expect(video.task_id).toBe(task_id);
    expect(isMp4(await video.bytes())).toBe(true);
    expect((await fresh.video.templates.query({ task_id })).status).toBe('Success');
  });

  it('an abort while waiting rejects at once with APIUserAbortError and stops polling', async () => {
    const { task_id } = await newClient().video.templates.create({
      template_id: DIVING,
      media_inputs: [{ value: 'https://example.com/d.jpg' }],
    });
    const controller = new AbortController();
    const waiting = newClient({ pollInterval: 60_000 })
      .video.templates.wait({ task_id }, { signal: controller.signal })
      .catch((e: unknown) => e);
    while (polls().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(await waiting).toBeInstanceOf(APIUserAbortError);
    expect(polls()).toHaveLength(1);
  });

  it('the mock checks inputs like the platform: unknown template, wrong slot count, bad media', async () => {
    const client = newClient();
    const cases = [
      { template_id: '1', media_inputs: [{ value: 'https://example.com/a.jpg' }] },
      { template_id: DIVING },
      { template_id: RUN, media_inputs: [{ value: 'https://example.com/a.jpg' }] },
      { template_id: DIVING, media_inputs: [{ value: 'data:text/plain;base64,AAAA' }] },
    ];
    for (const params of cases) {
      const error = await client.video.templates.create(params).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect(error).toMatchObject({ code: 2013 });
    }
    const unknown = await client.video.templates.query({ task_id: '999' }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 2013 });
  });
});
