import { parseBuffer } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { connectWs, fromHex, startMock, VOICE, type WsFrame } from './helpers.js';

const START = { event: 'task_start', model: 'speech-2.8-hd', voice_setting: VOICE };

const isFinal = (f: WsFrame[]) => f.some((m) => m.is_final === true);
const audioFrames = (frames: WsFrame[]) => frames.filter((f) => f.data?.audio !== undefined);

describe('WebSocket /ws/v1/t2a_v2', () => {
  it('runs connected_success → task_started → task_continued… (is_final) → task_finished → close', async () => {
    const mock = await startMock();
    const ws = await connectWs(mock);
    const [hello] = await ws.until((f) => f.length >= 1);
    expect(hello).toMatchObject({ event: 'connected_success', base_resp: { status_code: 0 } });
    expect(hello?.session_id).toMatch(/^[0-9a-f]{32}$/);
    expect(hello?.trace_id).toMatch(/^[0-9a-f]{32}$/);

    ws.send({ ...START, audio_setting: { sample_rate: 24000, bitrate: 128000, format: 'mp3', channel: 1 } });
    await ws.until((f) => f.some((m) => m.event === 'task_started'));
    expect(ws.events('task_started')[0]?.session_id).toBe(hello?.session_id);

    ws.send({
      event: 'task_continue',
      text: 'Streaming speech over a socket, sentence after sentence. '.repeat(10),
    });
    await ws.until(isFinal);
    const audio = audioFrames(ws.frames);
    expect(audio.length).toBeGreaterThanOrEqual(3);
    expect(audio.every((f) => f.event === 'task_continued' && f.base_resp?.status_code === 0)).toBe(true);
    expect(audio.slice(0, -1).every((f) => f.is_final === false && f.extra_info === undefined)).toBe(true);
    const last = audio.at(-1);
    expect(last?.is_final).toBe(true);
    const bytes = fromHex(audio.map((f) => f.data?.audio).join(''));
    expect(last?.extra_info).toMatchObject({
      audio_size: bytes.byteLength,
      audio_sample_rate: 24000,
      audio_format: 'mp3',
    });
    const meta = await parseBuffer(bytes, { mimeType: 'audio/mpeg' });
    expect(meta.format.sampleRate).toBe(24000);
    expect(
      Math.abs((meta.format.duration ?? 0) * 1000 - Number(last?.extra_info?.audio_length)),
    ).toBeLessThan(60);

    ws.send({ event: 'task_finish' });
    await ws.until((f) => f.some((m) => m.event === 'task_finished'));
    expect((await ws.whenClosed()).code).toBe(1000);
  });

  it('answers each task_continue with its own final frame', async () => {
    const mock = await startMock();
    const ws = await connectWs(mock);
    ws.send(START);
    ws.send({ event: 'task_continue', text: 'One.' });
    ws.send({ event: 'task_continue', text: 'Two, a little longer.' });
    await ws.until((f) => f.filter((m) => m.is_final === true).length === 2);
    const finals = ws.frames.filter((f) => f.is_final === true);
    expect(Number(finals[1]?.extra_info?.audio_length)).toBeGreaterThan(
      Number(finals[0]?.extra_info?.audio_length),
    );
    ws.socket.close();
  });

  it('fails task_continue before task_start with 2202 and closes', async () => {
    const mock = await startMock();
    const ws = await connectWs(mock);
    ws.send({ event: 'task_continue', text: 'too early' });
    await ws.whenClosed();
    expect(ws.events('task_failed')[0]?.base_resp?.status_code).toBe(2202);
  });

  it('fails a task_start with an unknown voice (2054) or bad settings (2013) and closes', async () => {
    const mock = await startMock();
    const ws = await connectWs(mock);
    ws.send({ ...START, voice_setting: { voice_id: 'ghost' } });
    await ws.whenClosed();
    expect(ws.events('task_failed')[0]?.base_resp?.status_code).toBe(2054);

    const ws2 = await connectWs(mock);
    ws2.send({ ...START, audio_setting: { format: 'wav' } });
    await ws2.whenClosed();
    const failed = ws2.events('task_failed')[0];
    expect(failed?.base_resp?.status_code).toBe(2013);
    expect(failed?.base_resp?.status_msg).toContain('audio_setting.format');
  });

  it('skips empty (2203) and oversized (2204) text without closing', async () => {
    const mock = await startMock();
    const ws = await connectWs(mock);
    ws.send(START);
    ws.send({ event: 'task_continue', text: '   ' });
    ws.send({ event: 'task_continue', text: 'x'.repeat(10_001) });
    ws.send({ event: 'task_continue', text: 'Still here.' });
    await ws.until(isFinal);
    expect(ws.events('task_failed').map((f) => f.base_resp?.status_code)).toEqual([2203, 2204]);
    expect(ws.closed).toBeUndefined();
    ws.socket.close();
  });

  it('counts the text limit in characters: 5,001 CJK Extension B characters are spoken', async () => {
    const mock = await startMock();
    const ws = await connectWs(mock);
    ws.send({ ...START, audio_setting: { sample_rate: 8000, bitrate: 32000 } });
    ws.send({ event: 'task_continue', text: '\u{20000}'.repeat(5_001) });
    await ws.until((f) => isFinal(f) || f.some((m) => m.event === 'task_failed'));
    expect(ws.events('task_failed')).toEqual([]);
    expect(ws.frames.find((f) => f.is_final === true)?.extra_info?.usage_characters).toBe(5_001);
    ws.socket.close();
  });

  it('fails non-JSON frames and unknown events with 2202', async () => {
    const mock = await startMock();
    const ws = await connectWs(mock);
    ws.socket.send('not json');
    await ws.whenClosed();
    expect(ws.events('task_failed')[0]?.base_resp?.status_code).toBe(2202);
    const ws2 = await connectWs(mock);
    ws2.send({ event: 'task_dance' });
    await ws2.whenClosed();
    expect(ws2.events('task_failed')[0]?.base_resp?.status_msg).toContain('task_dance');
  });

  it('closes an idle session after wsIdleMs with 2201', async () => {
    const mock = await startMock({ wsIdleMs: 150 });
    const ws = await connectWs(mock);
    ws.send(START);
    await ws.until((f) => f.some((m) => m.event === 'task_started'));
    const started = Date.now();
    await ws.whenClosed();
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(ws.events('task_failed')[0]?.base_resp?.status_code).toBe(2201);
  });

  it('accepts binary frames holding JSON', async () => {
    const mock = await startMock();
    const ws = await connectWs(mock);
    ws.socket.send(Buffer.from(JSON.stringify(START)));
    await ws.until((f) => f.some((m) => m.event === 'task_started'));
    ws.socket.close();
  });

  it('refuses upgrades on other paths', async () => {
    const mock = await startMock();
    const { default: WebSocket } = await import('ws');
    const socket = new WebSocket(`${mock.url.replace('http', 'ws')}/ws/v1/other`, {
      headers: { authorization: 'Bearer k' },
    });
    const status = await new Promise<number | undefined>((resolve) => {
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode));
      socket.once('error', () => resolve(undefined));
    });
    socket.terminate();
    expect(status).toBe(404);
  });
});

describe('WebSocket /ws/v1/t2a_v2_bidi', () => {
  const BIDI = '/ws/v1/t2a_v2_bidi';

  // The bidirectional socket has its own code for an event out of order (2206), as for a second task_start.
  for (const early of [
    { event: 'task_continue', text: 'Too early.' },
    { event: 'task_flush' },
    { event: 'task_cancel' },
    { event: 'task_finish' },
  ]) {
    it(`fails ${early.event} before task_start with 2206 and closes`, async () => {
      const mock = await startMock();
      const ws = await connectWs(mock, undefined, BIDI);
      ws.send(early);
      await ws.whenClosed();
      expect(ws.frames.map((f) => f.event)).toEqual(['connected_success', 'task_failed']);
      expect(ws.events('task_failed')[0]?.base_resp?.status_code).toBe(2206);
    });
  }
});
