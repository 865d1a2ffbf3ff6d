import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFile } from 'music-metadata';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { at, runCli, waitForRequest, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir();

const createBody = () =>
  ctx.mock.requests.find((r) => r.path === '/v1/video_generation')?.body as Record<string, unknown>;

async function frame(name: string): Promise<string> {
  const path = join(ctx.dir.path, name);
  const png = new PNG({ width: 640, height: 360 });
  await writeFile(path, PNG.sync.write(png));
  return path;
}

describe('minimax video', () => {
  it('creates, waits with plain progress lines off a terminal, and saves a real MP4', async () => {
    const file = join(ctx.dir.path, 'fox.mp4');
    const result = await runCli([
      'video',
      'A red fox in snow',
      '-o',
      file,
      '--duration',
      '10',
      '--resolution',
      '768P',
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/video task \d+: Preparing/);
    expect(result.stderr).toMatch(/video task \d+: Success/);
    expect(result.stderr).not.toContain('\r');
    const meta = await parseFile(file);
    expect(meta.format.container).toMatch(/isom|mp4/i);
    expect(meta.format.duration).toBeCloseTo(10, 0);
    expect(result.stdout).toMatch(/fox\.mp4 \(.*10\.0 s\)/);
    expect(createBody()).toMatchObject({
      model: 'MiniMax-Hailuo-2.3',
      prompt: 'A red fox in snow',
      duration: 10,
      resolution: '768P',
    });
  });

  it('draws a live progress line on a terminal', async () => {
    const result = await runCli(
      ['video', 'Live', '-o', join(ctx.dir.path, 'live.mp4'), ...at(ctx.mock.url)],
      {
        tty: true,
      },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('\r\x1b[2K');
    expect(result.stderr).toMatch(/video task \d+/);
  });

  it('--no-wait prints the task id and `video wait` resumes it', async () => {
    const started = await runCli(['video', 'A timelapse', '--no-wait', '-q', ...at(ctx.mock.url)]);
    expect(started.code).toBe(0);
    const taskId = started.stdout.trim();
    expect(taskId).toMatch(/^\d+$/);
    expect(ctx.mock.requests.filter((r) => r.path === '/v1/query/video_generation')).toHaveLength(0);

    const file = join(ctx.dir.path, 'resumed.mp4');
    const waited = await runCli(['video', 'wait', taskId, '-o', file, '--json', ...at(ctx.mock.url)]);
    expect(waited.code).toBe(0);
    const doc = JSON.parse(waited.stdout);
    expect(doc).toMatchObject({ task_id: taskId, status: 'Success', file });
    expect(doc.duration_ms).toBeGreaterThan(0);
    expect((await parseFile(file)).format.duration).toBeGreaterThan(1);
  });

  it('--first-frame and --last-frame send the images and pick the frames model', async () => {
    const first = await frame('a.png');
    const last = await frame('b.png');
    const result = await runCli([
      'video',
      'Morph',
      '--first-frame',
      first,
      '--last-frame',
      last,
      '-o',
      join(ctx.dir.path, 'm.mp4'),
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    const body = createBody();
    expect(body.model).toBe('MiniMax-Hailuo-02');
    expect(body.first_frame_image).toMatch(/^data:image\/png;base64,/);
    expect(body.last_frame_image).toMatch(/^data:image\/png;base64,/);
  });

  it('--subject uses S2V-01 with a character reference', async () => {
    const face = await frame('face.png');
    const result = await runCli([
      'video',
      'She walks',
      '--subject',
      face,
      '-o',
      join(ctx.dir.path, 's.mp4'),
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    expect(createBody()).toMatchObject({ model: 'S2V-01', subject_reference: [{ type: 'character' }] });
  });

  it('a failed task exits 1 with one line and writes nothing', async () => {
    ctx.mock.faults.add({ taskFail: 1026, path: '/v1/video_generation' });
    const file = join(ctx.dir.path, 'fail.mp4');
    const result = await runCli(['video', 'Blocked', '-o', file, ...at(ctx.mock.url)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: /m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(ctx.dir.path)).toEqual([]);
  });

  it('an abort while waiting exits 130, leaves no file, and says how to resume', async () => {
    ctx.mock.faults.add({ taskNeverEnds: true });
    const controller = new AbortController();
    const file = join(ctx.dir.path, 'never.mp4');
    const pending = runCli(['video', 'Forever', '-o', file, ...at(ctx.mock.url)], {
      signal: controller.signal,
    });
    await waitForRequest(ctx.mock, (r) => r.path === '/v1/query/video_generation');
    controller.abort();
    const result = await pending;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/resume with: minimax video wait \d+/);
    expect(result.stderr).toContain('Cancelled.');
    expect(await readdir(ctx.dir.path)).toEqual([]);
  });

  it('a stalled download fails after --timeout and leaves no file', async () => {
    ctx.mock.faults.add({ stall: true, path: '/__mock/*' });
    const file = join(ctx.dir.path, 'stalled.mp4');
    const result = await runCli(['video', 'Stalls', '-o', file, '--timeout', '300ms', ...at(ctx.mock.url)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: Download from 127\.0\.0\.1:\d+ stalled for 300 ms\.\n$/m);
    expect(await readdir(ctx.dir.path)).toEqual([]);
  });

  it('needs -o unless --no-wait', async () => {
    const result = await runCli(['video', 'x', ...at(ctx.mock.url)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Missing -o/);
  });
});
