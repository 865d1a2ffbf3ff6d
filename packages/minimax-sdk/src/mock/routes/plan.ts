/**
 * The Token Plan endpoints: `GET /v1/token_plan/remains` (what the plan has left, lane by lane),
 * `POST /v1/coding_plan/search` (web search) and `POST /v1/coding_plan/vlm` (image
 * understanding). The mock has no web and no vision model: search answers are made from the
 * query, and the vision answer says what the mock can truly read of the image (its type and, for
 * PNG, its size), so a test can tell its image arrived intact.
 */

import type { Handler, MockContext, MockRequest } from '../types.js';
import { bodyObject, invalid, requireString } from '../validate.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Plan days and weeks turn over at midnight China time (UTC+8), as the official CLI's fixture shows. */
const CHINA = 8 * HOUR;

/** The lanes of the mock's plan: how many calls each window allows, and how long it lasts. */
const LANES: readonly { model_name: string; window: number; interval: number; weekly: number }[] = [
  { model_name: 'MiniMax-M*', window: 5 * HOUR, interval: 1500, weekly: 0 },
  { model_name: 'speech-hd', window: DAY, interval: 9000, weekly: 63_000 },
  { model_name: 'image-01', window: DAY, interval: 100, weekly: 700 },
];

/** `GET /v1/token_plan/remains`: a plan nothing has been spent from yet, windows current. */
export const tokenPlanRemains: Handler = () => {
  const now = Date.now();
  // 1970-01-01 was a Thursday: Monday midnight in China is 4 days (minus the offset) after it.
  const weekStart = Math.floor((now + CHINA - 4 * DAY) / (7 * DAY)) * 7 * DAY + 4 * DAY - CHINA;
  const weekEnd = weekStart + 7 * DAY;
  const model_remains = LANES.map((lane) => {
    const offset = lane.window === DAY ? CHINA : 0;
    const start = Math.floor((now + offset) / lane.window) * lane.window - offset;
    const end = start + lane.window;
    return {
      model_name: lane.model_name,
      start_time: start,
      end_time: end,
      remains_time: end - now,
      current_interval_total_count: lane.interval,
      current_interval_usage_count: 0,
      current_interval_remaining_percent: 100,
      current_interval_status: 1,
      weekly_start_time: weekStart,
      weekly_end_time: weekEnd,
      weekly_remains_time: weekEnd - now,
      current_weekly_total_count: lane.weekly,
      current_weekly_usage_count: 0,
      current_weekly_remaining_percent: 100,
      // A plan without a weekly cap reports the window as not applicable.
      current_weekly_status: lane.weekly === 0 ? 3 : 1,
    };
  });
  return { model_remains };
};

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'query';

/** `POST /v1/coding_plan/search`: five results and three related queries, all made from `q`. */
export const planSearch: Handler = (r) => {
  const body = bodyObject(r.body);
  const q = requireString(body, 'q').trim();
  if (q === '') invalid('q', 'is required');
  const organic = Array.from({ length: 5 }, (_, i) => ({
    title: `${q}: result ${i + 1}`,
    link: `https://example.com/${slug(q)}/${i + 1}`,
    snippet: `Page ${i + 1} about ${q}. The mock makes its results from the query; it has no web.`,
    date: `2026-11-${String(20 - i).padStart(2, '0')}`,
  }));
  const related_searches = ['explained', 'examples', 'alternatives'].map((word) => ({
    query: `${q} ${word}`,
  }));
  return { organic, related_searches };
};

/** The type (and, for PNG, the size) of image bytes, or undefined for bytes that are no image. */
function describeBytes(bytes: Uint8Array): string | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 24 && bytes[0] === 0x89 && ascii(1, 4) === 'PNG') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return `a ${view.getUint32(16)}×${view.getUint32(20)} PNG image`;
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'a JPEG image';
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'a WebP image';
  if (bytes.length >= 6 && ascii(0, 3) === 'GIF') return 'a GIF image';
  return undefined;
}

/** What the mock can say of `image_url`: inline bytes and its own media links are read. */
function describeImage(imageUrl: string, r: MockRequest, ctx: MockContext): string {
  const data = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(imageUrl);
  if (data !== null) {
    if (data[2] === undefined) invalid('image_url', 'must be a base64 data URI');
    const bytes = Buffer.from(data[3] ?? '', 'base64');
    return describeBytes(bytes) ?? invalid('image_url', 'is not a JPEG, PNG, WebP or GIF image');
  }
  let url: URL;
  try {
    url = new URL(imageUrl);
  } catch {
    return invalid('image_url', 'must be an http(s) URL or a data URI');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    invalid('image_url', 'must be an http(s) URL or a data URI');
  const mine = `${url.protocol}//${url.host}` === r.origin && url.pathname.startsWith('/__mock/media/');
  const entry = mine
    ? ctx.state.media.get(decodeURIComponent(url.pathname.slice('/__mock/media/'.length)))
    : undefined;
  return (entry && describeBytes(entry.data)) ?? `the image at ${url.href}`;
}

/** `POST /v1/coding_plan/vlm`: `{ prompt, image_url }` → `{ content }`. */
export const planVision: Handler = (r, ctx) => {
  const body = bodyObject(r.body);
  const prompt = requireString(body, 'prompt');
  const image = requireString(body, 'image_url');
  const seen = describeImage(image, r, ctx);
  return {
    content: `The mock sees ${seen}. It reads an image's type and size, not what it shows, so it cannot answer "${prompt}".`,
  };
};
