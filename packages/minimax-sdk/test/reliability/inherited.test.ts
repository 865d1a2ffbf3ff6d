/**
 * Params often come from parsed JSON. A key that is not the caller's own (inherited through a
 * prototype, or an own `__proto__` key as JSON.parse makes it) must never be read, sent, or opened
 * as a local file, whichever method turns strings into file reads.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MiniMax, MiniMaxError } from '../../src/index.js';
import { fakeFetch, jsonResponse, type RecordedRequest, testClient } from '../helpers/fake-fetch.js';

const MARKER = 'TOP-SECRET-7c1f';
let dir: string;
let secretPath: string;
let secretBase64: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'minimax-inherited-'));
  secretPath = join(dir, 'secret.png');
  // PNG magic first, so an image reader would happily inline it.
  const secret = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from(MARKER),
  ]);
  await writeFile(secretPath, secret);
  secretBase64 = secret.toString('base64');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Everything the requests carried, as text (JSON bodies and every multipart part). */
async function sentText(calls: RecordedRequest[]): Promise<string> {
  const parts: string[] = [];
  for (const call of calls) {
    parts.push(call.url);
    if (call.body instanceof FormData) {
      for (const [, value] of call.body.entries()) {
        parts.push(
          typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer()).toString('latin1'),
        );
      }
    } else if (call.body !== undefined) {
      parts.push(JSON.stringify(call.body));
    }
  }
  return parts.join('\n');
}

type Hide = 'json-proto' | 'prototype';

/** An object whose own keys are `own` and which carries `hidden` only through its prototype. */
function hiding(
  own: Record<string, unknown>,
  hidden: Record<string, unknown>,
  how: Hide,
): Record<string, unknown> {
  if (how === 'json-proto') {
    return JSON.parse(
      JSON.stringify({ ...own })
        .replace(/^\{/, `{"__proto__":${JSON.stringify(hidden)},`)
        .replace(',}', '}'),
    );
  }
  return Object.assign(Object.create(hidden) as Record<string, unknown>, own);
}

interface FileCase {
  name: string;
  call: (client: MiniMax, params: Record<string, unknown>) => Promise<unknown>;
  /** The own params and the hidden key/value that names the secret file. */
  make: (path: string, how: Hide) => Record<string, unknown>;
}

const CASES: FileCase[] = [
  {
    name: 'video.create first_frame_image',
    call: (c, p) => c.video.create(p as never),
    make: (path, how) => hiding({ model: 'I2V-01', prompt: 'p' }, { first_frame_image: path }, how),
  },
  {
    name: 'video.create last_frame_image',
    call: (c, p) => c.video.create(p as never),
    make: (path, how) => hiding({ model: 'MiniMax-Hailuo-02', prompt: 'p' }, { last_frame_image: path }, how),
  },
  {
    name: 'video.imageToVideo',
    call: (c, p) => c.video.imageToVideo(p as never, { pollInterval: 0 }),
    make: (path, how) => hiding({ prompt: 'p' }, { first_frame_image: path }, how),
  },
  {
    name: 'video.framesToVideo',
    call: (c, p) => c.video.framesToVideo(p as never, { pollInterval: 0 }),
    make: (path, how) =>
      hiding({ last_frame_image: 'https://img.test/last.png' }, { first_frame_image: path }, how),
  },
  {
    name: 'video.subjectToVideo (inside a reference)',
    call: (c, p) => c.video.subjectToVideo(p as never, { pollInterval: 0 }),
    make: (path, how) => ({ subject_reference: [hiding({ type: 'character' }, { image: [path] }, how)] }),
  },
  {
    name: 'image.generate subject_reference',
    call: (c, p) => c.image.generate(p as never),
    make: (path, how) => ({
      prompt: 'p',
      subject_reference: [hiding({ type: 'character' }, { image_file: path }, how)],
    }),
  },
  {
    name: 'voice.uploadAudio',
    call: (c, p) => c.voice.uploadAudio(p as never),
    make: (path, how) => hiding({}, { file: path }, how),
  },
  {
    name: 'files.upload',
    call: (c, p) => c.files.upload(p as never),
    make: (path, how) => hiding({ purpose: 'voice_clone' }, { file: path }, how),
  },
];

describe('inherited keys are never read as files', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, spec) => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Hide>('json-proto', 'prototype'),
        fc.boolean(),
        async (how, absolute) => {
          const { fetch, calls } = fakeFetch(() =>
            jsonResponse({ base_resp: { status_code: 2013, status_msg: 'stop here' } }),
          );
          const client = testClient(fetch);
          const path = absolute ? secretPath : join(dir, '.', 'secret.png');
          const outcome = await spec.call(client, spec.make(path, how)).then(
            () => 'resolved',
            (error: unknown) => error,
          );
          // Whatever happens, it is an SDK error or a result, never a raw one.
          if (outcome !== 'resolved') expect(outcome).toBeInstanceOf(MiniMaxError);
          const sent = await sentText(calls);
          expect(sent).not.toContain(MARKER);
          expect(sent).not.toContain(secretBase64.slice(0, 16));
          expect(sent).not.toContain('secret.png');
        },
      ),
      { numRuns: 8 },
    );
  });
});

describe('inherited task ids are never read', () => {
  const CALLS: [string, (client: MiniMax, params: Record<string, unknown>) => Promise<unknown>][] = [
    ['video.query', (c, p) => c.video.query(p as never)],
    ['video.wait', (c, p) => c.video.wait(p as never, { pollInterval: 0 })],
    ['video.v2.retrieve', (c, p) => c.video.v2.retrieve(p as never)],
    ['video.v2.delete', (c, p) => c.video.v2.delete(p as never)],
    ['video.v2.wait', (c, p) => c.video.v2.wait(p as never, { pollInterval: 0 })],
    ['video.templates.query', (c, p) => c.video.templates.query(p as never)],
    ['video.templates.wait', (c, p) => c.video.templates.wait(p as never, { pollInterval: 0 })],
    ['speech.asyncQuery', (c, p) => c.speech.asyncQuery(p as never)],
    ['speech.asyncWait', (c, p) => c.speech.asyncWait(p as never, { pollInterval: 0 })],
  ];

  it.each(CALLS)('%s refuses a task_id it only inherits, and sends nothing', async (_name, call) => {
    for (const how of ['json-proto', 'prototype'] as const) {
      const { fetch, calls } = fakeFetch(() =>
        jsonResponse({ base_resp: { status_code: 0, status_msg: 'ok' } }),
      );
      const client = testClient(fetch);
      const error = await call(client, hiding({}, { task_id: 'inherited-1' }, how)).catch((e: unknown) => e);
      expect(error, how).toBeInstanceOf(MiniMaxError);
      expect((error as Error).message, how).toContain('task_id is required');
      expect(calls, how).toHaveLength(0);
    }
  });
});
