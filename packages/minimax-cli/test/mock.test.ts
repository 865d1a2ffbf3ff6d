/** `minimax mock` as a development server: --tls (and its CA file), --schedule, --log [FILE]. */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild, type Spawned, spawnCli } from './helpers.js';

const running: Spawned[] = [];
let dir: string | undefined;

beforeAll(() => requireBuild());

afterEach(async () => {
  for (const proc of running.splice(0)) if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

function spawnTracked(args: string[], env?: Record<string, string>): Spawned {
  const proc = spawnCli(args, env);
  running.push(proc);
  return proc;
}

interface Started {
  url: string;
  ca_file: string | null;
  schedule: string | null;
  log_file: string | null;
}

/** Starts `minimax mock --json …` and reads what it printed. */
async function startMock(args: string[]): Promise<{ proc: Spawned; info: Started }> {
  const proc = spawnTracked(['mock', '--json', ...args]);
  await proc.waitFor(/"log_file"[\s\S]*\}/, 'stdout');
  return { proc, info: JSON.parse(proc.stdout().toString('utf8')) as Started };
}

/** A JSON call over https trusting only `ca`. */
function callTLS(url: string, ca: string, method: string, body?: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, ca, headers: { authorization: 'Bearer any', 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

describe('minimax mock', () => {
  it('--tls serves https, writes its CA to a file and says to trust it with NODE_EXTRA_CA_CERTS', async () => {
    const human = spawnTracked(['mock', '--tls']);
    await human.waitFor(/NODE_EXTRA_CA_CERTS=\S+ca\.pem/, 'stdout');
    expect(human.stdout().toString()).toMatch(/listening on https:\/\/127\.0\.0\.1:\d+/);
    expect(human.stdout().toString()).toMatch(/CA certificate .*: \S+ca\.pem/);
    human.child.kill('SIGINT');
    expect(await human.exit).toBe(0);

    const { proc, info } = await startMock(['--tls']);
    expect(info.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const caFile = info.ca_file as string;
    expect(await readFile(caFile, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
    // The hint works: a Node client started with it trusts the mock; without it, it refuses.
    const trusting = spawnTracked(['voices', 'list', '-q'], {
      MINIMAX_BASE_URL: info.url,
      MINIMAX_API_KEY: 'any',
      NODE_EXTRA_CA_CERTS: caFile,
    });
    expect(await trusting.exit).toBe(0);
    expect(trusting.stdout().toString()).toContain('English_expressive_narrator');
    const doubting = spawnTracked(['voices', 'list', '-q', '--max-retries', '0'], {
      MINIMAX_BASE_URL: info.url,
      MINIMAX_API_KEY: 'any',
    });
    expect(await doubting.exit).not.toBe(0);
    proc.child.kill('SIGTERM');
    expect(await proc.exit).toBe(0);
    // The CA file goes with the server.
    expect(existsSync(caFile)).toBe(false);
  });

  /** A `minimax mock --tls` with `args`, a video task created on it, and the query of that task. */
  async function videoTaskOnTLSMock(args: readonly string[]) {
    const { proc, info } = await startMock(['--tls', ...args]);
    const ca = await readFile(info.ca_file as string, 'utf8');
    const created = await callTLS(`${info.url}/v1/video_generation`, ca, 'POST', {
      model: 'MiniMax-Hailuo-2.3',
      prompt: 'A lighthouse at dawn',
    });
    return { proc, ca, query: `${info.url}/v1/query/video_generation?task_id=${String(created.task_id)}` };
  }

  it('--schedule fast finishes a task on its first query; the default takes a stage per query', async () => {
    for (const [args, first] of [
      [['--schedule', 'fast'], 'Success'],
      [[], 'Preparing'],
    ] as const) {
      const { proc, ca, query } = await videoTaskOnTLSMock(args);
      expect((await callTLS(query, ca, 'GET')).status).toBe(first);
      proc.child.kill('SIGINT');
      expect(await proc.exit).toBe(0);
    }
  });

  it('--schedule realistic goes by the clock (10 s a stage): queries at once leave a task where it was', async () => {
    for (const [args, second] of [
      [['--schedule', 'realistic'], 'Preparing'],
      [[], 'Queueing'],
    ] as const) {
      const { proc, ca, query } = await videoTaskOnTLSMock(args);
      expect((await callTLS(query, ca, 'GET')).status).toBe('Preparing');
      expect((await callTLS(query, ca, 'GET')).status, args.join(' ') || 'default').toBe(second);
      proc.child.kill('SIGINT');
      expect(await proc.exit).toBe(0);
    }
  });

  it('--schedule refuses a pace it does not know', async () => {
    const proc = spawnTracked(['mock', '--schedule', 'slow']);
    expect(await proc.exit).not.toBe(0);
    expect(proc.stderr()).toMatch(/fast, realistic/);
  });

  it('--log FILE appends each request with its answer as a JSON line', async () => {
    dir = await mkdtemp(join(tmpdir(), 'minimax-mock-log-'));
    const file = join(dir, 'mock.jsonl');
    const { proc, info } = await startMock(['--log', file, '--require-key', 'right']);
    expect(info.log_file).toBe(file);
    const env = { MINIMAX_BASE_URL: info.url, MINIMAX_API_KEY: 'right' };
    expect(await spawnTracked(['voices', 'list', '-q'], env).exit).toBe(0);
    expect(await spawnTracked(['voices', 'list', '-q'], { ...env, MINIMAX_API_KEY: 'wrong' }).exit).toBe(1);
    proc.child.kill('SIGINT');
    expect(await proc.exit).toBe(0);
    const entries = (await readFile(file, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        method: 'POST',
        path: '/v1/get_voice',
        headers: { authorization: 'Bearer ***' },
      });
    }
    expect(entries[0].response).toMatchObject({
      status: 200,
      complete: true,
      body: { base_resp: { status_code: 0 } },
    });
    expect(JSON.stringify(entries[0].response.body)).toContain('English_expressive_narrator');
    // An error answer is logged as sent: MiniMax answers a wrong key with 1004 in an HTTP 200.
    expect(entries[1].response).toMatchObject({ status: 200, body: { base_resp: { status_code: 1004 } } });
    expect(JSON.stringify(entries)).not.toContain('wrong');
  });

  it('--log without a file prints each request and its answer status on stderr', async () => {
    const proc = spawnTracked(['mock', '--log']);
    await proc.waitFor(/MINIMAX_BASE_URL=(\S+)/, 'stdout');
    const url = /MINIMAX_BASE_URL=(\S+)/.exec(proc.stdout().toString())?.[1] as string;
    expect(
      await spawnTracked(['voices', 'list', '-q'], { MINIMAX_BASE_URL: url, MINIMAX_API_KEY: 'any' }).exit,
    ).toBe(0);
    await proc.waitFor(/POST \/v1\/get_voice -> 200/);
    proc.child.kill('SIGINT');
    expect(await proc.exit).toBe(0);
  });
});
