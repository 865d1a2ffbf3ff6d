import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { at, runCli, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir();

describe('minimax quota', () => {
  it('shows the lanes in a table; --json gives the answer, --quiet one line per lane', async () => {
    const table = await runCli(['quota', ...at(ctx.mock.url)]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/LANE\s+WINDOW COUNT\s+LEFT\s+RESETS IN\s+WEEK COUNT/);
    expect(table.stdout).toMatch(/MiniMax-M\*\s+0 \/ 1500\s+100%\s+\d+[hm]/);
    const json = await runCli(['quota', '--json', ...at(ctx.mock.url)]);
    const lanes = (JSON.parse(json.stdout) as { model_remains: { model_name: string }[] }).model_remains;
    expect(lanes.map((l) => l.model_name)).toEqual(['MiniMax-M*', 'speech-hd', 'image-01']);
    const quiet = await runCli(['quota', '--quiet', ...at(ctx.mock.url)]);
    expect(quiet.stdout.trim().split('\n')).toHaveLength(3);
  });
});

describe('minimax search', () => {
  it('prints numbered results with links; --quiet prints the links; the query is sent as q', async () => {
    const human = await runCli(['search', 'vitest fake timers', ...at(ctx.mock.url)]);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^1\. vitest fake timers/m);
    expect(human.stdout).toContain('Related: vitest fake timers');
    expect(ctx.mock.requests.at(-1)?.body).toEqual({ q: 'vitest fake timers' });
    const quiet = await runCli(['search', 'vitest', '--quiet', ...at(ctx.mock.url)]);
    for (const line of quiet.stdout.trim().split('\n')) expect(line).toMatch(/^https:\/\//);
  });

  it('an empty query is refused before any request', async () => {
    const before = ctx.mock.requests.length;
    const empty = await runCli(['search', '  ', ...at(ctx.mock.url)]);
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toContain('empty');
    expect(ctx.mock.requests.length).toBe(before);
  });
});

describe('minimax vision', () => {
  it('sends a local image inline with the prompt and prints the answer; --json has both', async () => {
    const made = await runCli(['image', 'a red square', '-o', ctx.dir.path, '--json', ...at(ctx.mock.url)]);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const png = (JSON.parse(made.stdout) as { files: string[] }).files[0]!;
    const human = await runCli(['vision', png, '-p', 'What shape?', ...at(ctx.mock.url)]);
    expect(human.stderr).toBe('');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/PNG image/);
    const sent = ctx.mock.requests.at(-1)?.body as { prompt: string; image_url: string };
    expect(sent.prompt).toBe('What shape?');
    expect(sent.image_url).toMatch(/^data:image\/png;base64,/);
    const json = await runCli(['vision', png, '--json', ...at(ctx.mock.url)]);
    expect(JSON.parse(json.stdout)).toMatchObject({ prompt: 'Describe the image.' });
  });

  it('a file that is no image is refused by the API with its code; a missing file fails naming it', async () => {
    const text = join(ctx.dir.path, 'notes.txt');
    await writeFile(text, 'hello');
    const refused = await runCli(['vision', text, ...at(ctx.mock.url)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('image_url');
    const missing = await runCli(['vision', join(ctx.dir.path, 'nope.png'), ...at(ctx.mock.url)]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('nope.png');
  });
});
