import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFile } from 'music-metadata';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { at, runCli, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir();

type Item = { type: string; role?: string; text?: string; [key: string]: unknown };
const creates = () =>
  ctx.mock.requests.filter((r) => r.path === '/v2/video_generation' && r.method === 'POST');
const content = (i = 0) => (creates()[i]!.body as { content: Item[] }).content;
const urlOf = (item: Item | undefined) => (item?.[item.type] as { url: string } | undefined)?.url;

async function image(name: string): Promise<string> {
  const path = join(ctx.dir.path, name);
  await writeFile(path, PNG.sync.write(new PNG({ width: 320, height: 320 })));
  return path;
}

describe('minimax video with a MiniMax-H3 (V2) model', () => {
  it('-m MiniMax-H3 --first-frame FILE: V2 content, progress, a real MP4 fetched without the key', async () => {
    const frame = await image('cat.png');
    const file = join(ctx.dir.path, 'cat.mp4');
    const result = await runCli([
      'video',
      'The cat jumps onto the sofa',
      '-m',
      'MiniMax-H3',
      '--first-frame',
      frame,
      '--duration',
      '6',
      '--resolution',
      '768P',
      '-o',
      file,
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/video task vid_\d+: queued/);
    expect(result.stderr).toMatch(/video task vid_\d+: succeeded/);
    expect((await parseFile(file)).format.container).toMatch(/isom|mp4/i);
    expect(creates()).toHaveLength(1);
    expect(creates()[0]?.body).toMatchObject({ model: 'MiniMax-H3', duration: 6, resolution: '768P' });
    const items = content();
    expect(items.map((i) => [i.type, i.role])).toEqual([
      ['text', undefined],
      ['image_url', 'first_frame'],
    ]);
    expect(items[0]?.text).toBe('The cat jumps onto the sofa');
    expect(urlOf(items[1])).toMatch(/^data:image\/png;base64,/);
    expect(ctx.mock.requests.filter((r) => r.path === '/v1/video_generation')).toHaveLength(0);
    const download = ctx.mock.requests.find((r) => r.path.startsWith('/__mock/media/'))!;
    expect(download.headers.authorization).toBeUndefined();
  });

  it('reference flags pick V2 by themselves (repeatable, files or URLs); --no-wait, then wait --v2 resumes', async () => {
    const a = await image('a.png');
    const started = await runCli([
      'video',
      'Dance like the reference',
      '--ref-image',
      a,
      '--ref-image',
      'https://example.com/b.png',
      '--ref-video',
      'https://example.com/moves.mp4',
      '--ref-audio',
      'https://example.com/beat.mp3',
      '--no-wait',
      '-q',
      ...at(ctx.mock.url),
    ]);
    expect(started.code, started.stderr).toBe(0);
    const taskId = started.stdout.trim();
    expect(taskId).toMatch(/^vid_\d+$/);
    const items = content();
    expect(items.map((i) => i.role ?? i.type)).toEqual([
      'text',
      'reference_image',
      'reference_image',
      'reference_video',
      'reference_audio',
    ]);
    expect(urlOf(items[1])).toMatch(/^data:image\/png;base64,/);
    expect(urlOf(items[2])).toBe('https://example.com/b.png');
    expect(creates()[0]?.body).toMatchObject({ model: 'MiniMax-H3' });

    const file = join(ctx.dir.path, 'dance.mp4');
    const waited = await runCli(['video', 'wait', '--v2', taskId, '-o', file, '--json', ...at(ctx.mock.url)]);
    expect(waited.code, waited.stderr).toBe(0);
    const doc = JSON.parse(waited.stdout);
    expect(doc).toMatchObject({ task_id: taskId, status: 'succeeded', file, model: 'MiniMax-H3' });
    expect(doc.usage).toMatchObject({ duration_seconds: 6 });
    expect(doc.duration_ms).toBeGreaterThan(0);
  });

  it('the content rules are checked before any request: one error line, exit 1, nothing sent', async () => {
    const frame = await image('f.png');
    const mixed = await runCli([
      'video',
      'Mixed',
      '-m',
      'MiniMax-H3',
      '--first-frame',
      frame,
      '--ref-image',
      frame,
      '-o',
      join(ctx.dir.path, 'x.mp4'),
      ...at(ctx.mock.url),
    ]);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toMatch(/^error: .*mix/m);
    const textOnly = await runCli(['video', 'Rain', '-m', 'MiniMax-H3', '--no-wait', ...at(ctx.mock.url)]);
    expect(textOnly.code).toBe(1);
    expect(textOnly.stderr).toMatch(/concrete ratio/);
    expect(creates()).toHaveLength(0);
    const withRatio = await runCli([
      'video',
      'Rain',
      '--ratio',
      '9:16',
      '--no-wait',
      '-q',
      ...at(ctx.mock.url),
    ]);
    expect(withRatio.code, withRatio.stderr).toBe(0);
    expect(creates()[0]?.body).toMatchObject({ ratio: '9:16', model: 'MiniMax-H3' });
  });

  it('V1-only and V2-only flags are not mixed: clear errors', async () => {
    const ref = await runCli([
      'video',
      'x',
      '-m',
      'MiniMax-Hailuo-02',
      '--ref-image',
      'https://e.example/a.png',
      '--no-wait',
      ...at(ctx.mock.url),
    ]);
    expect(ref.code).toBe(2);
    expect(ref.stderr).toMatch(/--ref-image is for MiniMax-H3 \(V2\) models, not MiniMax-Hailuo-02/);
    const subject = await runCli([
      'video',
      'x',
      '-m',
      'MiniMax-H3',
      '--subject',
      'https://e.example/a.png',
      '--no-wait',
      ...at(ctx.mock.url),
    ]);
    expect(subject.code).toBe(2);
    expect(subject.stderr).toMatch(/--subject is for V1 models/);
    expect(ctx.mock.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('a failed V2 task exits 1 with one line and writes nothing', async () => {
    ctx.mock.faults.add({ taskFail: 1026, path: '/v2/video_generation' });
    const result = await runCli([
      'video',
      'Blocked',
      '--ratio',
      '1:1',
      '-o',
      join(ctx.dir.path, 'f.mp4'),
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*failed/m);
    expect(await readdir(ctx.dir.path)).toEqual([]);
  });
});

describe('minimax video list / cancel (V2)', () => {
  it('cancel cancels a queued task; list filters by status, ids and model (table and JSON)', async () => {
    const start = async (prompt: string, model = 'MiniMax-H3') => {
      const r = await runCli([
        'video',
        prompt,
        '-m',
        model,
        '--ratio',
        '16:9',
        '--no-wait',
        '-q',
        ...at(ctx.mock.url),
      ]);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.trim();
    };
    const a = await start('A');
    const b = await start('B', 'MiniMax-H3-Max');

    const cancelled = await runCli(['video', 'cancel', a, ...at(ctx.mock.url)]);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toContain(`Task ${a} cancelled.`);
    expect(
      ctx.mock.requests.some((r) => r.method === 'DELETE' && r.path === `/v2/video_generation/${a}`),
    ).toBe(true);

    const table = await runCli(['video', 'list', ...at(ctx.mock.url)]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/TASK ID\s+STATUS\s+MODEL\s+CREATED/);
    expect(table.stdout).toContain(a);
    expect(table.stdout).toContain(b);

    const byStatus = JSON.parse(
      (await runCli(['video', 'list', '--status', 'cancelled', '--json', ...at(ctx.mock.url)])).stdout,
    );
    expect(byStatus.tasks.map((t: { id: string }) => t.id)).toEqual([a]);
    const byIds = await runCli(['video', 'list', '--ids', `${b},nope`, '-q', ...at(ctx.mock.url)]);
    expect(byIds.stdout.trim()).toBe(b);
    expect(ctx.mock.requests.at(-1)?.query).toMatchObject({ task_ids: `${b},nope` });
    const byModel = await runCli([
      'video',
      'list',
      '-m',
      'MiniMax-H3-Max',
      '--page',
      '1',
      '--page-size',
      '5',
      '-q',
      ...at(ctx.mock.url),
    ]);
    expect(byModel.stdout.trim()).toBe(b);
    expect(ctx.mock.requests.at(-1)?.query).toMatchObject({
      model: 'MiniMax-H3-Max',
      page: '1',
      page_size: '5',
    });

    const finished = await runCli([
      'video',
      'wait',
      '--v2',
      b,
      '-o',
      join(ctx.dir.path, 'b.mp4'),
      ...at(ctx.mock.url),
    ]);
    expect(finished.code, finished.stderr).toBe(0);
    const deleted = await runCli(['video', 'cancel', b, '--json', ...at(ctx.mock.url)]);
    expect(JSON.parse(deleted.stdout)).toMatchObject({ task_id: b, status: 'deleted' });
    const none = await runCli(['video', 'list', '--ids', b, ...at(ctx.mock.url)]);
    expect(none.stdout).toContain('No video tasks.');
    const unknown = await runCli(['video', 'cancel', 'vid_0', ...at(ctx.mock.url)]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^error: /m);
  });
});
