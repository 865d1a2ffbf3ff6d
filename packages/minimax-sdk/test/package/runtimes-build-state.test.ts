// The runtime matrix builds the SDK only when its build is missing or older than its inputs, so CI
// (which has just built it in `npm test`) does not build twice.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { staleBuild } from '../../../../scripts/runtimes/build-state.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A repository with an SDK folder: each file written with its mtime in seconds. */
function repo(files: Record<string, number>): { root: string; sdk: string } {
  const root = mkdtempSync(join(tmpdir(), 'minimax-build-state-'));
  dirs.push(root);
  for (const [path, seconds] of Object.entries(files)) {
    const file = join(root, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, '');
    utimesSync(file, seconds, seconds);
  }
  return { root, sdk: join(root, 'packages/minimax-sdk') };
}

describe('staleBuild (scripts/runtimes/build-state.mjs)', () => {
  it('no dist: there is no build', () => {
    const { root, sdk } = repo({ 'packages/minimax-sdk/src/index.ts': 100 });
    expect(staleBuild(sdk, root)).toBe('there is no build');
  });

  it('every input older than the oldest built file: fresh', () => {
    const { root, sdk } = repo({
      'packages/minimax-sdk/src/index.ts': 100,
      'packages/minimax-sdk/src/core/errors.ts': 150,
      'packages/minimax-sdk/package.json': 90,
      'tsconfig.base.json': 80,
      'packages/minimax-sdk/dist/index.js': 200,
      'packages/minimax-sdk/dist/mock/index.js': 210,
    });
    expect(staleBuild(sdk, root)).toBeUndefined();
  });

  it('a source, the package.json or the base tsconfig edited since: stale, naming it', () => {
    const built = {
      'packages/minimax-sdk/dist/index.js': 200,
      'packages/minimax-sdk/dist/mock/index.js': 210,
    };
    const edited = repo({ ...built, 'packages/minimax-sdk/src/core/websocket.ts': 205 });
    expect(staleBuild(edited.sdk, edited.root)).toBe(
      `${join('packages/minimax-sdk/src/core/websocket.ts')} is newer than the build`,
    );
    const manifest = repo({ ...built, 'packages/minimax-sdk/package.json': 300 });
    expect(staleBuild(manifest.sdk, manifest.root)).toMatch(/package\.json is newer/);
    const base = repo({ ...built, 'tsconfig.base.json': 300 });
    expect(staleBuild(base.sdk, base.root)).toMatch(/tsconfig\.base\.json is newer/);
  });
});
