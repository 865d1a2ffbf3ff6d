// The runtime matrix reports a runtime it cannot find or start as SKIPPED with the reason, never
// as passed (scripts/runtimes/browser.mjs and workerd.mjs, which run.mjs turns into rows).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findChromium } from '../../../../scripts/runtimes/browser.mjs';
import { findWorkerd } from '../../../../scripts/runtimes/workerd.mjs';

const dirs: string[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'minimax-runtimes-'));
  dirs.push(dir);
  return dir;
}

describe('runtime matrix: a runtime that cannot run is skipped with its reason', () => {
  it('workerd not installed: skipped, naming the missing binary', () => {
    const dir = scratch();
    expect(findWorkerd(dir)).toEqual({
      skip: `${join(dir, 'workerd')} not found (npm workerd not installed)`,
    });
  });

  it('a binary that does not start: skipped with what it said, not passed', () => {
    const dir = scratch();
    const broken = join(dir, 'chromium');
    writeFileSync(broken, '#!/bin/sh\necho "error while loading shared libraries" >&2\nexit 127\n');
    chmodSync(broken, 0o755);
    vi.stubEnv('CHROMIUM_PATH', broken);
    expect(findChromium()).toEqual({
      skip: `${broken} --version failed: error while loading shared libraries`,
    });
    const workerd = join(dir, 'workerd');
    writeFileSync(workerd, '#!/bin/sh\necho "GLIBC_2.35 not found" >&2\nexit 1\n');
    chmodSync(workerd, 0o755);
    expect(findWorkerd(dir)).toEqual({ skip: `${workerd} --version failed: GLIBC_2.35 not found` });
  });
});
