/**
 * The fault matrix: every call kind against every fault the mock can inject. Each cell asserts the
 * outcome (a result, or the exact error class), how many requests reached the server, that the
 * call ended within its deadline, that no socket, timer or file handle outlived it, and, for the
 * saving paths, that no partial or temp file was left behind.
 *
 * RELIABILITY.md embeds the table `renderMatrix()` produces; the last test checks it still does.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APIConnectionError,
  APITimeoutError,
  AuthError,
  type ChatCompletion,
  ERROR_CODE_MAP,
  InvalidParameterError,
  type MiniMax,
  MiniMaxError,
  type ModelResponse,
  PollTimeoutError,
  RateLimitError,
  RETRYABLE_CODES,
  ServerError,
  TaskFailedError,
} from '../../src/index.js';
import type { Fault, MockServer } from '../../src/mock/index.js';
import {
  type Attempt,
  countingFetch,
  expectNoLeaks,
  listFiles,
  logged,
  newClient,
  resourceCounts,
  startMockServer,
  tempDir,
  VOICE,
} from './helpers.js';

/** Per-attempt deadline of every call in the matrix (and the WebSocket idle timeout). */
const TIMEOUT = 500;
const MAX_RETRIES = 2;
/** The Retry-After the 429 row sends, in seconds. */
const RETRY_AFTER_S = 0.2;
/** Room for the work itself on a busy 2-core machine, on top of the timeouts and hinted waits. */
const SLACK = 1_500;
/** No call may take longer than every attempt timing out plus the hinted wait. */
const DEADLINE = (MAX_RETRIES + 1) * TIMEOUT + RETRY_AFTER_S * 1000 + SLACK;
const POLL = { pollInterval: 200, pollTimeout: 300 };
/**
 * The other rows fault the status query itself. pollTimeout bounds every query of a wait, retries
 * included, so these waits get room for all of a query's attempts (the matrix's own deadline): the
 * cell then shows how the query's fault is handled, not that the wait ran out first.
 */
const FAULT_POLL = { pollInterval: 200, pollTimeout: DEADLINE };

const SPEECH = { model: 'speech-2.8-turbo', text: 'Reliability check.', voice_setting: VOICE };
const MESSAGE = {
  model: 'MiniMax-M2.7',
  max_tokens: 64,
  messages: [{ role: 'user' as const, content: 'Say hello.' }],
};
const CHAT = { model: 'MiniMax-M2.7', messages: [{ role: 'user' as const, content: 'Say hello.' }] };
const V2_VIDEO = { content: [{ type: 'text' as const, text: 'A calm sea.' }], ratio: '16:9' };
const TEMPLATE = {
  template_id: '392747428568649728',
  media_inputs: [{ value: 'https://example.com/me.jpg' }],
};
const RESPONSE_INPUT = { model: 'MiniMax-M2.7', input: 'Say hello.' };
const HTML = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>';
const MALFORMED = '{"base_resp": {"status_code": 0,';
const UPLOAD = new Uint8Array(4096).map((_, i) => (i * 31) & 0xff);

// ---------------------------------------------------------------------------------------------
// Call kinds (columns)

type KindId =
  | 'voice.list'
  | 'files.list'
  | 'video.create'
  | 'text.createStream'
  | 'chat.createStream'
  | 'responses.createStream'
  | 'speech.ttsStream'
  | 'files.retrieveContent'
  | 'AudioResponse.save'
  | 'ImageResult.save'
  | 'files.upload'
  | 'speech.connect'
  | 'video.textToVideo'
  | 'video.v2.create'
  | 'video.v2.generate'
  | 'video.templates.create'
  | 'video.templates.generate';

interface Env {
  mock: MockServer;
  /** The client under test: short timeouts, counted fetch. */
  client: MiniMax;
  /** A patient client for setup work, so a slow first call cannot fail the preparation. */
  setup: MiniMax;
  attempts: Attempt[];
  dir: string;
  row: Row;
  /** Arms the row's faults now (WebSocket-stage faults must wait for the session). */
  arm(): void;
  /** The mock log length when the faults were armed: only later requests are counted. */
  mark: number;
  state: Record<string, unknown>;
}

