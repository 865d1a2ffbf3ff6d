/** text.create (per-request overhead) and text.stream (SSE decoding throughput). */
import {
  alternate,
  interleave,
  lazyClient,
  loadAnthropic,
  now,
  rescale,
  resultsRow,
  scaled,
} from '../lib.mjs';
import { API_KEY, rawPostJSON, rawPostJSONWithDeadline, rawSSE } from '../raw.mjs';
import { textStreamEvents } from '../server.mjs';

/** The request of both text cases (shared with profile.mjs). */
export const PARAMS = {
  model: 'MiniMax-M2.7',
  max_tokens: 256,
  messages: [{ role: 'user', content: 'Say hello.' }],
};
const STREAM_PARAMS = { ...PARAMS, stream: true };

/** The three contenders' handles on `base`: ours (made on first use), anthropic, the raw endpoint. */
async function clients(base) {
  const Anthropic = await loadAnthropic();
  return {
    client: lazyClient(base),
    anthropic: new Anthropic({ apiKey: API_KEY, baseURL: `${base}/anthropic` }),
    endpoint: `${base}/anthropic/v1/messages`,
  };
}

/** Calls per slice: the contenders take turns every BLOCK calls, so noise hits them alike. */
const BLOCK = 50;

export async function textCreate({ url, scale = 1, rounds = 5 }) {
  const calls = scaled(2000, scale, 2);
  const blocks = Math.max(1, Math.round(calls / BLOCK));
  const perBlock = Math.max(1, Math.round(calls / blocks));
  const { client, anthropic, endpoint } = await clients(`${url}/n0`);
  const slice = async (call) => {
    for (let i = 0; i < perBlock; i++) {
      const message = await call();
      if (message.id !== 'msg_0bench') throw new Error('unexpected reply');
    }
  };
  const results = await interleave(
    [
      {
        name: 'ours',
        block: async () => {
          const ours = await client();
          await slice(() => ours.text.create(PARAMS));
        },
      },
      { name: 'raw fetch', block: () => slice(() => rawPostJSON(endpoint, PARAMS)) },
      {
        name: 'raw fetch + deadline',
        block: () => slice(() => rawPostJSONWithDeadline(endpoint, PARAMS)),
      },
      { name: 'anthropic', block: () => slice(() => anthropic.messages.create(PARAMS)) },
    ],
    { rounds, blocks },
  );
  // ms per round -> µs per call
  rescale(results, 1000 / (blocks * perBlock));
  return [
    resultsRow(results, {
      name: 'text.create',
      unit: 'µs/call',
      better: 'lower',
      target: 'ours ≤ 1.0× anthropic and ≤ 1.10× raw fetch (time per call)',
      met: (o, b) => o <= b.anthropic * 1.0 && o <= b['raw fetch'] * 1.1,
      note: 'raw fetch + deadline = the same fetch with an abort signal and timer, as every client with a timeout has',
      detail: { calls: blocks * perBlock, calls_per_slice: perBlock, rounds },
      cpuKey: 'cpu_ms_per_round',
    }),
  ];
}

export async function textStream({ url, scale = 1, rounds = 5 }) {
  // One stream is short (~0.1-0.3 s): more rounds for a steadier median.
  rounds = rounds >= 5 ? 9 : rounds;
  const deltas = scaled(50_000, scale, 10);
  const events = textStreamEvents(deltas);
  const { client, anthropic, endpoint } = await clients(`${url}/n${deltas}`);
  const rate = async (consume) => {
    const started = now();
    const seen = await consume();
    const seconds = (now() - started) / 1000;
    if (seen < deltas) throw new Error(`only ${seen} of ${deltas} deltas arrived`);
    return events / seconds;
  };
  const results = await alternate(
    [
      {
        name: 'ours',
        run: async () => {
          const ours = await client();
          return rate(async () => {
            let n = 0;
            for await (const event of ours.text.createStream(PARAMS)) {
              if (event.type === 'content_block_delta') n++;
            }
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
              if (JSON.parse(data).type === 'content_block_delta') n++;
            });
            return n;
          }),
      },
      {
        name: 'anthropic',
        run: () =>
          rate(async () => {
            let n = 0;
            const stream = await anthropic.messages.create(STREAM_PARAMS);
            for await (const event of stream) {
              if (event.type === 'content_block_delta') n++;
            }
            return n;
          }),
      },
    ],
    { rounds },
  );
  return [
    resultsRow(results, {
      name: 'text.stream',
      unit: 'events/s',
      better: 'higher',
      target: 'ours ≥ 1.3× anthropic (events/s)',
      met: (o, b) => o >= b.anthropic * 1.3,
      detail: { deltas, events, rounds },
    }),
  ];
}
