/**
 * Speech-to-text: `POST /v1/speech_to_text` (multipart). Audio the mock's own TTS produced is read
 * back as the text it spoke (the state remembers each clip by its digest); any other audio gets a
 * fixed transcript. Answers json, verbose_json, srt, vtt, or SSE deltas with `stream=true`, and
 * errors in the OpenAI-style envelope the endpoint uses.
 */

import { STREAM_KINDS } from '../faults.js';
import { baseResp, MockApiError, sendText } from '../respond.js';
import { type SseFrame, sseFrame, writeSse } from '../sse.js';
import type { Handler } from '../types.js';
import type { JsonObject } from '../util.js';
import { invalid } from '../validate.js';

/** What the mock hears in audio it did not speak itself. */
export const FIXED_TRANSCRIPT = 'This is the MiniMax mock transcript. It did not speak this audio itself.';

/** The documented upload limit. */
export const MAX_TRANSCRIPTION_BYTES = 50 * 1024 * 1024;

const FORMATS = ['json', 'verbose_json', 'srt', 'vtt'];
const TIMESTAMP_LEVELS = ['segment', 'word'];
/** Speech at about 15 characters a second, for audio whose length the mock does not know. */
const CHARS_PER_SECOND = 15;

interface Segment {
  id: number;
  start: number;
  end: number;
  text: string;
  speaker: string;
  words?: { word: string; start: number; end: number }[];
}

const round = (seconds: number): number => Math.round(seconds * 1000) / 1000;

/** Sentences, each given a share of the duration by its length; speakers alternate per sentence. */
function segmentsOf(text: string, duration: number, words: boolean): Segment[] {
  const sentences =
    text
      .match(/[^.!?。！？]+[.!?。！？]*/g)
      ?.map((s) => s.trim())
      .filter(Boolean) ?? [];
  const total = sentences.reduce((sum, s) => sum + s.length, 0) || 1;
  let at = 0;
  return sentences.map((sentence, id) => {
    const length = (duration * sentence.length) / total;
    const segment: Segment = {
      id,
      start: round(at),
      end: round(at + length),
      text: sentence,
      speaker: `speaker_${id % 2}`,
    };
    if (words) {
      const parts = sentence.split(/\s+/).filter(Boolean);
      const chars = parts.reduce((sum, w) => sum + w.length, 0) || 1;
      let w = at;
      segment.words = parts.map((word) => {
        const span = (length * word.length) / chars;
        const entry = { word, start: round(w), end: round(w + span) };
        w += span;
        return entry;
      });
    }
    at += length;
    return segment;
  });
}

function clock(seconds: number, separator: ',' | '.'): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(ms % 1000, 3)}`;
}

/** SubRip: numbered cues, comma before the milliseconds. */
export function toSrt(segments: readonly Segment[]): string {
  return segments
    .map((s, i) => `${i + 1}\n${clock(s.start, ',')} --> ${clock(s.end, ',')}\n${s.text}\n`)
    .join('\n');
}

/** WebVTT: the header, then cues with a dot before the milliseconds. */
export function toVtt(segments: readonly Segment[]): string {
  return `WEBVTT\n\n${segments.map((s) => `${clock(s.start, '.')} --> ${clock(s.end, '.')}\n${s.text}\n`).join('\n')}`;
}

/** `POST /v1/speech_to_text`. */
export const speechToText: Handler = (r, ctx) => {
  const form = r.multipart;
  if (form === undefined) invalid('body', 'must be multipart/form-data');
  const fields = form.fields;
  const model = fields.model ?? '';
  if (model !== 'asr-1.0') invalid('model', model === '' ? 'is required' : `${model} is not supported`);
  const format = fields.response_format ?? 'json';
  if (!FORMATS.includes(format)) invalid('response_format', `must be one of ${FORMATS.join(', ')}`);
  const level = fields.timestamp_level ?? 'segment';
  if (!TIMESTAMP_LEVELS.includes(level))
    invalid('timestamp_level', `must be one of ${TIMESTAMP_LEVELS.join(', ')}`);
  const stream = fields.stream === 'true';
  if (stream && (format === 'srt' || format === 'vtt')) invalid('stream', `is not available for ${format}`);
  const part = form.files.find((f) => f.field === 'file');
  if (part === undefined) invalid('file', 'is required');
  if (part.data.byteLength === 0) invalid('file', 'must not be empty');
  if (part.data.byteLength > MAX_TRANSCRIPTION_BYTES)
    throw new MockApiError(2013, 'invalid params, file exceeds 50 MB');

  const heard = ctx.state.heard(part.data);
  const text = heard?.text ?? FIXED_TRANSCRIPT;
  const duration = round(heard ? heard.durationMs / 1000 : text.length / CHARS_PER_SECOND);
  // The language hint is a header (as the API documents it); absent or empty, the language is detected.
  const language = r.headers.language || (/[\u4e00-\u9fff]/.test(text) ? 'zh' : 'en');
  const segments = segmentsOf(text, duration, level === 'word');

  if (format === 'srt' || format === 'vtt') {
    const body = format === 'srt' ? toSrt(segments) : toVtt(segments);
    sendText(
      r.res,
      200,
      body,
      format === 'srt' ? 'application/x-subrip; charset=utf-8' : 'text/vtt; charset=utf-8',
      {
        'trace-id': r.traceId,
      },
    );
    return undefined;
  }
  const verbose: JsonObject =
    format === 'verbose_json' ? { segments, n_speakers: new Set(segments.map((s) => s.speaker)).size } : {};
  const result: JsonObject = { text, language, duration, ...verbose };
  if (!stream) return result;

  // One delta per word (with its leading space), then the whole transcript, then the terminator.
  const frames: SseFrame[] = (text.match(/\s*\S+/g) ?? []).map((delta) =>
    sseFrame({ type: 'transcript.text.delta', delta, trace_id: r.traceId }),
  );
  frames.push(sseFrame({ type: 'transcript.text.done', ...result, trace_id: r.traceId }));
  frames.push(['data: [DONE]\n\n']);
  writeSse(r.res, frames, {
    fault: ctx.faults.take(r.path, STREAM_KINDS),
    errorFrame: (code, message) =>
      sseFrame({ type: 'error', trace_id: r.traceId, base_resp: baseResp(code, message) }),
    headers: { 'trace-id': r.traceId },
  });
  return undefined;
};
