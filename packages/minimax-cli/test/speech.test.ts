import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseBuffer, parseFile } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { mediaDurationMs } from '../src/media.js';
import { at, runCli, waitForRequest, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir();

const ttsBodies = () =>
  ctx.mock.requests.filter((r) => r.path === '/v1/t2a_v2').map((r) => r.body as Record<string, unknown>);

describe('minimax speech', () => {
  it('writes playable mp3 and reports size and duration', async () => {
    const file = join(ctx.dir.path, 'hello.mp3');
    const result = await runCli(['speech', 'Hello from the command line', '-o', file, ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(file);
    const meta = await parseFile(file);
    expect(meta.format.container).toBe('MPEG');
    expect(meta.format.duration).toBeGreaterThan(0.5);
    expect(ttsBodies()[0]).toMatchObject({
      model: 'speech-2.8-hd',
      text: 'Hello from the command line',
      stream: false,
      voice_setting: { voice_id: 'English_expressive_narrator' },
      audio_setting: { format: 'mp3' },
    });
  });

  it('takes the format from the -o extension and sends voice, speed and sample rate', async () => {
    const file = join(ctx.dir.path, 'nested', 'hi.wav');
    const result = await runCli([
      'speech',
      'Hi',
      '-o',
      file,
      '--voice',
      'Wise_Woman',
      '--speed',
      '1.5',
      '--sample-rate',
      '16000',
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    const meta = await parseFile(file);
    expect(meta.format.container).toBe('WAVE');
    expect(meta.format.sampleRate).toBe(16000);
    expect(ttsBodies()[0]).toMatchObject({
      voice_setting: { voice_id: 'Wise_Woman', speed: 1.5 },
      audio_setting: { format: 'wav', sample_rate: 16000 },
    });
  });

  it('--format flac wins over the extension', async () => {
    const file = join(ctx.dir.path, 'out.audio');
    const result = await runCli(['speech', 'Hi', '-o', file, '--format', 'flac', ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    expect((await parseFile(file)).format.container).toBe('FLAC');
  });

  it('--stream writes the streamed audio to the file', async () => {
    const file = join(ctx.dir.path, 'stream.mp3');
    const result = await runCli(['speech', 'Streaming speech', '--stream', '-o', file, ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    expect(ttsBodies()[0]?.stream).toBe(true);
    expect((await parseFile(file)).format.duration).toBeGreaterThan(0.5);
  });

  it('opus, µ-law raw and µ-law WAV: from the extension or -f, with the duration read back', async () => {
    const opus = join(ctx.dir.path, 'hi.opus');
    const ogg = join(ctx.dir.path, 'hi.ogg');
    const ulaw = join(ctx.dir.path, 'hi.ulaw');
    const wav = join(ctx.dir.path, 'phone.wav');
    for (const args of [
      ['-o', opus],
      ['-o', ogg],
      ['-o', ulaw],
      ['-o', wav, '-f', 'pcmu_wav'],
    ]) {
      const result = await runCli([
        'speech',
        'Telephony and the web',
        ...args,
        '--json',
        ...at(ctx.mock.url),
      ]);
      expect(result.code).toBe(0);
    }
    expect(ttsBodies().map((b) => (b.audio_setting as { format: string }).format)).toEqual([
      'opus',
      'opus',
      'pcmu_raw',
      'pcmu_wav',
    ]);
    const opusMeta = await parseFile(opus);
    expect(opusMeta.format.codec).toBe('Opus');
    const wavMeta = await parseFile(wav);
    expect(wavMeta.format.container).toBe('WAVE');
    expect(wavMeta.format.sampleRate).toBe(8000);
    // The Ogg duration is read back from the file's last granule position.
    expect(mediaDurationMs(await readFile(opus))).toBeCloseTo(opusMeta.format.duration! * 1000, 0);
  });

  it('--subtitles word asks for word subtitles and reports their URL; --stream leaves out the aggregate', async () => {
    const file = join(ctx.dir.path, 'words.mp3');
    const result = await runCli([
      'speech',
      'One two three.',
      '--subtitles',
      'word',
      '--stream',
      '-o',
      file,
      '--json',
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(ttsBodies()[0]).toMatchObject({
      subtitle_enable: true,
      subtitle_type: 'word',
      stream_options: { exclude_aggregated_audio: true },
    });
    const words = (await (await fetch(doc.subtitle_file)).json()) as Array<{ text: string }>;
    expect(words.map((w) => w.text)).toEqual(['One', 'two', 'three.']);
    const refused = await runCli([
      'speech',
      'x',
      '--subtitles',
      'word',
      '--async',
      '-o',
      file,
      ...at(ctx.mock.url),
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--subtitles works with/);
  });

  it('--stream -o - sends the audio to stdout and nothing else', async () => {
    const result = await runCli(['speech', 'To a player', '--stream', '-o', '-', ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    const meta = await parseBuffer(result.stdoutBytes, { mimeType: 'audio/mpeg' });
    expect(meta.format.container).toBe('MPEG');
    expect(meta.format.duration).toBeGreaterThan(0.5);
    expect(result.stderr).toMatch(/to stdout/);
  });

  it('--ws uses the WebSocket session', async () => {
    const file = join(ctx.dir.path, 'ws.mp3');
    const result = await runCli(['speech', 'Over a socket', '--ws', '-o', file, ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    expect(ctx.mock.requests.some((r) => r.method === 'WS')).toBe(true);
    expect((await parseFile(file)).format.duration).toBeGreaterThan(0.5);
  });

  it('--bidi speaks over the bidirectional session', async () => {
    const file = join(ctx.dir.path, 'bidi.mp3');
    const result = await runCli([
      'speech',
      'One sentence. And another.',
      '--bidi',
      '-o',
      file,
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    expect(ctx.mock.requests.some((r) => r.method === 'WS' && r.path === '/ws/v1/t2a_v2_bidi')).toBe(true);
    expect((await parseFile(file)).format.duration).toBeGreaterThan(0.5);
  });

  it('--ws -o - streams the socket audio to stdout', async () => {
    const result = await runCli(['speech', 'Over a socket', '--ws', '-o', '-', ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    const meta = await parseBuffer(result.stdoutBytes, { mimeType: 'audio/mpeg' });
    expect(meta.format.duration).toBeGreaterThan(0.5);
  });

  it('--async runs the long-text task with progress and downloads the audio', async () => {
    const file = join(ctx.dir.path, 'long.mp3');
    const text = 'A long chapter. '.repeat(40);
    const result = await runCli(
      ['speech', '--text-file', '-', '--async', '--sample-rate', '16000', '-o', file, ...at(ctx.mock.url)],
      { stdin: text },
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/long-text speech task \S+: (Processing|Success)/);
    const create = ctx.mock.requests.find((r) => r.path === '/v1/t2a_async_v2');
    expect(create?.body).toMatchObject({ text, audio_setting: { format: 'mp3', audio_sample_rate: 16000 } });
    const meta = await parseFile(file);
    expect(meta.format.duration).toBeGreaterThan(5);
    expect(meta.format.sampleRate).toBe(16000);
  });

  it('--async uploads a text too long to send inline and passes its file id', async () => {
    ctx.mock.faults.add({ taskNeverEnds: true });
    const controller = new AbortController();
    const pending = runCli(
      ['speech', '-', '--async', '-o', join(ctx.dir.path, 'book.mp3'), ...at(ctx.mock.url)],
      {
        stdin: 'Chapter one. '.repeat(5000),
        signal: controller.signal,
      },
    );
    await waitForRequest(ctx.mock, (r) => r.path.startsWith('/v1/query/'));
    controller.abort();
    expect((await pending).code).toBe(130);
    const upload = ctx.mock.requests.find((r) => r.path === '/v1/files/upload');
    expect(upload?.body).toMatchObject({ fields: { purpose: 't2a_async_input' } });
    const create = ctx.mock.requests.find((r) => r.path === '/v1/t2a_async_v2')?.body as Record<
      string,
      unknown
    >;
    expect(create.text).toBeUndefined();
    expect(Number(create.text_file_id)).toBeGreaterThan(0);
    expect(await readdir(ctx.dir.path)).toEqual([]);
  });

  it('--text-file reads the text from a file', async () => {
    const input = join(ctx.dir.path, 'in.txt');
    await writeFile(input, 'Read from a file');
    const result = await runCli([
      'speech',
      '--text-file',
      input,
      '-o',
      join(ctx.dir.path, 'f.mp3'),
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    expect(ttsBodies()[0]?.text).toBe('Read from a file');
  });

  it('--json describes the file in one document', async () => {
    const file = join(ctx.dir.path, 'j.mp3');
    const result = await runCli(['speech', 'Json', '-o', file, '--json', ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ file, mode: 'sync', format: 'mp3' });
    expect(doc.bytes).toBeGreaterThan(1000);
    expect(doc.duration_ms).toBeGreaterThan(0);
  });

  it('refuses --json with -o -, two modes at once, or no text', async () => {
    const a = await runCli(['speech', 'x', '-o', '-', '--json', ...at(ctx.mock.url)]);
    expect(a.code).not.toBe(0);
    expect(JSON.parse(a.stdout).error.message).toMatch(/--json cannot be combined/);
    const b = await runCli(['speech', 'x', '-o', 'y.mp3', '--ws', '--stream', ...at(ctx.mock.url)]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/Choose one of --stream, --ws/);
    const c = await runCli(['speech', '-o', 'y.mp3', ...at(ctx.mock.url)]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/Nothing to say/);
    expect(ctx.mock.requests).toHaveLength(0);
  });

  it('an API error leaves no file and exits 1 with one line', async () => {
    ctx.mock.faults.add({ code: 1026, path: '/v1/t2a_v2' });
    const file = join(ctx.dir.path, 'blocked.mp3');
    const result = await runCli(['speech', 'Bad words', '-o', file, ...at(ctx.mock.url)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: InputSafetyError \[code 1026\]/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(ctx.dir.path)).toEqual([]);
  });

  it('a stream cut mid-way leaves no partial file', async () => {
    ctx.mock.faults.add({ midStreamCode: 1000, path: '/v1/t2a_v2', afterEvents: 1 });
    const file = join(ctx.dir.path, 'cut.mp3');
    const result = await runCli([
      'speech',
      'Cut short',
      '--stream',
      '-o',
      file,
      '--max-retries',
      '0',
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(1);
    expect(await readdir(ctx.dir.path)).toEqual([]);
  });
});