interface Kind {
  id: KindId;
  /** What the column exercises, for the table header. */
  what: string;
  /** The path faults target and requests are counted on. */
  target: string;
  /** What a counted request is called in the table. */
  unit: string;
  /** Where the first request goes, when that is not `target` (attempts are counted there). */
  entry?: string;
  /** Work done before the faults are armed (and before the server closes, for the refused row). */
  prepare?(env: Env): Promise<void>;
  run(env: Env): Promise<unknown>;
  /** Checks a successful result, files included; `served` is the body a fault replaced it with. */
  verify(env: Env, result: unknown, served: string | undefined): Promise<void>;
  /** Counts the requests (or WebSocket sends) of this call that reached the server. */
  count(env: Env): number;
  saves?: true;
}

function after(env: Env, path: string, method?: string) {
  return logged(env.mock, path, method).filter((r) => env.mock.requests.indexOf(r) >= env.mark);
}

async function expectOnlyFile(dir: string, name: string, bytes: Uint8Array): Promise<void> {
  expect((await listFiles(dir)).map((f) => f.name)).toEqual([name]);
  expect(new Uint8Array(await readFile(join(dir, name)))).toEqual(bytes);
}

const text = (s: string) => new TextEncoder().encode(s);

async function fetchBytes(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

const KINDS: Kind[] = [
  {
    id: 'voice.list',
    what: 'JSON POST',
    target: '/v1/get_voice',
    unit: 'req',
    run: (env) => env.client.voice.list({ voice_type: 'system' }),
    async verify(_env, result) {
      expect((result as { system_voice: unknown[] }).system_voice.length).toBeGreaterThan(0);
    },
    count: (env) => after(env, '/v1/get_voice').length,
  },
  {
    id: 'files.list',
    what: 'JSON GET',
    target: '/v1/files/list',
    unit: 'req',
    run: (env) => env.client.files.list({ purpose: 'voice_clone' }),
    async verify(_env, result) {
      expect(Array.isArray(result)).toBe(true);
    },
    count: (env) => after(env, '/v1/files/list').length,
  },
  {
    id: 'video.create',
    what: 'creating POST',
    target: '/v1/video_generation',
    unit: 'req',
    run: (env) => env.client.video.create({ model: 'MiniMax-Hailuo-2.3', prompt: 'A calm sea.' }),
    async verify(_env, result) {
      expect((result as { task_id: string }).task_id).toMatch(/^\d+$/);
    },
    count: (env) => after(env, '/v1/video_generation').length,
  },
  {
    id: 'text.createStream',
    what: 'SSE stream',
    target: '/anthropic/v1/messages',
    unit: 'req',
    async run(env) {
      const stream = env.client.text.createStream(MESSAGE);
      for await (const _ of stream) {
        // Consuming every event is the point; finalMessage() then says whether the answer was whole.
      }
      return stream.finalMessage();
    },
    async verify(_env, result) {
      const message = result as { stop_reason: string | null; content: unknown[] };
      expect(message.stop_reason).not.toBeNull();
      expect(message.content.length).toBeGreaterThan(0);
    },
    count: (env) => after(env, '/anthropic/v1/messages').length,
  },
  {
    id: 'chat.createStream',
    what: 'OpenAI SSE stream',
    target: '/v1/chat/completions',
    unit: 'req',
    async run(env) {
      const stream = env.client.chat.createStream(CHAT);
      for await (const _ of stream) {
        // Consuming every chunk is the point; finalCompletion() then says whether the answer was whole.
      }
      return stream.finalCompletion();
    },
    async verify(_env, result) {
      const completion = result as ChatCompletion;
      expect(completion.choices[0]?.finish_reason).toBe('stop');
      expect(completion.choices[0]?.message.content).toContain('</think>');
    },
    count: (env) => after(env, '/v1/chat/completions').length,
  },
  {
    id: 'responses.createStream',
    what: 'Responses SSE stream',
    target: '/v1/responses',
    unit: 'req',
    async run(env) {
      const stream = env.client.responses.createStream(RESPONSE_INPUT);
      for await (const _ of stream) {
        // Consuming every event is the point; finalResponse() then says whether the answer was whole.
      }
      return stream.finalResponse();
    },
    async verify(_env, result) {
      const response = result as ModelResponse;
      expect(response.status).toBe('completed');
      expect(response.output_text).toContain('Say hello.');
    },
    count: (env) => after(env, '/v1/responses').length,
  },
  {
    id: 'speech.ttsStream',
    what: 'SSE audio, then AudioStream.save',
    target: '/v1/t2a_v2',
    unit: 'req',
    saves: true,
    async prepare(env) {
      // The same text spoken in one piece is what the stream's chunks must add up to.
      env.state.expected = (await env.setup.speech.tts(SPEECH)).data;
    },
    run: (env) => env.client.speech.ttsStream(SPEECH).save(join(env.dir, 'stream.mp3')),
    async verify(env) {
      await expectOnlyFile(env.dir, 'stream.mp3', env.state.expected as Uint8Array);
    },
    count: (env) => after(env, '/v1/t2a_v2').length,
  },
  {
    id: 'files.retrieveContent',
    what: 'byte download',
    target: '/v1/files/retrieve_content',
    unit: 'req',
    async prepare(env) {
      const file = await env.setup.files.upload({
        file: new File([UPLOAD], 'sample.mp3'),
        purpose: 'voice_clone',
      });
      env.state.fileId = file.file_id;
    },
    run: (env) => env.client.files.retrieveContent({ file_id: env.state.fileId as string }),
    async verify(_env, result, served) {
      expect(result).toEqual(served === undefined ? UPLOAD : text(served));
    },
    count: (env) => after(env, '/v1/files/retrieve_content').length,
  },
  {
    id: 'AudioResponse.save',
    what: 'URL download (tts url result)',
    target: '/__mock/media/*',
    unit: 'req',
    saves: true,
    async prepare(env) {
      // The download the URL result does later uses the client's own (short) timeout either way.
      const audio = await env.client.speech.tts({ ...SPEECH, output_format: 'url' }, { timeout: 10_000 });
      env.state.audio = audio;
      env.state.expected = await fetchBytes(audio.url as string);
    },
    run: (env) => (env.state.audio as { save(path: string): Promise<string> }).save(join(env.dir, 'url.mp3')),
    async verify(env, _result, served) {
      await expectOnlyFile(
        env.dir,
        'url.mp3',
        served === undefined ? (env.state.expected as Uint8Array) : text(served),
      );
    },
    count: (env) => after(env, '/__mock/media/*').length,
  },
  {
    id: 'ImageResult.save',
    what: 'URL download (image urls)',
    target: '/__mock/media/*',
    unit: 'req',
    saves: true,
    async prepare(env) {
      const image = await env.client.image.generate({ prompt: 'A lighthouse at dusk.' });
      env.state.image = image;
      env.state.expected = await fetchBytes(image.image_urls?.[0] as string);
    },
    run: (env) => (env.state.image as { save(dir: string): Promise<string[]> }).save(env.dir),
    async verify(env, _result, served) {
      // Bytes that are not an image keep a neutral extension rather than pretending to be a PNG.
      if (served === undefined)
        await expectOnlyFile(env.dir, 'image_0.png', env.state.expected as Uint8Array);
      else await expectOnlyFile(env.dir, 'image_0.bin', text(served));
    },
    count: (env) => after(env, '/__mock/media/*').length,
  },
  {
    id: 'files.upload',
    what: 'multipart POST',
    target: '/v1/files/upload',
    unit: 'req',
    run: (env) => env.client.files.upload({ file: new File([UPLOAD], 'sample.mp3'), purpose: 'voice_clone' }),
    async verify(env, result) {
      expect((result as { bytes: number }).bytes).toBe(UPLOAD.byteLength);
      // A retried upload must not have stored the file twice.
      expect(await env.client.files.list({ purpose: 'voice_clone' })).toHaveLength(1);
    },
    count: (env) => after(env, '/v1/files/upload').length,
  },
  {
    id: 'speech.connect',
    what: 'WebSocket send',
    target: '/ws/v1/t2a_v2',
    unit: 'req',
    async run(env) {
      const conn = await env.client.speech.connect(
        { model: SPEECH.model, voice_setting: VOICE },
        { timeout: TIMEOUT },
      );
      try {
        if (env.row.stage === 'ws') env.arm();
        return await conn.send({ text: SPEECH.text });
      } finally {
        await conn.close();
      }
    },
    async verify(_env, result) {
      expect((result as { data: Uint8Array }).data.byteLength).toBeGreaterThan(0);
    },
    count(env) {
      // Handshake faults count upgrade requests; session faults count the texts sent.
      if (env.row.stage !== 'ws') return after(env, '/ws/v1/t2a_v2', 'GET').length;
      return after(env, '/ws/v1/t2a_v2', 'WS').filter(
        (r) => (r.body as { event?: string } | undefined)?.event === 'task_continue',
      ).length;
    },
  },
  {
    id: 'video.textToVideo',
    what: 'task polling',
    target: '/v1/query/video_generation',
    entry: '/v1/video_generation',
    unit: 'poll',
    run: (env) =>
      env.client.video.textToVideo(
        { prompt: 'A calm sea.' },
        env.row.id.startsWith('task-') ? POLL : FAULT_POLL,
      ),
    async verify(_env, result) {
      expect(result).toMatchObject({ status: 'Success', file_id: expect.stringMatching(/^\d+$/) });
    },
    count: (env) =>
      env.row.id === 'refused'
        ? after(env, '/v1/video_generation').length
        : after(env, '/v1/query/video_generation').length,
  },
  {
    id: 'video.v2.create',
    what: 'creating POST (V2)',
    target: '/v2/video_generation',
    unit: 'req',
    run: (env) => env.client.video.v2.create(V2_VIDEO),
    async verify(_env, result) {
      expect((result as { task_id: string }).task_id).toMatch(/^vid_\d+$/);
    },
    count: (env) => after(env, '/v2/video_generation').length,
  },
  {
    id: 'video.v2.generate',
    what: 'task polling (V2)',
    target: '/v2/query/video_generation/*',
    entry: '/v2/video_generation',
    unit: 'poll',
    run: (env) => env.client.video.v2.generate(V2_VIDEO, env.row.id.startsWith('task-') ? POLL : FAULT_POLL),
    async verify(_env, result) {
      expect(result).toMatchObject({ status: 'succeeded', url: expect.stringContaining('/__mock/media/') });
    },
    count: (env) => pollsAfterOneCreate(env, '/v2/video_generation', '/v2/query/video_generation/*'),
  },
  {
    id: 'video.templates.create',
    what: 'creating POST (template)',
    target: '/v1/video_template_generation',
    unit: 'req',
    run: (env) => env.client.video.templates.create(TEMPLATE),
    async verify(_env, result) {
      expect((result as { task_id: string }).task_id).toMatch(/^\d+$/);
    },
    count: (env) => after(env, '/v1/video_template_generation').length,
  },
  {
    id: 'video.templates.generate',
    what: 'task polling (template)',
    target: '/v1/query/video_template_generation',
    entry: '/v1/video_template_generation',
    unit: 'poll',
    run: (env) =>
      env.client.video.templates.generate(TEMPLATE, env.row.id.startsWith('task-') ? POLL : FAULT_POLL),
    async verify(_env, result) {
      expect(result).toMatchObject({
        status: 'Success',
        video_url: expect.stringContaining('/__mock/media/'),
      });
    },
    count: (env) =>
      pollsAfterOneCreate(env, '/v1/video_template_generation', '/v1/query/video_template_generation'),
  },
];

/**
 * The polls of a create-then-wait call, after checking its creating POST went out exactly once:
 * a fault while polling must never make the SDK create (and bill) the task again. With nothing
 * listening, the create attempts are what is counted.
 */
function pollsAfterOneCreate(env: Env, create: string, poll: string): number {
  if (env.row.id === 'refused') return after(env, create).length;
  expect(after(env, create, 'POST'), `${create} sent once`).toHaveLength(1);
  return after(env, poll).length;
}

// ---------------------------------------------------------------------------------------------
// Faults (rows)

interface Row {
  id: string;
  label: string;
  /** Faults for a kind, aimed at its target unless they say otherwise. */
  faults?(kind: Kind): Fault[];
  /** Nothing listens: the server is closed after `prepare`. */
  refused?: true;
  /** Armed once the WebSocket session is open (they act on session events, not the upgrade). */
  stage?: 'ws';
}

const ROWS: Row[] = [
  { id: 'refused', label: 'connection refused', refused: true },
  {
    id: 'reset-before',
    label: 'reset before the response',
    faults: (k) => [{ path: k.target, drop: 'before-response' }],
  },
  { id: 'reset-mid', label: 'reset mid-body', faults: (k) => [{ path: k.target, drop: 'mid-body' }] },
  { id: 'stall', label: 'headers, then a stalled body', faults: (k) => [{ path: k.target, stall: true }] },
  ...[500, 502, 503, 529].map(
    (status): Row => ({
      id: `http-${status}`,
      label: `HTTP ${status} once`,
      faults: (k) => [{ path: k.target, status }],
    }),
  ),
  {
    id: 'http-503-always',
    label: 'HTTP 503 on every attempt',
    faults: (k) => [{ path: k.target, status: 503, times: MAX_RETRIES + 1 }],
  },
  {
    id: 'http-429',
    label: `429 with \`Retry-After: ${RETRY_AFTER_S}\``,
    faults: (k) => [{ path: k.target, status: 429, retryAfter: String(RETRY_AFTER_S) }],
  },
  {
    id: 'code-1002',
    label: 'retryable `base_resp` 1002 once',
    faults: (k) =>
      k.id === 'speech.connect' ? [{ path: k.target, wsFail: 1002 }] : [{ path: k.target, code: 1002 }],
  },
  {
    id: 'code-1004',
    label: 'non-retryable `base_resp` 1004',
    faults: (k) =>
      k.id === 'speech.connect' ? [{ path: k.target, wsFail: 1004 }] : [{ path: k.target, code: 1004 }],
  },
  {
    id: 'malformed',
    label: 'malformed JSON (HTTP 200)',
    faults: (k) => [{ path: k.target, status: 200, body: MALFORMED, contentType: 'application/json' }],
  },
  {
    id: 'html',
    label: 'HTML error page (502) on every attempt',
    faults: (k) => [{ path: k.target, status: 502, body: HTML, times: MAX_RETRIES + 1 }],
  },
  { id: 'truncated', label: 'truncated SSE stream', faults: (k) => [{ path: k.target, truncate: true }] },
  {
    id: 'mid-stream',
    label: '`base_resp` 1000 mid-stream',
    faults: (k) => [{ path: k.target, midStreamCode: 1000 }],
  },
  {
    id: 'ws-close',
    label: 'WebSocket closed mid-send',
    stage: 'ws',
    faults: (k) => [{ path: k.target, wsClose: 'mid-send' }],
  },
  {
    id: 'ws-no-final',
    label: 'no `is_final`',
    stage: 'ws',
    faults: (k) => [{ path: k.target, wsNoFinal: true }],
  },
  {
    id: 'ws-task-failed',
    label: '`task_failed` (2013)',
    stage: 'ws',
    faults: (k) => [{ path: k.target, wsFail: 2013 }],
  },
  {
    id: 'task-fail',
    label: 'task ends in `Fail`',
    faults: (k) => [{ path: k.entry ?? '/v1/video_generation', taskFail: 0 }],
  },
  {
    id: 'task-fail-code',
    label: 'task ends in `Fail` with `base_resp` 1026',
    faults: (k) => [{ path: k.entry ?? '/v1/video_generation', taskFail: 1026 }],
  },
  {
    id: 'task-never-ends',
    label: 'task never ends',
    faults: (k) => [{ path: k.entry ?? '/v1/video_generation', taskNeverEnds: true }],
  },
];

// ---------------------------------------------------------------------------------------------
// Expected outcomes

type ErrorClass = new (...args: never[]) => MiniMaxError;

interface Outcome {
  /** The error class the call must reject with, exactly (undefined: it succeeds). */
  error?: ErrorClass;
  /** Requests (or sends, or polls) that reached the server. */
  requests: number;
  /** The error's `code`, where the cell is about which code surfaces. */
  code?: number;
  /** Fetch attempts, when they differ from what reached the server (nothing listening). */
  attempts?: number;
  /** The call must have waited at least this long (a timeout or a Retry-After). */
  minMs?: number;
  /** A fault replaced the body with this, and the call hands it over as is. */
  served?: string;
  note?: string;
  /** The outcome the contract asks for is not met today; see RELIABILITY.md. */
  bug?: string;
}

const POSTS: KindId[] = [
  'voice.list',
  'video.create',
  'text.createStream',
  'chat.createStream',
  'responses.createStream',
  'speech.ttsStream',
  'files.upload',
  'video.v2.create',
  'video.templates.create',
];
const GETS: KindId[] = [
  'files.list',
  'files.retrieveContent',
  'AudioResponse.save',
  'ImageResult.save',
  'video.textToVideo',
  'video.v2.generate',
  'video.templates.generate',
];
const HTTP: KindId[] = [...POSTS, ...GETS];
/** V2 reports errors in its own envelope with HTTP statuses, never in `base_resp`. */
const V2_KINDS: KindId[] = ['video.v2.create', 'video.v2.generate'];
const BASE_RESP: KindId[] = HTTP.filter((k) => !V2_KINDS.includes(k));
/** The task-polling columns (the task rows arm their faults on the creating POST). */
const TASKS: KindId[] = ['video.textToVideo', 'video.v2.generate', 'video.templates.generate'];

function each(kinds: KindId[], outcome: Outcome): Partial<Record<KindId, Outcome>> {
  return Object.fromEntries(kinds.map((k) => [k, outcome]));
}

const okAfterRetry: Outcome = { requests: 2 };
const handshake = (error: ErrorClass): Outcome => ({ error, requests: 1, note: 'handshake not retried' });

const EXPECT: Record<string, Partial<Record<KindId, Outcome>>> = {
  refused: {
    ...each(HTTP, { error: APIConnectionError, requests: 0, attempts: MAX_RETRIES + 1 }),
    'speech.connect': { error: APIConnectionError, requests: 0 },
  },
  'reset-before': {
    ...each(POSTS, { error: APIConnectionError, requests: 1, note: 'no replay' }),
    ...each(GETS, okAfterRetry),
    'speech.connect': handshake(APIConnectionError),
  },
  'reset-mid': {
    ...each(POSTS, { error: APIConnectionError, requests: 1, note: 'no replay' }),
    ...each(GETS, okAfterRetry),
  },
  stall: {
    ...each(POSTS, { error: APITimeoutError, requests: 1, minMs: TIMEOUT, note: 'no replay' }),
    ...each(GETS, { requests: 2, minMs: TIMEOUT }),
    'speech.connect': { ...handshake(APITimeoutError), minMs: TIMEOUT },
  },
  ...Object.fromEntries(
    [500, 502, 503, 529].map((status) => [
      `http-${status}`,
      { ...each(HTTP, okAfterRetry), 'speech.connect': handshake(ServerError) },
    ]),
  ),
  'http-503-always': {
    ...each(HTTP, { error: ServerError, requests: MAX_RETRIES + 1 }),
    'speech.connect': handshake(ServerError),
  },
  'http-429': {
    ...each(HTTP, { requests: 2, minMs: RETRY_AFTER_S * 1000 }),
    'speech.connect': handshake(RateLimitError),
  },
  'code-1002': {
    ...each(BASE_RESP, okAfterRetry),
    'speech.connect': { error: RateLimitError, requests: 1, note: 'send not replayed' },
  },
  'code-1004': {
    ...each(BASE_RESP, { error: AuthError, requests: 1 }),
    'speech.connect': { error: AuthError, requests: 1 },
  },
  malformed: {
    ...each(
      [
        'voice.list',
        'files.list',
        'video.create',
        'text.createStream',
        'chat.createStream',
        'responses.createStream',
        'files.upload',
        'video.v2.create',
        'video.templates.create',
      ],
      { error: MiniMaxError, requests: 1 },
    ),
    'speech.ttsStream': { error: MiniMaxError, requests: 1 },
    ...each(TASKS, { error: MiniMaxError, requests: 1 }),
    ...each(['files.retrieveContent', 'AudioResponse.save', 'ImageResult.save'], {
      requests: 1,
      served: MALFORMED,
      note: 'bytes as served',
    }),
  },
  html: {
    ...each(HTTP, { error: ServerError, requests: MAX_RETRIES + 1 }),
    'speech.connect': handshake(ServerError),
  },
  truncated: {
    'text.createStream': { error: MiniMaxError, requests: 1, note: 'finalMessage() rejects' },
    'chat.createStream': { error: MiniMaxError, requests: 1, note: 'finalCompletion() rejects' },
    'responses.createStream': { error: MiniMaxError, requests: 1, note: 'finalResponse() rejects' },
    'speech.ttsStream': { error: MiniMaxError, requests: 1, note: 'no partial file' },
  },
  'mid-stream': {
    'text.createStream': { error: ServerError, requests: 1, note: 'no replay' },
    'chat.createStream': { error: ServerError, requests: 1, note: 'no replay' },
    'responses.createStream': { error: ServerError, requests: 1, note: 'no replay' },
    'speech.ttsStream': { error: ServerError, requests: 1, note: 'no replay' },
  },
  'ws-close': { 'speech.connect': { error: APIConnectionError, requests: 1 } },
  'ws-no-final': { 'speech.connect': { error: APITimeoutError, requests: 1, minMs: TIMEOUT } },
  'ws-task-failed': { 'speech.connect': { error: InvalidParameterError, requests: 1 } },
  'task-fail': each(TASKS, { error: TaskFailedError, requests: 1, code: 0 }),
  // The failed task's code belongs to the task: TaskFailedError carries it, with the task id.
  'task-fail-code': each(TASKS, { error: TaskFailedError, requests: 1, code: 1026 }),
  // Polls at 0, 200 and (the deadline) 300 ms: never an early give-up.
  'task-never-ends': each(TASKS, { error: PollTimeoutError, requests: 3, minMs: POLL.pollTimeout }),
};

// ---------------------------------------------------------------------------------------------
// The runner

interface Cell {
  title: string;
  row: Row;
  kind: Kind;
  outcome: Outcome;
}

const CELLS: Cell[] = ROWS.flatMap((row) =>
  KINDS.flatMap((kind) => {
    const outcome = EXPECT[row.id]?.[kind.id];
    return outcome ? [{ title: `${row.label} × ${kind.id}`, row, kind, outcome }] : [];
  }),
);

async function runCell({ row, kind, outcome }: Cell): Promise<void> {
  const baseline = resourceCounts();
  const dir = await tempDir();
  const mock = await startMockServer({ taskSchedule: { pollsPerStage: 0 } });
  const { fetch, attempts } = countingFetch();
  const client = newClient(mock.url, fetch, { timeout: TIMEOUT, maxRetries: MAX_RETRIES });
  const env: Env = {
    mock,
    client,
    setup: newClient(mock.url, globalThis.fetch, { timeout: 10_000 }),
    attempts,
    dir: dir.path,
    row,
    mark: 0,
    state: {},
    arm() {
      env.mark = mock.requests.length;
      mock.faults.add(...(row.faults?.(kind) ?? []));
    },
  };
  try {
    await kind.prepare?.(env);
    env.mark = mock.requests.length;
    const attemptsBefore = attempts.length;
    if (row.refused) await mock.close();
    else if (row.stage !== 'ws') env.arm();

    const started = performance.now();
    let result: unknown;
    let error: unknown;
    try {
      result = await kind.run(env);
    } catch (caught) {
      error = caught;
    }
    const elapsed = performance.now() - started;

    if (outcome.error) {
      expect(error, `expected ${outcome.error.name}`).toBeInstanceOf(MiniMaxError);
      expect((error as Error).constructor).toBe(outcome.error);
      if (outcome.code !== undefined) expect((error as MiniMaxError).code).toBe(outcome.code);
      // The key travels only in the Authorization header, never into what a caller might log.
      expect(String(error)).not.toContain('sk-reliability');
    } else {
      if (error) throw error;
      await kind.verify(env, result, outcome.served);
    }
    expect(kind.count(env)).toBe(outcome.requests);
    if (outcome.attempts !== undefined) {
      const entry = kind.entry ?? kind.target;
      const target = entry.endsWith('/*') ? entry.slice(0, -1) : entry;
      const counted = attempts.slice(attemptsBefore).filter((a) => a.path.startsWith(target));
      expect(counted).toHaveLength(outcome.attempts);
    }
    expect(elapsed).toBeLessThan(DEADLINE);
    if (outcome.minMs !== undefined) expect(elapsed).toBeGreaterThanOrEqual(outcome.minMs - 5);
    if (kind.saves && outcome.error) expect(await listFiles(dir.path)).toEqual([]);
  } finally {
    await mock.close();
    await dir.remove();
  }
  expect(await expectNoLeaks(baseline)).toEqual([]);
}

describe('fault matrix', () => {
  beforeAll(async () => {
    // The first multipart upload, synthesis or WebSocket of a process pays for JIT and lazy
    // imports; a 500 ms attempt deadline should measure the fault, not that.
    const mock = await startMockServer({ taskSchedule: { pollsPerStage: 0 } });
    const warm = newClient(mock.url, globalThis.fetch, { timeout: 10_000 });
    const dir = await tempDir();
    const env = { mock, client: warm, setup: warm, dir: dir.path, state: {}, mark: 0 } as unknown as Env;
    env.row = ROWS[ROWS.length - 1] as Row;
    for (const kind of KINDS) {
      await kind.prepare?.(env);
      await kind.run(env);
    }
    await mock.close();
    await dir.remove();
    // Backoff jitter is Math.random() × a ceiling of up to 8 s; pinning it to 0 keeps every retry
    // immediate without touching the retry logic. Hinted waits (Retry-After) stay real.
    vi.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterAll(() => {
    vi.restoreAllMocks();
  });

  const [bugs, cells] = [CELLS.filter((c) => c.outcome.bug), CELLS.filter((c) => !c.outcome.bug)];

  it.each(cells)('$title', runCell);

  // These assert the contract and fail today: when one starts passing, drop its `bug` note.
  it.fails.each(bugs)('$title (known bug)', runCell);

  // The matrix row uses 1002; every other code of the map gets the same check on one call kind.
  const codes = Object.keys(ERROR_CODE_MAP).map(Number);
  it.each(codes)(
    'base_resp %i on a POST: retried once if retryable, else mapped after 1 request',
    async (code) => {
      const mock = await startMockServer();
      try {
        const client = newClient(mock.url, globalThis.fetch, { timeout: TIMEOUT, maxRetries: MAX_RETRIES });
        mock.faults.add({ path: '/v1/get_voice', code });
        const outcome = await client.voice.list().then(
          () => undefined,
          (e: unknown) => e,
        );
        if (RETRYABLE_CODES.has(code)) {
          expect(outcome).toBeUndefined();
          expect(mock.requests).toHaveLength(2);
        } else {
          expect((outcome as Error).constructor).toBe(ERROR_CODE_MAP[code]);
          expect(mock.requests).toHaveLength(1);
        }
      } finally {
        await mock.close();
      }
    },
  );

  it('RELIABILITY.md shows exactly the matrix asserted here', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../../../RELIABILITY.md', import.meta.url)), 'utf8');
    expect(doc).toContain(renderMatrix());
  });
});

// ---------------------------------------------------------------------------------------------
// The table for RELIABILITY.md

function describeOutcome(kind: Kind, o: Outcome): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 || unit === 'req' ? '' : 's'}`;
  let text: string;
  if (o.error) {
    text =
      o.attempts !== undefined
        ? `${o.error.name}, ${plural(o.attempts, 'attempt')}, none reached`
        : o.requests === 0
          ? `${o.error.name}, none reached`
          : `${o.error.name}, ${plural(o.requests, kind.unit)}`;
  } else {
    text =
      o.requests > 1
        ? `ok after ${o.requests - 1} retry (${plural(o.requests, kind.unit)})`
        : `ok (1 ${kind.unit})`;
  }
  if (o.code !== undefined) text = text.replace(o.error?.name ?? '', `${o.error?.name} (code ${o.code})`);
  if (o.note) text += `, ${o.note}`;
  if (o.minMs !== undefined) text += `, ≥ ${o.minMs} ms`;
  if (o.bug) text = `**${text}** (${o.bug})`;
  return text;
}

export function renderMatrix(): string {
  const header = `| fault | ${KINDS.map((k) => `\`${k.id}\`<br>${k.what}`).join(' | ')} |`;
  const rule = `| --- | ${KINDS.map(() => '---').join(' | ')} |`;
  const lines = ROWS.map(
    (row) =>
      `| ${row.label} | ${KINDS.map((k) => {
        const o = EXPECT[row.id]?.[k.id];
        return o ? describeOutcome(k, o) : 'n/a';
      }).join(' | ')} |`,
  );
  return [header, rule, ...lines].join('\n');
}

if (process.env.PRINT_MATRIX) console.log(`\n${renderMatrix()}\n`);
