/**
 * speech.streamText.ttfb: a model's reply spoken as it streams. From the moment the model is asked
 * to the first decoded audio byte: `speech.streamText(reply.textStream)` against a raw `ws` client
 * speaking the same bidirectional protocol, both fed by the same `text.createStream` reply, both
 * against the bundled mock (in its own process: real sentence grouping, real audio frames).
 */
import { alternate, lazyClient, now, resultsRow, scaled } from '../lib.mjs';
import { startMockChild } from '../mock-child.mjs';
import { API_KEY } from '../raw.mjs';

const PROMPT =
  'The sea is salty because rivers carry salt into it. The sun lifts the water and leaves the salt behind.';
const TEXT = { model: 'MiniMax-M2.7', max_tokens: 256, messages: [{ role: 'user', content: PROMPT }] };
const SPEECH = { model: 'speech-2.8-turbo', voice_setting: { voice_id: 'English_expressive_narrator' } };

/** One raw session: dial and start the task while the reply streams; send text as it comes. */
async function rawSpeak(WebSocket, bidiURL, textStream) {
  const started = now();
  const ws = new WebSocket(bidiURL, {
    headers: { authorization: `Bearer ${API_KEY}` },
    perMessageDeflate: false,
  });
  let first;
  let bytes = 0;
  let ready = false;
  let textDone = false;
  const pending = [];
  const send = (message) => ws.send(JSON.stringify(message));
  const finished = new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('close', () => reject(new Error('closed before task_finished')));
    ws.on('open', () => send({ event: 'task_start', ...SPEECH }));
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      if (message.base_resp && message.base_resp.status_code !== 0) {
        reject(new Error(message.base_resp.status_msg));
        return;
      }
      if (message.event === 'task_started') {
        ready = true;
        if (pending.length > 0) send({ event: 'task_continue', text: pending.splice(0).join('') });
        if (textDone) send({ event: 'task_finish' });
      } else if (message.event === 'task_continued' && message.data?.audio) {
        const audio = Buffer.from(message.data.audio, 'hex');
        first ??= now();
        bytes += audio.byteLength;
      } else if (message.event === 'task_finished') resolve();
    });
  });
  finished.catch(() => {});
  for await (const delta of textStream) {
    if (ready) send({ event: 'task_continue', text: delta });
    else pending.push(delta);
  }
  textDone = true;
  if (ready) send({ event: 'task_finish' });
  await finished;
  ws.terminate();
  if (first === undefined || bytes === 0) throw new Error('no audio');
  return first - started;
}

/** One session of ours: the time to the first chunk; the rest is drained (untimed) before the next. */
async function oursSpeak(client) {
  const started = now();
  const reply = client.text.createStream(TEXT);
  let first;
  let bytes = 0;
  for await (const chunk of client.speech.streamText(reply.textStream, SPEECH)) {
    first ??= now();
    bytes += chunk.byteLength;
  }
  if (first === undefined || bytes === 0) throw new Error('no audio');
  return first - started;
}

const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;

export async function speechStreamText({ scale = 1, rounds = 5 }) {
  // One session takes a few ms: a round is many of them, and more rounds for a steadier median.
  rounds = rounds >= 5 ? 9 : rounds;
  const sessions = scaled(30, scale, 2);
  const mock = await startMockChild();
  try {
    const client = lazyClient(mock.url);
    const { WebSocket } = await import('ws');
    const bidiURL = `${mock.url.replace(/^http/, 'ws')}/ws/v1/t2a_v2_bidi`;
    const many = async (one) => {
      const times = [];
      for (let i = 0; i < sessions; i++) times.push(await one());
      return mean(times);
    };
    const results = await alternate(
      [
        {
          name: 'ours',
          run: async () => {
            const ours = await client();
            return many(() => oursSpeak(ours));
          },
        },
        {
          name: 'raw ws',
          run: async () => {
            // The same text source as ours: only the speaking side differs.
            const ours = await client();
            return many(() => rawSpeak(WebSocket, bidiURL, ours.text.createStream(TEXT).textStream));
          },
        },
      ],
      { rounds },
    );
    return [
      resultsRow(results, {
        name: 'speech.streamText.ttfb',
        caseName: 'speech.streamText',
        unit: 'ms to 1st audio byte',
        better: 'lower',
        target: 'ours ≤ 1.1× raw ws (time to first audio byte)',
        met: (o, b) => o <= b['raw ws'] * 1.1,
        detail: { sessions_per_run: sessions, rounds, reply_chars: PROMPT.length + 27 },
        cpuKey: 'cpu_ms_per_run',
      }),
    ];
  } finally {
    await mock.close();
  }
}
