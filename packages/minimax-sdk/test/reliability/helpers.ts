/**
 * Shared plumbing for the reliability suite: a client wired to a fresh mock with a fetch that
 * counts attempts, a handle-leak check, and the file checks of the saving paths.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClientOptions, MiniMax } from '../../src/index.js';
import { type LoggedRequest, type MockServer, startMockServer } from '../../src/mock/index.js';

/** A key distinctive enough that any leak of it (or of its parts) is unambiguous. */
export const SECRET_KEY = 'sk-reliability-7f3c9a1e5b2d4c6e8a0f1b3d5e7c9a2b';

export const VOICE = { voice_id: 'English_expressive_narrator' };

/** One fetch the SDK made, as the counting fetch saw it. */
export interface Attempt {
  method: string;
  url: string;
  path: string;
}

/** A fetch that records every attempt before handing it to the real one. */
export function countingFetch(): { fetch: typeof fetch; attempts: Attempt[] } {
  const attempts: Attempt[] = [];
  const impl = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input instanceof Request ? input.url : input);
    attempts.push({ method: init?.method ?? 'GET', url, path: new URL(url).pathname });
    return globalThis.fetch(input, init);
  };
  return { fetch: impl as typeof fetch, attempts };
}

export function newClient(baseURL: string, fetchImpl: typeof fetch, options: ClientOptions = {}): MiniMax {
  return new MiniMax({
    apiKey: SECRET_KEY,
    baseURL,
    fetch: fetchImpl,
    logLevel: 'off',
    ...options,
  });
}

/**
 * The resource types that a leak would show up as: sockets, servers, timers, file handles.
 * Pipes and the like belong to the test runner and are left out.
 */
const TRACKED = new Set([
  'TCPSocketWrap',
  'TCPServerWrap',
  'TCPWrap',
  'Timeout',
  'FileHandle',
  'FSReqCallback',
]);

export type ResourceCounts = Record<string, number>;

export function resourceCounts(): ResourceCounts {
  const counts: ResourceCounts = {};
  for (const type of process.getActiveResourcesInfo()) {
    if (TRACKED.has(type)) counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

function exceeds(now: ResourceCounts, baseline: ResourceCounts): string[] {
  return Object.entries(now)
    .filter(([type, count]) => count > (baseline[type] ?? 0))
    .map(([type, count]) => `${type}: ${count} > ${baseline[type] ?? 0}`);
}

/**
 * Waits (boundedly) until no tracked resource type is above its baseline. Socket teardown is
 * asynchronous after the server closes, so a short grace period is part of the contract, not a leak.
 */
export async function expectNoLeaks(baseline: ResourceCounts, graceMs = 2_000): Promise<string[]> {
  const until = Date.now() + graceMs;
  let extra = exceeds(resourceCounts(), baseline);
  while (extra.length > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    extra = exceeds(resourceCounts(), baseline);
  }
  return extra;
}

export async function tempDir(prefix = 'minimax-rel-'): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Every file under `dir`, recursively, with sizes (temp files included: they start with a dot). */
export async function listFiles(dir: string): Promise<{ name: string; size: number }[]> {
  const out: { name: string; size: number }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath ?? dir, entry.name);
    out.push({ name: full.slice(dir.length + 1), size: (await stat(full)).size });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Requests the mock logged for `path` (exact, or a prefix ending in `/*`), optionally by method. */
export function logged(mock: MockServer, path: string, method?: string): LoggedRequest[] {
  const match = path.endsWith('/*')
    ? (p: string) => p.startsWith(path.slice(0, -1))
    : (p: string) => p === path;
  return mock.requests.filter((r) => match(r.path) && (method === undefined || r.method === method));
}

export { startMockServer };
