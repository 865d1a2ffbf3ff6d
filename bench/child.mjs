/**
 * One measurement in a fresh process: `node bench/child.mjs <mode> <json args>`, forked by
 * `runChild()`. Sends back `{ maxRSS (KiB), ms, ... }` or `{ error }` over IPC. Only the client
 * runs here; the server is another process, so its memory and CPU are not counted.
 */
import { join } from 'node:path';
import { describeError, now } from './lib.mjs';

const [mode, rawArgs] = process.argv.slice(2);
const args = JSON.parse(rawArgs ?? '{}');

// The case modules are imported where used, so each process loads only what its mode needs.

async function ttsLarge({ base, bytes, who }) {
  const { timeTTS } = await import('./cases/speech.mjs');
  return { ms: await timeTTS(who, base, bytes) };
}

async function ttsStream({ base, bytes, who, dir }) {
  if (who === 'drain') return drain(base, bytes);
  const { timeTTSStream } = await import('./cases/speech.mjs');
  const path = join(dir, `child-${who}-${process.pid}.mp3`);
  return { ms: (await timeTTSStream(who, base, bytes, path)) * 1000 };
}

/** The floor: fetch the same stream and drop every chunk (no parsing, no file). */
async function drain(base, bytes) {
  const started = now();
  const res = await fetch(`${base}/v1/t2a_v2`, { method: 'POST', body: '{"stream":true}' });
  let seen = 0;
  for await (const chunk of res.body) seen += chunk.byteLength;
  if (seen < 2 * bytes) throw new Error(`drained ${seen} bytes, expected over ${2 * bytes}`);
  return { ms: now() - started };
}

async function videoPoll(options) {
  const { videoPollRun } = await import('./cases/video.mjs');
  return videoPollRun(options);
}

async function transcribeUpload(options) {
  const { transcribeOnce } = await import('./cases/transcribe.mjs');
  return { ms: await transcribeOnce(options) };
}

const modes = {
  'tts-large': ttsLarge,
  'tts-stream': ttsStream,
  'video-poll': videoPoll,
  'transcribe-upload': transcribeUpload,
};

try {
  const run = modes[mode];
  if (!run) throw new Error(`unknown mode ${mode}`);
  const result = await run(args);
  process.send({ ...result, maxRSS: process.resourceUsage().maxRSS }, () => process.exit(0));
} catch (error) {
  process.send({ error: describeError(error) }, () => process.exit(0));
}
