/**
 * The benchmark's loopback server: serves exactly the payloads each case needs, precomputed, with no
 * validation and no delays. It runs in its own process (`startServer()` forks this file) so its CPU
 * time and memory are never counted against the client being measured.
 *
 * Sizes travel in the URL, as a path prefix the SDKs keep from their base URL:
 *   /n<deltas>/anthropic/v1/messages          text (JSON reply, or SSE with <deltas> text deltas)
 *   /n<deltas>/v1/chat/completions            chat (JSON reply, or SSE with <deltas> content chunks)
 *   /a<bytes>/v1/t2a_v2                       speech: one JSON reply with <bytes> of audio as hex,
 *                                             or (stream: true) an SSE stream of that much audio
 *   /f<frames>x<bytes>/ws/v1/t2a_v2           WebSocket speech: each task_continue answered with
 *                                             <frames> audio frames of <bytes> each
 *   /p<polls>/v1/video_generation, /v1/query/video_generation, /v1/files/retrieve
 *                                             video tasks that succeed on their <polls>-th query
 *   /u<bytes>/v1/speech_to_text               a transcription upload of a <bytes> file: read,
 *                                             counted and dropped
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const OK = { status_code: 0, status_msg: 'success' };
const TRACE = '0123456789abcdef0123456789abcdef';

/** Bytes of audio per SSE event in the streamed speech case (hex doubles it on the wire). */
const STREAM_CHUNK_BYTES = 32 * 1024;
/** Events per precomputed block of the speech stream. */
const BLOCK_EVENTS = 8;

const cache = new Map();
function cached(key, build) {
  let value = cache.get(key);
  if (value === undefined) {
    // Keep only the payloads of the case being run: the big ones are tens of megabytes.
    if (cache.size > 8) cache.clear();
    value = build();
    cache.set(key, value);
  }
  return value;
}

function randomHex(bytes) {
  return randomBytes(bytes).toString('hex');
}

const TEXT_REPLY = {
  id: 'msg_0bench',
  type: 'message',
  role: 'assistant',
  model: 'MiniMax-M2.7',
  content: [{ type: 'text', text: 'Hello! How can I help you today?' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 12, output_tokens: 9 },
};

const TOKENS = ['Hello', ' world', ',', ' this', ' is', ' a', ' streamed', ' token', '.', '\n'];

/** The events of one text stream; `textStreamEvents(n)` is the count every client should see. */
export function textStreamEvents(deltas) {
  return deltas + 6;
}

const CHAT_REPLY = {
  id: 'chatcmpl_bench',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'MiniMax-M2.7',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Hello! How can I help you today?' },
      finish_reason: 'stop',
    },
  ],
  usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 },
};

/** The chunks of one chat stream (role chunk, deltas, finish chunk, [DONE]). */
export function chatStreamEvents(deltas) {
  return deltas + 3;
}

function chatStream(deltas) {
  const head = {
    id: 'chatcmpl_bench',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'MiniMax-M2.7',
  };
  const chunk = (delta, finish_reason = null) =>
    `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, finish_reason }] })}\n\n`;
  const parts = [chunk({ role: 'assistant', content: '' })];
  const deltaEvents = TOKENS.map((content) => chunk({ content }));
  for (let i = 0; i < deltas; i++) parts.push(deltaEvents[i % deltaEvents.length]);
  parts.push(chunk({}, 'stop'), 'data: [DONE]\n\n');
  return Buffer.from(parts.join(''));
}

function textStream(deltas) {
  const ev = (type, data) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const parts = [
    ev('message_start', {
      message: {
        ...TEXT_REPLY,
        content: [],
        stop_reason: null,
        usage: { input_tokens: 12, output_tokens: 0 },
      },
    }),
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    ev('ping', {}),
  ];
  const deltaEvents = TOKENS.map((text) =>
    ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }),
  );
  for (let i = 0; i < deltas; i++) parts.push(deltaEvents[i % deltaEvents.length]);
  parts.push(
    ev('content_block_stop', { index: 0 }),
    ev('message_delta', {
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: deltas },
    }),
    ev('message_stop', {}),
  );
  return Buffer.from(parts.join(''));
}

