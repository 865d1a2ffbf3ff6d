/**
 * Permission errors under root. Tests that need a folder this process cannot write (EACCES) pass
 * vacuously as root, which ignores a read-only mode: here and in CI the suite runs as root. So such
 * a test runs its write where the permission holds: in this process when it is not root and a
 * 0555 folder really refuses it, else (as root) in a child process started as `nobody` (uid and
 * gid 65534). It is skipped, with the reason, only where neither works.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The unprivileged user a root run drops to. */
export const NOBODY = 65534;

export type PermissionMode =
  | { kind: 'direct' }
  | { kind: 'child'; uid: number; gid: number }
  | { kind: 'skip'; reason: string };

let cached: Promise<PermissionMode> | undefined;

/** How this machine can see a real EACCES; probed once per test file. */
export function permissionMode(): Promise<PermissionMode> {
  cached ??= probe();
  return cached;
}

async function probe(): Promise<PermissionMode> {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') {
    return { kind: 'skip', reason: 'no POSIX permissions on this platform' };
  }
  const dir = await mkdtemp(join(tmpdir(), 'minimax-perm-'));
  try {
    const locked = join(dir, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o555);
    if (process.getuid() !== 0) {
      const writable = await open(join(locked, 'probe'), 'wx').then(
        async (handle) => {
          await handle.close();
          return true;
        },
        () => false,
      );
      return writable
        ? {
            kind: 'skip',
            reason: 'this user may write a 0555 folder (a capability?), and is not root to drop it',
          }
        : { kind: 'direct' };
    }
    await chmod(dir, 0o755);
    const code = await runNode(
      ['-e', 'require("fs").writeFileSync(process.argv[1], "x")', join(locked, 'probe')],
      { uid: NOBODY, gid: NOBODY },
    ).then(
      (result) => result.code,
      (error: NodeJS.ErrnoException) => error.code ?? 'failed',
    );
    if (code === 0) return { kind: 'skip', reason: `uid ${NOBODY} could write a 0555 folder owned by root` };
    if (typeof code === 'string')
      return { kind: 'skip', reason: `cannot start a process as uid ${NOBODY} (${code})` };
    return { kind: 'child', uid: NOBODY, gid: NOBODY };
  } finally {
    await chmod(join(dir, 'locked'), 0o755).catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs `node args…` (as `ids` when given) and collects its output. */
export function runNode(
  args: string[],
  ids: { uid?: number; gid?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      ...ids,
      cwd: '/',
      env: { PATH: process.env.PATH ?? '', HOME: '/nonexistent' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

const SDK_INDEX = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

/**
 * Bundles a script that imports the SDK's sources (`import … from 'minimax-sdk'`) into a folder
 * any user can read, so a child started as `nobody` runs the code under test, not a build.
 * Returns the bundle's path and a function removing it.
 */
export async function bundleScript(source: string): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'minimax-bundle-'));
  await chmod(dir, 0o755);
  const entry = join(dir, 'entry.ts');
  await writeFile(entry, source.replaceAll("from 'minimax-sdk'", `from ${JSON.stringify(SDK_INDEX)}`));
  const path = join(dir, 'script.mjs');
  await build({
    entryPoints: [entry],
    outfile: path,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    // ws requires these optional native helpers inside a try; they are not installed.
    external: ['bufferutil', 'utf-8-validate'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
  });
  await chmod(path, 0o644);
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
