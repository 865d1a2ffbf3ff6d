import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFile } from 'music-metadata';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { at, runCli, waitForRequest, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir();
const DIVING = '392747428568649728';
const RUN = '393769180141805569';

const createBody = () =>
  ctx.mock.requests.find((r) => r.path === '/v1/video_template_generation')?.body as Record<string, unknown>;

async function photo(name: string): Promise<string> {
  const path = join(ctx.dir.path, name);
  await writeFile(path, PNG.sync.write(new PNG({ width: 400, height: 400 })));
  return path;
}

describe('minimax video template', () => {
  it('fills the slots from --media (a file) and --text, waits with progress, saves a real MP4', async () => {
    const me = await photo('me.png');
    const file = join(ctx.dir.path, 'run.mp4');
    const result = await runCli([
      'video',
      'template',
      RUN,
      '--media',
      me,
      '--text',
      'Go go go',
      '-o',
      file,
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/template task \d+: Processing/);
    expect(result.stderr).toMatch(/template task \d+: Success/);
    expect(result.stdout).toMatch(/run\.mp4 \(/);
    expect((await parseFile(file)).format.container).toMatch(/isom|mp4/i);
    const body = createBody();
    expect(body.template_id).toBe(RUN);
    expect((body.media_inputs as { value: string }[])[0]?.value).toMatch(/^data:image\/png;base64,/);
    expect(body.text_inputs).toEqual([{ value: 'Go go go' }]);
    const download = ctx.mock.requests.find((r) => r.path.startsWith('/__mock/media/'))!;
    expect(download.headers.authorization).toBeUndefined();
  });

  it('--no-wait (after the id) prints the task id; template-wait resumes it', async () => {
    const started = await runCli([
      'video',
      'template',
      DIVING,
      '--media',
      'https://example.com/me.jpg',
      '--no-wait',
      '-q',
      ...at(ctx.mock.url),
    ]);
    expect(started.code).toBe(0);
    const taskId = started.stdout.trim();
    expect(taskId).toMatch(/^\d+$/);
    expect(ctx.mock.requests.filter((r) => r.path === '/v1/query/video_template_generation')).toHaveLength(0);
    const file = join(ctx.dir.path, 'later.mp4');
    const waited = await runCli([
      'video',
      'template-wait',
      taskId,
      '-o',
      file,
      '--json',
      ...at(ctx.mock.url),
    ]);
    expect(waited.code).toBe(0);
    const doc = JSON.parse(waited.stdout);
    expect(doc).toMatchObject({ task_id: taskId, status: 'Success', file });
    expect(doc.video_url).toMatch(/\/__mock\/media\//);
    expect(doc.bytes).toBeGreaterThan(0);
    expect(doc.duration_ms).toBeGreaterThan(0);
  });

  it('a failed template task exits 1 with one line and writes nothing', async () => {
    ctx.mock.faults.add({ taskFail: 1026, path: '/v1/video_template_generation' });
    const file = join(ctx.dir.path, 'fail.mp4');
    const result = await runCli([
      'video',
      'template',
      DIVING,
      '--media',
      'https://example.com/me.jpg',
      '-o',
      file,
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: .*failed/m);
    expect(await readdir(ctx.dir.path)).toEqual([]);
  });

  it('an abort while waiting exits 130 and says how to resume', async () => {
    ctx.mock.faults.add({ taskNeverEnds: true, path: '/v1/video_template_generation' });
    const controller = new AbortController();
    const pending = runCli(
      [
        'video',
        'template',
        DIVING,
        '--media',
        'https://example.com/me.jpg',
        '-o',
        join(ctx.dir.path, 'x.mp4'),
        ...at(ctx.mock.url),
      ],
      { signal: controller.signal },
    );
    await waitForRequest(ctx.mock, (r) => r.path === '/v1/query/video_template_generation');
    controller.abort();
    const result = await pending;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(/resume with: minimax video template-wait \d+ -o /);
    expect(await readdir(ctx.dir.path)).toEqual([]);
  });

  it('needs -o unless --no-wait; the platform refusal of a wrong slot count is one error line', async () => {
    const missing = await runCli([
      'video',
      'template',
      DIVING,
      '--media',
      'https://e.example/a.jpg',
      ...at(ctx.mock.url),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Missing -o/);
    const wrong = await runCli(['video', 'template', DIVING, '--no-wait', ...at(ctx.mock.url)]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^error: .*media_inputs/m);
  });
});