function extraInfo(bytes) {
  return {
    audio_length: Math.round((bytes * 8) / 128),
    audio_sample_rate: 32000,
    audio_size: bytes,
    bitrate: 128000,
    word_count: 10,
    invisible_character_ratio: 0,
    usage_characters: 40,
    audio_format: 'mp3',
    audio_channel: 1,
  };
}

/** A t2a_v2 reply carrying `bytes` of audio as hex, built without an extra copy of the hex. */
function ttsReply(bytes) {
  const head = Buffer.from('{"data":{"audio":"');
  const hex = Buffer.from(randomHex(bytes), 'latin1');
  const tail = Buffer.from(
    `","status":2},"extra_info":${JSON.stringify(extraInfo(bytes))},"trace_id":"${TRACE}","base_resp":${JSON.stringify(OK)}}`,
  );
  return Buffer.concat([head, hex, tail]);
}

function sseEvent(body) {
  return Buffer.from(`data: ${JSON.stringify(body)}\n\n`);
}

/** One streamed speech event carrying `bytes` of audio (each event its own random audio). */
function ttsStreamEvent(bytes) {
  return sseEvent({ data: { audio: randomHex(bytes), status: 1 }, trace_id: TRACE, base_resp: OK });
}

/** One block of `BLOCK_EVENTS` streamed speech events of `STREAM_CHUNK_BYTES` each. */
function ttsStreamBlock() {
  return Buffer.concat(Array.from({ length: BLOCK_EVENTS }, () => ttsStreamEvent(STREAM_CHUNK_BYTES)));
}

/**
 * The real API ends with a `status: 2` summary event that repeats the whole clip; for a 200 MB
 * stream that would be one 400 MB event, so the benchmark's summary carries metadata only.
 */
function ttsStreamEnd(bytes) {
  return sseEvent({
    data: { audio: '', status: 2 },
    extra_info: extraInfo(bytes),
    trace_id: TRACE,
    base_resp: OK,
  });
}

async function write(res, chunk) {
  if (!res.write(chunk)) await once(res, 'drain');
}

async function streamSpeech(res, bytes) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'trace-id': TRACE });
  const block = cached('tts-block', ttsStreamBlock);
  const blockBytes = BLOCK_EVENTS * STREAM_CHUNK_BYTES;
  let left = bytes;
  while (left >= blockBytes) {
    await write(res, block);
    left -= blockBytes;
  }
  while (left > 0) {
    const n = Math.min(left, STREAM_CHUNK_BYTES);
    await write(
      res,
      cached(`tts-event-${n}`, () => ttsStreamEvent(n)),
    );
    left -= n;
  }
  res.end(cached(`tts-end-${bytes}`, () => ttsStreamEnd(bytes)));
}

const tasks = new Map();
let nextTask = 106_000_000_000_000;

/** A JSON reply (`payload`: text or a precomputed buffer) with the given id header. */
function send(res, payload, idHeader = { 'trace-id': TRACE }) {
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...idHeader,
  });
  res.end(payload);
}

function json(res, body) {
  send(res, JSON.stringify(body));
}

