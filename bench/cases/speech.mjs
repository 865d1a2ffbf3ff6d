/** speech.tts.large, speech.ttsStream.file (time/throughput in process, peak RSS in fresh children). */
import { mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  alternate,
  alternateChildren,
  errorsOf,
  loadSDK,
  MiB,
  now,
  resultsRow,
  row,
  scaled,
} from '../lib.mjs';
import { API_KEY, rawTTS, rawTTSStreamToFile } from '../raw.mjs';

export const TEXT = 'The quick brown fox jumps over the lazy dog.';

/** Client-side speech calls, shared with `profile.mjs`. */
export async function oursTTS(MiniMax, baseURL) {
  const client = new MiniMax({ apiKey: API_KEY, baseURL });
  const audio = await client.speech.tts({ text: TEXT, model: 'speech-2.8-hd' });
  return audio.data;
}

export async function oursTTSStreamToFile(MiniMax, baseURL, path) {
  const client = new MiniMax({ apiKey: API_KEY, baseURL });
  await client.speech.ttsStream({ text: TEXT, model: 'speech-2.8-hd' }).save(path);
}

/** One non-streamed reply of `who` ('ours' | 'raw'), checked: its time in ms. Shared with child.mjs. */
export async function timeTTS(who, base, bytes) {
  const MiniMax = who === 'ours' ? await loadSDK() : undefined;
  const started = now();
  const data = MiniMax ? await oursTTS(MiniMax, base) : await rawTTS(base, TEXT);
  const ms = now() - started;
  if (data.byteLength !== bytes) throw new Error(`got ${data.byteLength} bytes, expected ${bytes}`);
  return ms;
}

/** `who`'s speech stream saved to `path`, checked and removed: its time in s. Shared with child.mjs. */
export async function timeTTSStream(who, base, bytes, path) {
  const MiniMax = who === 'ours' ? await loadSDK() : undefined;
  const started = now();
  if (MiniMax) await oursTTSStreamToFile(MiniMax, base, path);
  else await rawTTSStreamToFile(base, TEXT, path);
  const seconds = (now() - started) / 1000;
  const size = (await stat(path)).size;
  await rm(path, { force: true });
  if (size !== bytes) throw new Error(`wrote ${size} bytes, expected ${bytes}`);
  return seconds;
}

/**
 * Both speech cases: `run(who)` for ours and raw, alternating in process (`rounds`), then one call
 * per fresh child (`child.mjs <mode>`), `rssRuns` each, alternating. Returns the time row (`time`:
 * its unit, target and `met`) and the peak-RSS row (`memory`: target, `met(MiB by who)`, note);
 * `labels` maps each baseline child's `who` to its name in the row.
 */
async function speechRows({ name, bytes, rounds, rssRuns, run, time, mode, args, labels, memory }) {
  const contenders = ['ours', 'raw'].map((who) => ({ name: who, run: () => run(who) }));
  const results = await alternate(contenders, { rounds });
  const rss = await alternateChildren(mode, ['ours', ...Object.keys(labels)], args, {
    rounds: rssRuns,
    sample: (reply) => reply.maxRSS / 1024,
  });
  const mib = Object.fromEntries(Object.entries(rss).map(([who, entry]) => [who, entry.median]));
  const detail = { audio_bytes: bytes, hex_bytes: 2 * bytes, rounds, rssRuns };
  return [
    resultsRow(results, { name, ...time, detail }),
    row({
      name: `${name}.rss`,
      caseName: name,
      unit: 'MiB peak RSS',
      better: 'lower',
      ours: mib.ours,
      baselines: Object.fromEntries(Object.entries(labels).map(([who, label]) => [label, mib[who]])),
      target: memory.target,
      met: memory.met(mib),
      note: memory.note,
      detail: { ...detail, samples: Object.fromEntries(Object.entries(rss).map(([w, e]) => [w, e.samples])) },
      errors: errorsOf(rss),
    }),
  ];
}

export async function ttsLarge({ url, scale = 1, rounds = 5, rssRuns = 3 }) {
  const bytes = scaled(20 * MiB, scale, 1024);
  const base = `${url}/a${bytes}`;
  return speechRows({
    name: 'speech.tts.large',
    bytes,
    rounds,
    rssRuns,
    run: (who) => timeTTS(who, base, bytes),
    time: {
      unit: 'ms/reply',
      better: 'lower',
      target: 'time ≤ 1.2× raw',
      met: (o, b) => o <= b.raw * 1.2,
    },
    mode: 'tts-large',
    args: { base, bytes },
    labels: { raw: 'raw' },
    memory: { target: 'peak RSS ≤ 1.3× raw', met: (mib) => mib.ours <= mib.raw * 1.3 },
  });
}

export async function ttsStreamFile({ url, scale = 1, rounds = 5, rssRuns = 3 }) {
  const bytes = scaled(200 * MiB, scale, 4096);
  const base = `${url}/a${bytes}`;
  const dir = join(tmpdir(), `minimax-bench-${process.pid}`);
  await mkdir(dir, { recursive: true });
  try {
    return await speechRows({
      name: 'speech.ttsStream.file',
      bytes,
      // Each run moves 400 MB of hex at full scale: three rounds keep the case near a minute.
      rounds: Math.min(rounds, 3),
      rssRuns,
      run: async (who) => bytes / MiB / (await timeTTSStream(who, base, bytes, join(dir, `${who}.mp3`))),
      time: {
        unit: 'MiB audio/s',
        better: 'higher',
        target: 'throughput ≥ 0.8× raw',
        met: (o, b) => o >= b.raw * 0.8,
      },
      mode: 'tts-stream',
      args: { base, bytes, dir },
      // "drain" only reads the body and drops it: the floor any fetch-based client starts from.
      labels: { raw: 'raw', drain: 'fetch drain (floor)' },
      memory: {
        target: 'peak RSS ≤ 64 MiB',
        met: (mib) => mib.ours <= 64,
        note: 'fetch drain = the same stream read and dropped, no parsing: the floor of any fetch client',
      },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
