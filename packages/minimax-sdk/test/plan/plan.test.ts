/** `client.account`, `client.search` and `client.vision` with an injected fetch: requests and parsing. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidParameterError, MiniMaxError } from '../../src/index.js';
import { fakeFetch, jsonResponse, ok, testClient } from '../helpers/fake-fetch.js';

const LANE = {
  model_name: 'MiniMax-M*',
  start_time: 1776355200000,
  end_time: 1776373200000,
  remains_time: 7151954,
  current_interval_total_count: 1500,
  current_interval_usage_count: 228,
  weekly_start_time: 1776009600000,
  weekly_end_time: 1776614400000,
  weekly_remains_time: 248351954,
  current_weekly_total_count: 0,
  current_weekly_usage_count: 0,
};

describe('account.quota', () => {
  it('GETs /v1/token_plan/remains with no body and returns the lanes as sent', async () => {
    const fake = fakeFetch(() =>
      jsonResponse(ok({ model_remains: [LANE, { ...LANE, model_name: 'speech-hd' }] })),
    );
    const quota = await testClient(fake.fetch).account.quota();
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.method).toBe('GET');
    expect(fake.calls[0]!.path).toBe('/v1/token_plan/remains');
    expect(fake.calls[0]!.body).toBeUndefined();
    expect(quota.model_remains).toEqual([LANE, { ...LANE, model_name: 'speech-hd' }]);
  });

  it('a key without a plan (model_remains: null) gets an empty list, not null', async () => {
    const fake = fakeFetch(() => jsonResponse(ok({ model_remains: null })));
    expect((await testClient(fake.fetch).account.quota()).model_remains).toEqual([]);
  });

  it('a base_resp error is the mapped MiniMaxError', async () => {
    const fake = fakeFetch(() =>
      jsonResponse({ base_resp: { status_code: 1004, status_msg: 'login fail' } }),
    );
    const error = await testClient(fake.fetch)
      .account.quota()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as MiniMaxError).code).toBe(1004);
  });
});

describe('search.query', () => {
  it('POSTs every field set and returns the hits and related queries', async () => {
    const fake = fakeFetch(() =>
      jsonResponse(
        ok({
          organic: [{ title: 'T', link: 'https://a.example/x', snippet: 'S', date: '2026-11-01', extra: 1 }],
          related_searches: [{ query: 'more' }],
        }),
      ),
    );
    const result = await testClient(fake.fetch).search.query({ q: 'minimax', future_flag: true } as {
      q: string;
    });
    expect(fake.calls[0]!.path).toBe('/v1/coding_plan/search');
    expect(fake.calls[0]!.body).toEqual({ q: 'minimax', future_flag: true });
    expect(result.organic).toEqual([
      { title: 'T', link: 'https://a.example/x', snippet: 'S', date: '2026-11-01', extra: 1 },
    ]);
    expect(result.related_searches).toEqual([{ query: 'more' }]);
  });

  it('null lists and hits with missing fields come back as empty lists and strings', async () => {
    const fake = fakeFetch(() =>
      jsonResponse(ok({ organic: [{ link: 'https://a.example' }, 7], related_searches: null })),
    );
    const result = await testClient(fake.fetch).search.query({ q: 'x' });
    expect(result.organic).toEqual([{ title: '', link: 'https://a.example', snippet: '' }]);
    expect(result.related_searches).toEqual([]);
  });

  it('a missing, empty, inherited or non-string q rejects before any request', async () => {
    const fake = fakeFetch(() => jsonResponse(ok({ organic: [] })));
    const client = testClient(fake.fetch);
    const inherited = Object.create({ q: 'x' }) as { q: string };
    for (const params of [{ q: '' }, { q: '  ' }, inherited, { q: 5 as unknown as string }, null]) {
      await expect(client.search.query(params as { q: string })).rejects.toBeInstanceOf(
        InvalidParameterError,
      );
    }
    expect(fake.calls).toHaveLength(0);
  });
});

const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

describe('vision.describe', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mm-vision-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const answer = () => jsonResponse(ok({ content: 'A cat.' }));

  it('a URL or a data URI is sent as image_url unchanged, with the prompt and every other field', async () => {
    const fake = fakeFetch(answer);
    const client = testClient(fake.fetch);
    const result = await client.vision.describe({
      prompt: 'What is it?',
      image: 'https://img.example/cat.png',
      detail: 'high',
    } as { prompt: string; image: string });
    await client.vision.describe({ prompt: 'And this?', image: 'data:image/png;base64,AAAA' });
    expect(result.content).toBe('A cat.');
    expect(fake.calls.map((c) => c.path)).toEqual(['/v1/coding_plan/vlm', '/v1/coding_plan/vlm']);
    expect(fake.calls[0]!.body).toEqual({
      prompt: 'What is it?',
      image_url: 'https://img.example/cat.png',
      detail: 'high',
    });
    expect(fake.calls[1]!.body).toEqual({ prompt: 'And this?', image_url: 'data:image/png;base64,AAAA' });
  });

  it('a local path and bytes are sent inline as a data URI typed by their first bytes', async () => {
    const fake = fakeFetch(answer);
    const client = testClient(fake.fetch);
    const path = join(dir, 'shot.bin');
    await writeFile(path, PNG);
    await client.vision.describe({ prompt: 'p', image: path });
    await client.vision.describe({ prompt: 'p', image: PNG });
    const expected = `data:image/png;base64,${Buffer.from(PNG).toString('base64')}`;
    expect(fake.calls.map((c) => (c.body as { image_url: string }).image_url)).toEqual([expected, expected]);
  });

  it('no prompt, no image, an empty file or a missing path rejects with InvalidParameterError and sends nothing', async () => {
    const fake = fakeFetch(answer);
    const client = testClient(fake.fetch);
    const empty = join(dir, 'empty.png');
    await writeFile(empty, new Uint8Array());
    const cases = [
      { prompt: '', image: 'https://img.example/a.png' },
      { image: 'https://img.example/a.png' },
      { prompt: 'p' },
      { prompt: 'p', image: '' },
      { prompt: 'p', image: empty },
    ];
    for (const params of cases) {
      await expect(
        client.vision.describe(params as { prompt: string; image: string }),
      ).rejects.toBeInstanceOf(InvalidParameterError);
    }
    await expect(
      client.vision.describe({ prompt: 'p', image: join(dir, 'nope.png') }),
    ).rejects.toBeInstanceOf(MiniMaxError);
    expect(fake.calls).toHaveLength(0);
  });

  it('an answer without content is an error, not an empty description', async () => {
    const fake = fakeFetch(() => jsonResponse(ok({ content: '' })));
    await expect(
      testClient(fake.fetch).vision.describe({ prompt: 'p', image: 'https://img.example/a.png' }),
    ).rejects.toThrow(/without content/);
  });
});
