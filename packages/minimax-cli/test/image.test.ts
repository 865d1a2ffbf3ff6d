import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { at, runCli, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir();

const imageBody = () =>
  ctx.mock.requests.find((r) => r.path === '/v1/image_generation')?.body as Record<string, unknown>;

describe('minimax image', () => {
  it('writes decodable PNGs into the folder and prints their paths', async () => {
    const out = join(ctx.dir.path, 'images');
    const result = await runCli([
      'image',
      'A lighthouse at dawn',
      '-o',
      out,
      '-n',
      '2',
      '--aspect-ratio',
      '16:9',
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    const names = (await readdir(out)).sort();
    expect(names).toHaveLength(2);
    for (const name of names) {
      expect(result.stdout).toContain(join(out, name));
      const png = PNG.sync.read(await readFile(join(out, name)));
      expect(png.width).toBeGreaterThan(png.height);
    }
    expect(imageBody()).toMatchObject({
      prompt: 'A lighthouse at dawn',
      n: 2,
      aspect_ratio: '16:9',
      model: 'image-01',
    });
  });

  it('--width/--height/--seed go to the API; --quiet prints only paths', async () => {
    const result = await runCli([
      'image',
      'Square',
      '-o',
      ctx.dir.path,
      '--width',
      '512',
      '--height',
      '768',
      '--seed',
      '7',
      '-q',
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const png = PNG.sync.read(await readFile(lines[0]!));
    expect([png.width, png.height]).toEqual([512, 768]);
    expect(imageBody()).toMatchObject({ width: 512, height: 768, seed: 7 });
  });

  it('--subject sends a local image as a data URI character reference', async () => {
    const face = join(ctx.dir.path, 'face.png');
    const png = new PNG({ width: 4, height: 4 });
    await writeFile(face, PNG.sync.write(png));
    const result = await runCli([
      'image',
      'Astronaut portrait',
      '--subject',
      face,
      '-o',
      join(ctx.dir.path, 'out'),
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    const [subject] = imageBody().subject_reference as { type: string; image_file: string }[];
    expect(subject?.type).toBe('character');
    expect(subject?.image_file).toMatch(/^data:image\/png;base64,/);
  });

  it('--json lists the files', async () => {
    const result = await runCli(['image', 'Json', '-o', ctx.dir.path, '--json', ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.files).toHaveLength(1);
    expect(doc.success_count).toBe(1);
  });

  it('--width without --height is refused before any request', async () => {
    const result = await runCli(['image', 'x', '-o', ctx.dir.path, '--width', '512', ...at(ctx.mock.url)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--width and --height go together/);
    expect(ctx.mock.requests).toHaveLength(0);
  });
});
