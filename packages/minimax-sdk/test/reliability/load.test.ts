/**
 * Load: a thousand concurrent calls through the mock with faults injected. Every call must finish,
 * the request count must match the retries exactly, and a POST must never be sent twice.
 *
 * Each test prints one `[load]` line with the measured figures (RELIABILITY.md quotes a run).
 */
import { describe, expect, it } from 'vitest';
import { APIConnectionError } from '../../src/index.js';
import type { Fault } from '../../src/mock/index.js';
import { countingFetch, expectNoLeaks, newClient, resourceCounts, startMockServer } from './helpers.js';

const CALLS = 1_000;
const FAULTS = CALLS / 10;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timed(run: () => Promise<unknown>): Promise<{ ms: number; value?: unknown; error?: unknown }> {
  const started = performance.now();
  try {
    const value = await run();
    return { ms: performance.now() - started, value };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

function report(name: string, figures: Record<string, string | number>): void {
  console.log(
    `[load] ${name}: ${Object.entries(figures)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`,
  );
}

describe('load', () => {
  it(`${CALLS} concurrent calls with ${FAULTS} injected 503s (some with Retry-After) all complete, with exactly one extra request per 503`, async () => {
    const baseline = resourceCounts();
    const mock = await startMockServer();
    const { fetch, attempts } = countingFetch();
    // Enough retries that even a call unlucky enough to meet several faults in a row gets through.
    const client = newClient(mock.url, fetch, { maxRetries: 5, timeout: 15_000 });
    // Half the faults on each path, so POSTs and GETs both meet them whatever the arrival order.
    const faults: Fault[] = ['/v1/get_voice', '/v1/files/list'].flatMap((path): Fault[] => [
      { path, status: 503, times: FAULTS * 0.35 },
      { path, status: 503, retryAfter: 1, times: FAULTS * 0.1 },
      { path, status: 503, retryAfterMs: 50, times: FAULTS * 0.05 },
    ]);
    mock.faults.add(...faults);
    const started = performance.now();
    try {
      const results = await Promise.all(
        Array.from({ length: CALLS }, (_, i) =>
          timed(() =>
            i % 2 === 0
              ? client.voice.list({ voice_type: 'system' })
              : client.files.list({ purpose: 'voice_clone' }),
          ),
        ),
      );
      const wall = performance.now() - started;
      const failed = results.filter((r) => r.error !== undefined);
      expect(failed.map((r) => String(r.error))).toEqual([]);
      expect(mock.faults.list()).toEqual([]);
      expect(mock.requests).toHaveLength(CALLS + FAULTS);
      expect(attempts).toHaveLength(CALLS + FAULTS);
      const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
      report('503s', {
        calls: CALLS,
        injected_503: FAULTS,
        requests: mock.requests.length,
        failed: failed.length,
        wall_ms: Math.round(wall),
        p50_ms: Math.round(percentile(latencies, 50)),
        p95_ms: Math.round(percentile(latencies, 95)),
        max_ms: Math.round(latencies.at(-1) ?? 0),
        rps: Math.round((mock.requests.length / wall) * 1000),
      });
    } finally {
      await mock.close();
    }
    expect(await expectNoLeaks(baseline)).toEqual([]);
  });

  it(`${CALLS} concurrent calls with ${FAULTS} resets after the request was sent: no POST is sent twice, every GET is replayed`, async () => {
    const baseline = resourceCounts();
    const mock = await startMockServer();
    const { fetch, attempts } = countingFetch();
    const client = newClient(mock.url, fetch, { maxRetries: 5, timeout: 15_000 });
    // Half the resets on each path: POSTs are built asynchronously, so with one `*` fault the GETs
    // would arrive first and take every reset.
    mock.faults.add(
      { path: '/v1/video_generation', drop: 'before-response', times: FAULTS / 2 },
      { path: '/v1/files/list', drop: 'before-response', times: FAULTS / 2 },
    );
    const posts = CALLS / 2;
    const started = performance.now();
    try {
      const results = await Promise.all(
        Array.from({ length: CALLS }, (_, i) =>
          timed(() =>
            i % 2 === 0
              ? client.video.create({ model: 'MiniMax-Hailuo-2.3', prompt: `call ${i}` })
              : client.files.list({ purpose: 'voice_clone' }),
          ),
        ),
      );
      const wall = performance.now() - started;
      const postResults = results.filter((_, i) => i % 2 === 0);
      const getResults = results.filter((_, i) => i % 2 === 1);
      const failedPosts = postResults.filter((r) => r.error !== undefined);
      // Exactly the POSTs whose connection was reset fail, each as a connection error...
      expect(failedPosts).toHaveLength(FAULTS / 2);
      for (const r of failedPosts) expect(r.error).toBeInstanceOf(APIConnectionError);
      // ...and every GET gets through, replayed as often as it took.
      expect(getResults.filter((r) => r.error !== undefined)).toEqual([]);
      expect(mock.faults.list()).toEqual([]);

      // No POST reached the server twice: every prompt appears exactly once in the log.
      const prompts = mock.requests
        .filter((r) => r.method === 'POST')
        .map((r) => (r.body as { prompt: string }).prompt);
      expect(prompts).toHaveLength(posts);
      expect(new Set(prompts).size).toBe(posts);
      expect(attempts.filter((a) => a.method === 'POST')).toHaveLength(posts);

      // Each reset cost a POST its answer or a GET one replay, and nothing else.
      const resetGets = FAULTS - failedPosts.length;
      expect(mock.requests).toHaveLength(CALLS + resetGets);
      const latencies = results.map((r) => r.ms).sort((a, b) => a - b);
      report('resets', {
        calls: CALLS,
        injected_resets: FAULTS,
        posts_failed_not_replayed: failedPosts.length,
        gets_replayed: resetGets,
        requests: mock.requests.length,
        duplicate_posts: posts - new Set(prompts).size,
        wall_ms: Math.round(wall),
        p50_ms: Math.round(percentile(latencies, 50)),
        p95_ms: Math.round(percentile(latencies, 95)),
        max_ms: Math.round(latencies.at(-1) ?? 0),
      });
    } finally {
      await mock.close();
    }
    expect(await expectNoLeaks(baseline)).toEqual([]);
  });
});
