/**
 * One measurement in a fresh process: `node bench/child.mjs <mode> <json args>`, forked by
 * `runChild()`. Sends back `{ maxRSS (KiB), ms, ... }` or `{ error }` over IPC. Only the client
 * runs here; the server is another process, so its memory and CPU are not counted.
 */
import { join } from 'node:path';
import { describeError, loadSDK, now } from './lib.mjs';
import { rawTTS, rawTTSStreamToFile } from './raw.mjs';

const [mode, rawArgs] = process.argv.slice(2);
const args = JSON.parse(rawArgs ?? '{}');

async function ttsLarge({ base, bytes, who }) {
  let data;
  const started = now();
  if (who === 'ours') {
    const { oursTTS } = await import('./cases/speech.mjs');
    data = await oursTTS(await loadSDK(), base);
  } else {
    data = await rawTTS(base, 'The quick brown fox jumps over the lazy dog.');
  }
  const ms = now() - started;
  if (data.byteLength !== bytes) throw new Error(`got ${data.byteLength} bytes, expected ${bytes}`);
  return { ms };
}

async function ttsStream({ base, bytes, who, dir }) {
  const { rm, stat } = await import('node:fs/promises');
  const path = join(dir, `child-${who}-${process.pid}.mp3`);
  const started = now();
  if (who === 'ours') {
    const { oursTTSStreamToFile } = await import('./cases/speech.mjs');
    await oursTTSStreamToFile(await loadSDK(), base, path);
  } else if (who === 'drain') {
    // The floor: fetch the same stream and drop every chunk (no parsing, no file).
    const res = await fetch(`${base}/v1/t2a_v2`, { method: 'POST', body: '{"stream":true}' });
    let seen = 0;
    for await (const chunk of res.body) seen += chunk.byteLength;
    if (seen < 2 * bytes) throw new Error(`drained ${seen} bytes, expected over ${2 * bytes}`);
    return { ms: now() - started };
  } else {
    await rawTTSStreamToFile(base, 'The quick brown fox jumps over the lazy dog.', path);
  }
  const ms = now() - started;
  const size = (await stat(path)).size;
  await rm(path, { force: true });
  if (size !== bytes) throw new Error(`wrote ${size} bytes, expected ${bytes}`);
  return { ms };
}

async function videoPoll(options) {
  const { videoPollRun } = await import('./cases/video.mjs');
  return videoPollRun(options);
}

const modes = { 'tts-large': ttsLarge, 'tts-stream': ttsStream, 'video-poll': videoPoll };

try {
  const run = modes[mode];
  if (!run) throw new Error(`unknown mode ${mode}`);
  const result = await run(args);
  process.send({ ...result, maxRSS: process.resourceUsage().maxRSS }, () => process.exit(0));
} catch (error) {
  process.send({ error: describeError(error) }, () => process.exit(0));
}
