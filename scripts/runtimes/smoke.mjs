// One smoke script for every runtime: the same calls against the mock at `baseURL`. Plain
// JavaScript with no Node-only import, so Node, Bun and Deno run it through smoke-cli.mjs, a
// browser page and a workerd worker bundle it with esbuild and call `smoke()` themselves.
import MiniMax, { AuthError, MiniMaxError, toFile } from 'minimax-sdk';

/**
 * Runs every step (or those in `only`) and returns `{ steps: { name: 'ok…' | 'error: …' } }`.
 * `socket: 'refused'` is for runtimes that cannot send the socket's Authorization header (a
 * browser): there the WebSocket step passes only when speech.connect rejects with the SDK's clear
 * error (and the wrong-key step, `badKey`, is left out). The WebSocket step names the
 * implementation the SDK chose (from its debug log). `bidi` likewise for the bidirectional
 * session, which needs WebSocket pings (workerd refuses it).
 */
export async function smoke({ baseURL, only = [], socket = 'open', bidi = socket }) {
  const debug = [];
  const client = new MiniMax({
    apiKey: 'test-key',
    baseURL,
    maxRetries: 0,
    timeout: 20_000,
    // A browser page is where the smoke runs on purpose: the key is the mock's.
    dangerouslyAllowBrowser: true,
    logLevel: 'debug',
    logger: { debug: (line) => debug.push(line), info() {}, warn() {}, error() {} },
  });
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
      const opening = client.speech.connect({ model: 'speech-2.8-hd', voice_setting: voice });
      if (socket === 'refused') {
        const error = await opening.then(
          () => new Error('the socket opened, but this runtime should have refused it'),
          (refusal) => refusal,
        );
        if (!(error instanceof MiniMaxError) || !/Authorization header/.test(error.message)) throw error;
        return `refused as expected: ${error.message}`;
      }
      const conn = await opening;
      try {
        const audio = await conn.send({ text: 'Hello over the socket.' });
        if (!(audio.data.byteLength > 0)) throw new Error('no audio');
      } finally {
        await conn.close();
      }
      const via = debug.map((line) => / via (.+)$/.exec(line)?.[1]).find(Boolean);
      return `via ${via ?? 'an implementation the debug log did not name'}`;
    },
    // A wrong key on the socket: the typed AuthError with the refusal's own code, however the
    // runtime's socket reports the refused upgrade (Node's and Bun's hide the status or body).
    // Only where the socket can open at all: a browser refuses before asking the server.
    ...(socket === 'open' && {
      async badKey() {
        const wrong = new MiniMax({ apiKey: 'wrong-key', baseURL, maxRetries: 0, timeout: 20_000 });
        const error = await wrong.speech.connect({ model: 'speech-2.8-hd', voice_setting: voice }).then(
          () => new Error('the socket opened with a wrong key'),
          (refusal) => refusal,
        );
        if (!(error instanceof AuthError) || error.status !== 401 || error.code !== 1004) throw error;
        if (error.message.includes('wrong-key'))
          throw new Error(`the key is in the message: ${error.message}`);
        return `AuthError, HTTP ${error.status}, code ${error.code}`;
      },
    }),
    async bidi() {
      const opening = client.speech.connectBidi({ model: 'speech-2.8-turbo', voice_setting: voice });
      if (bidi === 'refused') {
        const error = await opening.then(
          () => new Error('the session opened, but this runtime should have refused it'),
          (refusal) => refusal,
        );
        // A browser lacks the header; workerd has it but sends no pings.
        if (!(error instanceof MiniMaxError) || !/Authorization header|ping/.test(error.message)) throw error;
        return `refused as expected: ${error.message}`;
      }
      const session = await opening;
      let bytes = 0;
      const reading = (async () => {
        for await (const chunk of session) bytes += chunk.byteLength;
      })();
      try {
        await session.write('Hello over the bidirectional socket. ');
        await session.finish();
        await reading;
      } finally {
        await session.close();
      }
      if (bytes === 0) throw new Error('no audio');
      const via = debug
        .filter((line) => line.includes('t2a_v2_bidi'))
        .map((line) => / via (.+)$/.exec(line)?.[1]);
      return `via ${via.find(Boolean) ?? 'an implementation the debug log did not name'}`;
    },
  };

  const results = {};
  for (const [name, step] of Object.entries(steps)) {
    if (only.length > 0 && !only.includes(name)) continue;
    try {
      const note = await step();
      results[name] = note ? `ok (${note})` : 'ok';
    } catch (error) {
      results[name] = `error: ${error?.message ?? String(error)}`.slice(0, 300);
    }
  }
  return { steps: results };
}
