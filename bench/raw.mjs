/**
 * The "raw" baselines: what a careful developer writes by hand with `fetch`, `JSON.parse`, string
 * splitting and `Buffer.from(hex, 'hex')`, with no SDK at all. Shared by the in-process cases and
 * the child processes that measure memory.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

export const API_KEY = 'bench-key';

const JSON_HEADERS = {
  authorization: `Bearer ${API_KEY}`,
  'content-type': 'application/json',
  accept: 'application/json',
};

const SSE_HEADERS = { ...JSON_HEADERS, accept: 'text/event-stream' };

/** The session settings of the WebSocket speech case, for ours and the raw client alike. */
export const WS_TASK = {
  model: 'speech-2.8-turbo',
  voice_setting: { voice_id: 'English_expressive_narrator', speed: 1, vol: 1, pitch: 0 },
};

async function rawJSON(url, init) {
  const res = await fetch(url, init);
  const parsed = JSON.parse(await res.text());
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return parsed;
}

export function rawPostJSON(url, body) {
  return rawJSON(url, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(body) });
}

/**
 * The same POST with the per-call deadline every client needs (ours, openai's and anthropic's
 * carry one): an AbortController signal and a timer, cleared once the body is read. Node's fetch
 * does extra work for any signal, so this is the floor of a client that can time a call out.
 */
export async function rawPostJSONWithDeadline(url, body, timeoutMs = 600_000) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await rawJSON(url, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(body),
      signal: controller.signal,
    });
  } finally {
    clearTimeout(timer);
  }
}

export function rawGetJSON(url) {
  return rawJSON(url, { headers: JSON_HEADERS });
}

/** POSTs and calls `onData(text)` for every SSE `data:` line, splitting lines by hand. */
export async function rawSSE(url, body, onData) {
  const res = await fetch(url, {
    method: 'POST',
    headers: SSE_HEADERS,
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = buffer.indexOf('\n', start); end !== -1; end = buffer.indexOf('\n', start)) {
      if (buffer.startsWith('data:', start)) {
        const from = buffer.charCodeAt(start + 5) === 32 ? start + 6 : start + 5;
        await onData(buffer.slice(from, end));
      }
      start = end + 1;
    }
    buffer = buffer.slice(start);
  }
}

/** Non-streamed speech: fetch, JSON, hex decode. */
export async function rawTTS(baseURL, text) {
  const res = await fetch(`${baseURL}/v1/t2a_v2`, {
    method: 'POST',
    headers: JSON_HEADERS,
    body: JSON.stringify({ model: 'speech-2.8-hd', text, stream: false, output_format: 'hex' }),
  });
  const body = await res.json();
  if (!res.ok || body.base_resp?.status_code !== 0) throw new Error('tts failed');
  return Buffer.from(body.data.audio, 'hex');
}

/** Streamed speech to a file: fetch, manual SSE, hex decode, a write stream with backpressure. */
export async function rawTTSStreamToFile(baseURL, text, path) {
  const out = createWriteStream(path);
  let bytes = 0;
  try {
    await rawSSE(
      `${baseURL}/v1/t2a_v2`,
      { model: 'speech-2.8-hd', text, stream: true, output_format: 'hex' },
      async (data) => {
        const event = JSON.parse(data);
        if (event.base_resp && event.base_resp.status_code !== 0) throw new Error('stream error');
        const audio = event.data?.audio;
        if (event.data?.status === 2 && bytes > 0) return;
        if (audio) {
          const chunk = Buffer.from(audio, 'hex');
          bytes += chunk.length;
          if (!out.write(chunk)) await once(out, 'drain');
        }
      },
    );
  } finally {
    out.end();
    await once(out, 'close');
  }
  return bytes;
}

/** A hand-written client of MiniMax's WebSocket speech protocol on `ws`. */
export async function rawWebSocketSession(wsURL) {
  // Loaded here, not at the top: `ws` costs ~12 MiB of RSS, which would skew the memory cases.
  const { WebSocket } = await import('ws');
  const socket = new WebSocket(wsURL, {
    headers: { authorization: `Bearer ${API_KEY}` },
    perMessageDeflate: false,
  });
  let waiter;
  const queue = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString());
    if (message.base_resp && message.base_resp.status_code !== 0) {
      const error = new Error(message.base_resp.status_msg);
      if (waiter) waiter.reject(error);
      return;
    }
    if (waiter) waiter.resolve(message);
    else queue.push(message);
  });
  const next = () =>
    queue.length > 0
      ? Promise.resolve(queue.shift())
      : new Promise((resolve, reject) => {
          waiter = {
            resolve: (m) => {
              waiter = undefined;
              resolve(m);
            },
            reject,
          };
        });
  await once(socket, 'open');
  socket.send(JSON.stringify({ event: 'task_start', ...WS_TASK }));
  for (;;) {
    const message = await next();
    if (message.event === 'task_started') break;
    if (message.event === 'task_failed') throw new Error('task_start failed');
  }
  return {
    async send(text) {
      socket.send(JSON.stringify({ event: 'task_continue', text }));
      const parts = [];
      for (;;) {
        const message = await next();
        if (message.event === 'task_failed') throw new Error('task failed');
        if (message.data?.audio) parts.push(message.data.audio);
        if (message.is_final) break;
      }
      return Buffer.from(parts.join(''), 'hex');
    },
    async close() {
      socket.send(JSON.stringify({ event: 'task_finish' }));
      for (;;) {
        const message = await next();
        if (message.event === 'task_finished' || message.event === 'task_failed') break;
      }
      socket.close();
      if (socket.readyState !== WebSocket.CLOSED) await once(socket, 'close');
    },
  };
}
