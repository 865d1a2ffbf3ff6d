/**
 * The benchmark suite: every case, run in order against one loopback server process. `run.mjs` is
 * the command line around it; `bench.test.ts` runs it at a tiny scale as a smoke test.
 */
import { cpus, totalmem } from 'node:os';
import { bundle } from './cases/bundle.mjs';
import { ttsLarge, ttsStreamFile } from './cases/speech.mjs';
import { importCost } from './cases/startup.mjs';
import { textCreate, textStream } from './cases/text.mjs';
import { videoPoll } from './cases/video.mjs';
import { speechWs } from './cases/ws.mjs';
import { describeError, row } from './lib.mjs';
import { startServer } from './server.mjs';

/** Case name, the unit and target its rows get if the whole case fails, and how to run it. */
export const CASES = [
  { name: 'text.create', run: textCreate },
  { name: 'text.stream', run: textStream },
  { name: 'speech.tts.large', run: ttsLarge },
  { name: 'speech.ttsStream.file', run: ttsStreamFile },
  { name: 'speech.ws', run: speechWs },
  { name: 'video.poll', run: videoPoll },
  { name: 'import', run: importCost },
  { name: 'bundle', run: bundle },
];

/** Options per scale: the full run repeats enough for stable medians; a smoke run does each once. */
export function plan(scale) {
  const small = scale < 0.1;
  return {
    scale,
    rounds: small ? 1 : 5,
    rssRuns: small ? 1 : 3,
    runs: small ? 1 : undefined,
    warmup: small ? 0 : undefined,
    caseTimeoutMs: small ? 60_000 : 240_000,
  };
}

function withTimeout(promise, ms, name) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`case ${name} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function machine() {
  const list = cpus();
  return {
    cpu: `${list[0]?.model ?? 'unknown'} (${list.length} cores)`,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    memory_gib: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
  };
}

/**
 * Runs the cases (all, or those named in `only`) and returns the report object of latest.json.
 * `log` receives one line per finished case.
 */
export async function runSuite({ scale = 1, only, log = () => {} } = {}) {
  const options = plan(scale);
  const started = Date.now();
  const server = await startServer();
  const cases = [];
  try {
    for (const c of CASES) {
      if (only && !only.includes(c.name)) continue;
      const caseStarted = Date.now();
      const ctx = { url: server.url, ...options };
      for (const key of Object.keys(ctx)) if (ctx[key] === undefined) delete ctx[key];
      let rows;
      try {
        rows = await withTimeout(c.run(ctx), options.caseTimeoutMs, c.name);
      } catch (error) {
        rows = [
          row({
            name: c.name,
            unit: '-',
            ours: Number.NaN,
            target: '-',
            met: false,
            errors: { case: describeError(error) },
          }),
        ];
      }
      const seconds = (Date.now() - caseStarted) / 1000;
      for (const r of rows) r.seconds = Math.round(seconds * 10) / 10;
      cases.push(...rows);
      log(c.name, rows, seconds);
    }
  } finally {
    await server.close();
  }
  const m = machine();
  return {
    date: new Date().toISOString(),
    node: m.node,
    cpu: m.cpu,
    platform: m.platform,
    memory_gib: m.memory_gib,
    command: 'npm run bench',
    scale,
    duration_s: Math.round((Date.now() - started) / 100) / 10,
    cases,
  };
}
