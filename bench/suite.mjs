/**
 * The benchmark suite: every case, run in order against one loopback server process. `run.mjs` is
 * the command line around it; `bench.test.ts` runs it at a tiny scale as a smoke test.
 */
import { cpus, totalmem } from 'node:os';
import { bundle } from './cases/bundle.mjs';
import { chatCreate, chatStream } from './cases/chat.mjs';
import { speechStreamText } from './cases/speak.mjs';
import { ttsLarge, ttsStreamFile } from './cases/speech.mjs';
import { importCost } from './cases/startup.mjs';
import { textCreate, textStream } from './cases/text.mjs';
import { transcribeUpload } from './cases/transcribe.mjs';
import { videoPoll } from './cases/video.mjs';
import { speechWs } from './cases/ws.mjs';
import { describeError, row } from './lib.mjs';
import { startServer } from './server.mjs';

/** Every case in run order: its name (what `BENCH_ONLY` picks) and the function returning its rows. */
export const CASES = [
  { name: 'text.create', run: textCreate },
  { name: 'text.stream', run: textStream },
  { name: 'chat.create', run: chatCreate },
  { name: 'chat.stream', run: chatStream },
  { name: 'speech.tts.large', run: ttsLarge },
  { name: 'speech.ttsStream.file', run: ttsStreamFile },
  { name: 'speech.ws', run: speechWs },
  { name: 'speech.streamText', run: speechStreamText },
  { name: 'speech.transcribe.upload', run: transcribeUpload },
  { name: 'video.poll', run: videoPoll },
  { name: 'import', run: importCost },
  { name: 'bundle', run: bundle },
];

/**
 * Options per scale: the full run repeats enough for stable medians (`runs` and `warmup` then keep
 * each case's own defaults); a smoke run does each once.
 */
function plan(scale) {
  return scale < 0.1
    ? { scale, rounds: 1, rssRuns: 1, runs: 1, warmup: 0, caseTimeoutMs: 60_000 }
    : { scale, rounds: 5, rssRuns: 3, caseTimeoutMs: 240_000 };
}

function withTimeout(promise, ms, name) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`case ${name} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs the cases (all, or those named in `only`) and returns the report object of latest.json.
 * `log` receives one line per finished case.
 */
export async function runSuite({ scale = 1, only, log = () => {} } = {}) {
  const options = plan(scale);
  const started = Date.now();
  const server = await startServer();
  const ctx = { url: server.url, ...options };
  const cases = [];
  try {
    for (const c of CASES) {
      if (only && !only.includes(c.name)) continue;
      const caseStarted = Date.now();
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
  const list = cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: `${list[0]?.model ?? 'unknown'} (${list.length} cores)`,
    platform: `${process.platform} ${process.arch}`,
    memory_gib: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    command: 'npm run bench',
    scale,
    duration_s: Math.round((Date.now() - started) / 100) / 10,
    cases,
  };
}
