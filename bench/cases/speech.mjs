/** speech.tts.large, speech.ttsStream.file (time/throughput in process, peak RSS in fresh children). */
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  alternate,
  cpuMap,
  errorsOf,
  loadSDK,
  MiB,
  median,
  now,
  row,
  runChild,
  sampleMap,
  scaled,
} from '../lib.mjs';
import { API_KEY, rawTTS, rawTTSStreamToFile } from '../raw.mjs';

const TEXT = 'The quick brown fox jumps over the lazy dog.';

/** Client-side speech calls, shared with `child.mjs`. */
export async function oursTTS(MiniMax, baseURL) {
  const client = new MiniMax({ apiKey: API_KEY, baseURL });
  const audio = await client.speech.tts({ text: TEXT, model: 'speech-2.8-hd' });
  return audio.data;
}

export async function oursTTSStreamToFile(MiniMax, baseURL, path) {
  const client = new MiniMax({ apiKey: API_KEY, baseURL });
  await client.speech.ttsStream({ text: TEXT, model: 'speech-2.8-hd' }).save(path);
  return (await stat(path)).size;
}

export { rawTTS, rawTTSStreamToFile, TEXT };

/**
 * Runs `rssRuns` fresh children per contender, alternating, each reporting `maxRSS`; returns
 * medians in MiB and per-contender errors.
 */
async function rssInChildren(mode, contenders, args, rssRuns) {
  const samples = Object.fromEntries(contenders.map((c) => [c, []]));
  const errors = {};
  for (let r = 0; r < rssRuns; r++) {
    const order = contenders.map((_, i) => contenders[(i + r) % contenders.length]);
    for (const who of order) {
      if (errors[who]) continue;
      try {
        const reply = await runChild(mode, { ...args, who });
        samples[who].push(reply.maxRSS / 1024);
      } catch (error) {
        errors[who] = error instanceof Error ? error.message : String(error);
      }
    }
  }
  const medians = Object.fromEntries(contenders.map((c) => [c, errors[c] ? null : median(samples[c])]));
  return { medians, samples, errors };
}

export async function ttsLarge({ url, scale = 1, rounds = 5, rssRuns = 3 }) {
  const bytes = scaled(20 * MiB, scale, 1024);
  const base = `${url}/a${bytes}`;
  const timed = async (call) => {
    const started = now();
    const data = await call();
    const ms = now() - started;
    if (data.byteLength !== bytes) throw new Error(`got ${data.byteLength} bytes, expected ${bytes}`);
    return ms;
  };
  const results = await alternate(
    [
      { name: 'ours', run: async () => timed(async () => oursTTS(await loadSDK(), base)) },
      { name: 'raw', run: () => timed(() => rawTTS(base, TEXT)) },
    ],
    { rounds },
  );
  const rss = await rssInChildren('tts-large', ['ours', 'raw'], { base, bytes }, rssRuns);
  const o = results.ours.median;
  const raw = results.raw.median;
  const detail = { audio_bytes: bytes, hex_bytes: 2 * bytes, rounds, rssRuns };
  return [
    row({
      name: 'speech.tts.large',
      caseName: 'speech.tts.large',
      unit: 'ms/reply',
      better: 'lower',
      ours: o,
      baselines: { raw },
      target: 'time ≤ 1.2× raw',
      met: o <= raw * 1.2,
      detail: { ...detail, samples: sampleMap(results), cpu_ms_per_run: cpuMap(results) },
      errors: errorsOf(results),
    }),
    row({
      name: 'speech.tts.large.rss',
      caseName: 'speech.tts.large',
      unit: 'MiB peak RSS',
      better: 'lower',
      ours: rss.medians.ours,
      baselines: { raw: rss.medians.raw },
      target: 'peak RSS ≤ 1.3× raw',
      met: rss.medians.ours <= rss.medians.raw * 1.3,
      detail: { ...detail, samples: rss.samples },
      errors: rss.errors,
    }),
  ];
}

export async function ttsStreamFile({ url, scale = 1, rounds = 5, rssRuns = 3 }) {
  // Each run moves 400 MB of hex at full scale: three rounds keep the case near a minute.
  rounds = Math.min(rounds, 3);
  const bytes = scaled(200 * MiB, scale, 4096);
  const base = `${url}/a${bytes}`;
  const dir = join(tmpdir(), `minimax-bench-${process.pid}`);
  const timed = async (who, write) => {
    const path = join(dir, `${who}.mp3`);
    const started = now();
    const written = await write(path);
    const seconds = (now() - started) / 1000;
    const size = (await stat(path)).size;
    await rm(path, { force: true });
    if (written !== bytes || size !== bytes) throw new Error(`wrote ${size} bytes, expected ${bytes}`);
    return bytes / MiB / seconds;
  };
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  try {
    const results = await alternate(
      [
        {
          name: 'ours',
          run: async () => {
            const MiniMax = await loadSDK();
            return timed('ours', (path) => oursTTSStreamToFile(MiniMax, base, path));
          },
        },
        { name: 'raw', run: () => timed('raw', (path) => rawTTSStreamToFile(base, TEXT, path)) },
      ],
      { rounds },
    );
    // "drain" only reads the body and drops it: the floor any fetch-based client starts from.
    const rss = await rssInChildren('tts-stream', ['ours', 'raw', 'drain'], { base, bytes, dir }, rssRuns);
    const o = results.ours.median;
    const raw = results.raw.median;
    const detail = { audio_bytes: bytes, hex_bytes: 2 * bytes, rounds, rssRuns };
    return [
      row({
        name: 'speech.ttsStream.file',
        caseName: 'speech.ttsStream.file',
        unit: 'MiB audio/s',
        better: 'higher',
        ours: o,
        baselines: { raw },
        target: 'throughput ≥ 0.8× raw',
        met: o >= raw * 0.8,
        detail: { ...detail, samples: sampleMap(results), cpu_ms_per_run: cpuMap(results) },
        errors: errorsOf(results),
      }),
      row({
        name: 'speech.ttsStream.file.rss',
        caseName: 'speech.ttsStream.file',
        unit: 'MiB peak RSS',
        better: 'lower',
        ours: rss.medians.ours,
        baselines: { raw: rss.medians.raw, 'fetch drain (floor)': rss.medians.drain },
        target: 'peak RSS ≤ 64 MiB',
        met: rss.medians.ours <= 64,
        note: 'fetch drain = the same stream read and dropped, no parsing: the floor of any fetch client',
        detail: { ...detail, samples: rss.samples },
        errors: rss.errors,
      }),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
