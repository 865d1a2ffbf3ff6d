/** `client.account`, `client.search` and `client.vision` over HTTP against the offline mock. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidParameterError, MiniMax, MiniMaxError } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

let mock: MockServer;
let client: MiniMax;
beforeEach(async () => {
  mock = await startMockServer({ apiKey: 'wire-key' });
  client = new MiniMax({ apiKey: 'wire-key', baseURL: mock.url, maxRetries: 0, logLevel: 'off' });
});
afterEach(async () => {
  await mock.close();
});

describe('account.quota against the mock', () => {
  it('lists the plan lanes with current windows', async () => {
    const before = Date.now();
    const { model_remains, trace_id } = await client.account.quota();
    const after = Date.now();
    expect(trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(model_remains.map((l) => l.model_name)).toEqual(['MiniMax-M*', 'speech-hd', 'image-01']);
    for (const lane of model_remains) {
      expect(lane.start_time).toBeLessThanOrEqual(before);
      expect(lane.end_time).toBeGreaterThan(before);
      // remains_time counts down to end_time from the moment the mock answered.
      expect(lane.end_time - lane.remains_time).toBeGreaterThanOrEqual(before);
      expect(lane.end_time - lane.remains_time).toBeLessThanOrEqual(after);
      expect(lane.weekly_end_time - lane.weekly_start_time).toBe(7 * 24 * 3_600_000);
      // Weeks turn over on Monday, midnight China time.
      const monday = new Date(lane.weekly_start_time + 8 * 3_600_000);
      expect([monday.getUTCDay(), monday.getUTCHours(), monday.getUTCMinutes()]).toEqual([1, 0, 0]);
      expect(lane.current_interval_total_count).toBeGreaterThan(0);
      expect(lane.current_interval_remaining_percent).toBe(100);
    }
    expect(model_remains[0]!.end_time - model_remains[0]!.start_time).toBe(5 * 3_600_000);
  });

  it('a wrong key is refused with the platform code', async () => {
    const error = await client
      .withOptions({ apiKey: 'other-key' })
      .account.quota()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
  });
});

describe('search.query against the mock', () => {
  it('answers with results made from the query and the request as sent', async () => {
    const result = await client.search.query({ q: 'MiniMax M3' });
    expect(result.organic.length).toBeGreaterThan(0);
    for (const hit of result.organic) {
      expect(hit.title).toContain('MiniMax M3');
      expect(new URL(hit.link).protocol).toBe('https:');
      expect(hit.snippet).not.toBe('');
    }
    expect(result.related_searches.length).toBeGreaterThan(0);
    expect(result.related_searches.every((r) => r.query.startsWith('MiniMax M3'))).toBe(true);
    expect(mock.requests.at(-1)?.body).toEqual({ q: 'MiniMax M3' });
  });

  it('the SDK refuses an empty q before the mock sees it', async () => {
    await expect(client.search.query({ q: '' })).rejects.toBeInstanceOf(InvalidParameterError);
    expect(mock.requests).toHaveLength(0);
  });
});

describe('vision.describe against the mock', () => {
  it('an image the mock generated arrives intact: its size is read back, inline or by URL', async () => {
    const image = await client.image.generate({ prompt: 'a lighthouse', aspect_ratio: '16:9' });
    const url = image.image_urls?.[0] ?? '';
    expect(url).toMatch(/^http/);
    const [bytes] = await image.images();
    const byUrl = await client.vision.describe({ prompt: 'What is it?', image: url });
    const inline = await client.vision.describe({ prompt: 'What is it?', image: bytes! });
    expect(byUrl.content).toContain('1280×720 PNG');
    expect(inline.content).toContain('1280×720 PNG');
    expect(inline.content).toContain('What is it?');
    const sent = mock.requests.at(-1)?.body as { image_url: string };
    expect(sent.image_url.startsWith('data:image/png;base64,')).toBe(true);
  });

  it('bytes that are no image are refused with 2013 naming image_url', async () => {
    const error = await client.vision
      .describe({ prompt: 'p', image: 'data:image/png;base64,aGVsbG8=' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as MiniMaxError).code).toBe(2013);
    expect((error as MiniMaxError).message).toContain('image_url');
  });
});
