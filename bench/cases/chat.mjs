/** chat.create (per-request overhead) and chat.stream (SSE decoding throughput), against openai. */
import { alternate, interleave, lazyClient, loadOpenAI, now, rescale, resultsRow, scaled } from '../lib.mjs';
import { API_KEY, rawPostJSON, rawPostJSONWithDeadline, rawSSE } from '../raw.mjs';
import { chatStreamEvents } from '../server.mjs';

/** The request of both chat cases (shared with profile.mjs). */
export const CHAT_PARAMS = {
  model: 'MiniMax-M2.7',
  max_tokens: 256,
  messages: [{ role: 'user', content: 'Say hello.' }],
};
const PARAMS = CHAT_PARAMS;
const STREAM_PARAMS = { ...PARAMS, stream: true };

/** The three contenders on `base`: ours (made on first use), openai, the raw endpoint. */
async function clients(base) {
  const OpenAI = await loadOpenAI();
  return {
    client: lazyClient(base),
    openai: new OpenAI({ apiKey: API_KEY, baseURL: `${base}/v1` }),
    endpoint: `${base}/v1/chat/completions`,
  };
}

/** Calls per slice: the contenders take turns every BLOCK calls, so noise hits them alike. */
const BLOCK = 50;

export async function chatCreate({ url, scale = 1, rounds = 5 }) {
  const calls = scaled(2000, scale, 2);
  const blocks = Math.max(1, Math.round(calls / BLOCK));
  const perBlock = Math.max(1, Math.round(calls / blocks));
  const { client, openai, endpoint } = await clients(`${url}/n0`);
  const slice = async (call) => {
    for (let i = 0; i < perBlock; i++) {
      const completion = await call();
      if (completion.id !== 'chatcmpl_bench') throw new Error('unexpected reply');
    }
  };
  const results = await interleave(
    [
      {
        name: 'ours',
        block: async () => {
          const ours = await client();
          await slice(() => ours.chat.create(PARAMS));
        },
      },
      { name: 'raw fetch', block: () => slice(() => rawPostJSON(endpoint, PARAMS)) },
      {
        name: 'raw fetch + deadline',
        block: () => slice(() => rawPostJSONWithDeadline(endpoint, PARAMS)),
      },
      { name: 'openai', block: () => slice(() => openai.chat.completions.create(PARAMS)) },
    ],
    { rounds, blocks },
  );
  // ms per round -> µs per call
  rescale(results, 1000 / (blocks * perBlock));
  return [
    resultsRow(results, {
      name: 'chat.create',
      unit: 'µs/call',
      better: 'lower',
      target: 'ours ≤ 1.0× openai and ≤ 1.10× raw fetch (time per call)',
      met: (o, b) => o <= b.openai * 1.0 && o <= b['raw fetch'] * 1.1,
      note: 'raw fetch + deadline = the same fetch with an abort signal and timer, as every client with a timeout has',
      detail: { calls: blocks * perBlock, calls_per_slice: perBlock, rounds },
      cpuKey: 'cpu_ms_per_round',
    }),
  ];
}

export async function chatStream({ url, scale = 1, rounds = 5 }) {
  // One stream is short: more rounds for a steadier median.
  rounds = rounds >= 5 ? 9 : rounds;
  const deltas = scaled(50_000, scale, 10);
  const events = chatStreamEvents(deltas);
  const { client, openai, endpoint } = await clients(`${url}/n${deltas}`);
  const rate = async (consume) => {
    const started = now();
    const seen = await consume();
    const seconds = (now() - started) / 1000;
    if (seen < deltas) throw new Error(`only ${seen} of ${deltas} content deltas arrived`);
    return events / seconds;
  };
  const hasText = (chunk) =>
    typeof chunk.choices[0]?.delta?.content === 'string' && chunk.choices[0].delta.content !== '';
  const results = await alternate(
    [
      {
        name: 'ours',
        run: async () => {
          const ours = await client();
          return rate(async () => {
            let n = 0;
            for await (const chunk of ours.chat.createStream(PARAMS)) if (hasText(chunk)) n++;
            return n;
          });
        },
      },
      {
        name: 'raw',
        run: () =>
          rate(async () => {
            let n = 0;
            await rawSSE(endpoint, STREAM_PARAMS, (data) => {
              if (data !== '[DONE]' && hasText(JSON.parse(data))) n++;
            });
            return n;
          }),
      },
      {
        name: 'openai',
        run: () =>
          rate(async () => {
            let n = 0;
            const stream = await openai.chat.completions.create(STREAM_PARAMS);
            for await (const chunk of stream) if (hasText(chunk)) n++;
            return n;
          }),
      },
    ],
    { rounds },
  );
  return [
    resultsRow(results, {
      name: 'chat.stream',
      unit: 'events/s',
      better: 'higher',
      target: 'ours ≥ 1.3× openai (events/s)',
      met: (o, b) => o >= b.openai * 1.3,
      detail: { deltas, events, rounds },
    }),
  ];
}
