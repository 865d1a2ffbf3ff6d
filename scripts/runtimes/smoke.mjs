// One smoke script for every runtime: the same calls against the mock whose URL is in
// MINIMAX_BASE_URL. Prints one JSON line: { runtime, steps: { name: 'ok' | 'error: …' } }.
// Plain JavaScript with no Node-only import of its own, so Node, Bun and Deno run it as it is.
import MiniMax, { toFile } from 'minimax-sdk';

const baseURL = globalThis.process?.env?.MINIMAX_BASE_URL ?? globalThis.Deno?.env.get('MINIMAX_BASE_URL');
const client = new MiniMax({ apiKey: 'test-key', baseURL, maxRetries: 0, timeout: 20_000 });
const voice = { voice_id: 'English_expressive_narrator' };

const steps = {
  async text() {
    const message = await client.text.create({
      model: 'MiniMax-M2.7',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Say hi' }],
    });
    if (!Array.isArray(message.content) || message.content.length === 0) throw new Error('no content');
  },
  async stream() {
    let events = 0;
    const stream = client.text.createStream({
      model: 'MiniMax-M2.7',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Say hi' }],
    });
    for await (const _event of stream) events++;
    if (events === 0) throw new Error('no events');
  },
  async tts() {
    const audio = await client.speech.tts({ text: 'Hello.', model: 'speech-2.8-hd', voice_setting: voice });
    if (!(audio.data.byteLength > 0)) throw new Error('no audio');
  },
  async ttsStream() {
    let bytes = 0;
    for await (const chunk of client.speech.ttsStream({
      text: 'Hello.',
      model: 'speech-2.8-turbo',
      voice_setting: voice,
    }))
      bytes += chunk.byteLength;
    if (bytes === 0) throw new Error('no audio');
  },
  async upload() {
    const file = await toFile(new Uint8Array([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]), 'sample.mp3');
    const info = await client.files.upload({ file, purpose: 'voice_clone' });
    if (!info.file_id) throw new Error('no file_id');
  },
  async image() {
    const result = await client.image.generate({ model: 'image-01', prompt: 'A lighthouse at dawn' });
    if (JSON.stringify(result).length < 10) throw new Error('empty result');
  },
  async websocket() {
    const conn = await client.speech.connect({ model: 'speech-2.8-hd', voice_setting: voice });
    try {
      const audio = await conn.send({ text: 'Hello over the socket.' });
      if (!(audio.data.byteLength > 0)) throw new Error('no audio');
    } finally {
      await conn.close();
    }
  },
};

const only = (globalThis.process?.env?.SMOKE_STEPS ?? globalThis.Deno?.env.get('SMOKE_STEPS') ?? '')
  .split(',')
  .filter(Boolean);
const results = {};
for (const [name, step] of Object.entries(steps)) {
  if (only.length > 0 && !only.includes(name)) continue;
  try {
    await step();
    results[name] = 'ok';
  } catch (error) {
    results[name] = `error: ${error?.message ?? String(error)}`.slice(0, 300);
  }
}
console.log(JSON.stringify({ steps: results }));