function handle(req, res, body) {
  const url = req.url;
  const match = /^\/([a-z])(\d+)(?:x(\d+))?(\/[^?]*)(?:\?(.*))?$/.exec(url);
  if (!match) {
    res.writeHead(404).end();
    return;
  }
  const [, kind, first, , path, query] = match;
  const n = Number(first);
  if (kind === 'n' && path === '/anthropic/v1/messages') {
    if (body.includes('"stream":true')) {
      const payload = cached(`text-stream-${n}`, () => textStream(n));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': 'req_bench' });
      res.end(payload);
    } else {
      send(
        res,
        cached('text-reply', () => Buffer.from(JSON.stringify(TEXT_REPLY))),
        { 'request-id': 'req_bench' },
      );
    }
    return;
  }
  if (kind === 'n' && path === '/v1/chat/completions') {
    if (body.includes('"stream":true')) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'trace-id': TRACE });
      res.end(cached(`chat-stream-${n}`, () => chatStream(n)));
    } else {
      send(
        res,
        cached('chat-reply', () => Buffer.from(JSON.stringify(CHAT_REPLY))),
      );
    }
    return;
  }
  if (kind === 'a' && path === '/v1/t2a_v2') {
    if (body.includes('"stream":true')) {
      streamSpeech(res, n).catch(() => res.destroy());
    } else {
      send(
        res,
        cached(`tts-${n}`, () => ttsReply(n)),
      );
    }
    return;
  }
  if (kind === 'p') {
    const params = new URLSearchParams(query ?? '');
    if (path === '/v1/video_generation') {
      const id = String(nextTask++);
      tasks.set(id, 0);
      json(res, { task_id: id, base_resp: OK });
      return;
    }
    if (path === '/v1/query/video_generation') {
      const id = params.get('task_id') ?? '';
      const polls = (tasks.get(id) ?? 0) + 1;
      tasks.set(id, polls);
      if (polls < n) json(res, { task_id: id, status: 'Processing', base_resp: OK });
      else {
        json(res, {
          task_id: id,
          status: 'Success',
          file_id: id,
          video_width: 1280,
          video_height: 720,
          base_resp: OK,
        });
      }
      return;
    }
    if (path === '/v1/files/retrieve') {
      const id = params.get('file_id') ?? '';
      tasks.delete(id);
      json(res, {
        file: {
          file_id: Number(id),
          bytes: 1024,
          created_at: 1_700_000_000,
          filename: 'output.mp4',
          purpose: 'video_generation',
          download_url: `http://127.0.0.1/download/${id}.mp4`,
        },
        base_resp: OK,
      });
      return;
    }
  }
  res.writeHead(404).end();
}

/**
 * `/u<bytes>/v1/speech_to_text`: reads the multipart upload to its end and answers a transcript
 * that says how many body bytes arrived (the client checks they cover the whole file).
 */
function transcription(req, res) {
  let received = 0;
  req.on('data', (chunk) => {
    received += chunk.byteLength;
  });
  req.on('end', () =>
    json(res, { text: 'bench transcript', language: 'en', duration: 1, received, base_resp: OK }),
  );
}

function wsFrames(frames, bytes) {
  const out = [];
  for (let i = 0; i < frames; i++) {
    const last = i === frames - 1;
    out.push(
      JSON.stringify({
        event: 'task_continued',
        data: { audio: randomHex(bytes) },
        ...(last ? { extra_info: extraInfo(frames * bytes) } : {}),
        is_final: last,
        session_id: 'sess_bench',
        trace_id: TRACE,
        base_resp: OK,
      }),
    );
  }
  return out;
}

async function attachWebSocket(server) {
  const { WebSocketServer } = await import('ws');
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  server.on('upgrade', (req, socket, head) => {
    const match = /^\/f(\d+)x(\d+)\/ws\/v1\/t2a_v2$/.exec(req.url ?? '');
    if (!match) {
      socket.destroy();
      return;
    }
    const frames = cached(`ws-${match[1]}x${match[2]}`, () => wsFrames(Number(match[1]), Number(match[2])));
    wss.handleUpgrade(req, socket, head, (ws) => {
      const base = { session_id: 'sess_bench', trace_id: TRACE, base_resp: OK };
      ws.send(JSON.stringify({ event: 'connected_success', ...base }));
      ws.on('message', (data) => {
        const text = data.toString();
        if (text.includes('"task_continue"')) {
          for (const frame of frames) ws.send(frame);
        } else if (text.includes('"task_start"')) {
          ws.send(JSON.stringify({ event: 'task_started', ...base }));
        } else if (text.includes('"task_finish"')) {
          ws.send(JSON.stringify({ event: 'task_finished', ...base }), () => ws.close(1000));
        }
      });
    });
  });
}

/** Listens on a free loopback port and resolves with it. The process exits to stop serving. */
async function serve() {
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    // An upload is counted and dropped, never kept: the server's memory is not what is measured.
    if (/^\/u\d+\/v1\/speech_to_text$/.test(req.url ?? '')) {
      transcription(req, res);
      return;
    }
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString()));
  });
  server.maxRequestsPerSocket = 0;
  server.headersTimeout = 0;
  server.requestTimeout = 0;
  await attachWebSocket(server);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server.address().port;
}

/** Forks this file as the server process; resolves once it listens. */
export async function startServer() {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: ['--max-old-space-size=4096'],
  });
  const [message] = await once(child, 'message');
  return {
    url: `http://127.0.0.1:${message.port}`,
    close: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

if (process.argv.includes('--serve') && process.send) {
  process.send({ port: await serve() });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}
