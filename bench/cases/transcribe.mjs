/**
 * speech.transcribe.upload: peak RSS of transcribing a 50 MB file from its path, each run in a
 * fresh child process, against a raw `fetch` + `FormData` upload of the same file. The raw client
 * is written as a careful developer would: the file as a disk-backed Blob (`fs.openAsBlob`), so
 * neither side holds the file in memory unless its code does. A second baseline reads the file
 * into memory first (`readFile`), the common shortcut, to show what buffering would cost.
 */
import { randomBytes } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alternateChildren, errorsOf, loadSDK, MiB, now, row, scaled } from '../lib.mjs';
import { API_KEY } from '../raw.mjs';

/** Writes `bytes` of random data in 1 MiB pieces (never the whole file in memory). */
async function makeFile(path, bytes) {
  const handle = await open(path, 'w');
  try {
    const piece = randomBytes(Math.min(bytes, MiB));
    for (let left = bytes; left > 0; left -= piece.byteLength) {
      await handle.write(piece, 0, Math.min(left, piece.byteLength));
    }
  } finally {
    await handle.close();
  }
}

async function rawUpload(base, blob) {
  const form = new FormData();
  form.append('model', 'asr-1.0');
  form.append('response_format', 'json');
  form.append('file', blob, 'audio.mp3');
  const res = await fetch(`${base}/v1/speech_to_text`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}` },
    body: form,
  });
  const body = JSON.parse(await res.text());
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return body;
}

/**
 * One transcription of `path` by `who` (`ours`, `raw`: openAsBlob, `raw-buffered`: readFile),
 * checked: the server must have received at least the whole file. Its time in ms.
 */
export async function transcribeOnce({ who, base, path, bytes }) {
  const MiniMax = who === 'ours' ? await loadSDK() : undefined;
  const started = now();
  let answer;
  if (MiniMax) {
    const client = new MiniMax({ apiKey: API_KEY, baseURL: base, maxRetries: 0 });
    answer = await client.speech.transcribe({ file: path });
  } else if (who === 'raw') {
    answer = await rawUpload(base, await openAsBlob(path));
  } else {
    answer = await rawUpload(base, new Blob([await readFile(path)]));
  }
  const ms = now() - started;
  if (!(answer.received >= bytes))
    throw new Error(`the server got ${answer.received} bytes of a ${bytes}-byte file`);
  return ms;
}

export async function transcribeUpload({ url, scale = 1, rssRuns = 3 }) {
  const bytes = scaled(50 * MiB, scale, 64 * 1024);
  const base = `${url}/u${bytes}`;
  const dir = join(tmpdir(), `minimax-bench-stt-${process.pid}`);
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'speech.mp3');
  try {
    await makeFile(path, bytes);
    const rss = await alternateChildren(
      'transcribe-upload',
      ['ours', 'raw', 'raw-buffered'],
      { base, path, bytes },
      {
        rounds: rssRuns,
        sample: (reply) => reply.maxRSS / 1024,
      },
    );
    const mib = Object.fromEntries(Object.entries(rss).map(([who, entry]) => [who, entry.median]));
    return [
      row({
        name: 'speech.transcribe.upload.rss',
        caseName: 'speech.transcribe.upload',
        unit: 'MiB peak RSS',
        better: 'lower',
        ours: mib.ours,
        baselines: { 'raw fetch + FormData': mib.raw, 'raw, file read into memory': mib['raw-buffered'] },
        target: 'peak RSS ≤ 1.2× raw fetch + FormData',
        met: mib.ours <= mib.raw * 1.2,
        note: 'a 50 MB file from its path, each upload in a fresh process; raw = fs.openAsBlob in a FormData',
        detail: {
          file_bytes: bytes,
          rssRuns,
          samples: Object.fromEntries(Object.entries(rss).map(([w, e]) => [w, e.samples])),
        },
        errors: errorsOf(rss),
      }),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
