/** speech.ws: many sends on one WebSocket speech session. */
import { interleave, lazyClient, rescale, resultsRow, scaled } from '../lib.mjs';
import { rawWebSocketSession, WS_TASK } from '../raw.mjs';

const SENTENCE = 'The quick brown fox jumps over the lazy dog, and then it runs off into the woods.';
/** Each sentence is answered with FRAMES audio frames of FRAME_BYTES each (hex on the wire). */
const FRAMES = 4;
const FRAME_BYTES = 16 * 1024;
/** Sends per slice: the two sessions take turns every BLOCK sends. */
const BLOCK = 10;

/**
 * Each round opens one session per contender (not timed), then the contenders take turns, BLOCK
 * sends at a time, until each has made `sends` sends; the figure is time per send.
 */
export async function speechWs({ url, scale = 1, rounds = 5 }) {
  const sends = scaled(200, scale, 2);
  const blocks = Math.max(1, Math.round(sends / BLOCK));
  const perBlock = Math.max(1, Math.round(sends / blocks));
  const base = `${url}/f${FRAMES}x${FRAME_BYTES}`;
  const wsURL = `${base.replace(/^http/, 'ws')}/ws/v1/t2a_v2`;
  const expected = FRAMES * FRAME_BYTES;
  const client = lazyClient(base);
  const openOurs = async () => {
    const conn = await (await client()).speech.connect(WS_TASK);
    return { send: async (text) => (await conn.send({ text })).data, close: () => conn.close() };
  };
  const sessions = { ours: undefined, 'raw ws': undefined };
  const opens = { ours: openOurs, 'raw ws': () => rawWebSocketSession(wsURL) };
  const slice = async (name) => {
    sessions[name] ??= await opens[name]();
    for (let i = 0; i < perBlock; i++) {
      const audio = await sessions[name].send(SENTENCE);
      if (audio.byteLength !== expected)
        throw new Error(`got ${audio.byteLength} bytes, expected ${expected}`);
    }
  };
  const closeAll = async () => {
    for (const [name, session] of Object.entries(sessions)) {
      sessions[name] = undefined;
      await session?.close().catch(() => {});
    }
  };
  let results;
  try {
    // Sessions are opened before the timed slices of each round (see `slice`: the first slice
    // of a session would include its handshake, so every round starts with an untimed open).
    results = await interleave(
      [
        { name: 'ours', block: () => slice('ours') },
        { name: 'raw ws', block: () => slice('raw ws') },
      ],
      {
        rounds,
        blocks,
        beforeRound: async () => {
          await closeAll();
          for (const name of Object.keys(sessions))
            sessions[name] = await opens[name]().catch(() => undefined);
        },
      },
    );
  } finally {
    await closeAll();
  }
  rescale(results, 1 / (blocks * perBlock));
  return [
    resultsRow(results, {
      name: 'speech.ws',
      unit: 'ms/send',
      better: 'lower',
      target: 'ours ≤ 1.1× raw ws (time per send)',
      met: (o, b) => o <= b['raw ws'] * 1.1,
      detail: {
        sends: blocks * perBlock,
        sends_per_slice: perBlock,
        frames_per_send: FRAMES,
        audio_bytes_per_send: expected,
        rounds,
      },
      cpuKey: 'cpu_ms_per_round',
    }),
  ];
}
