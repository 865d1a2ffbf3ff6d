import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFile } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { at, runCli, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir();

function messageBodies(): Record<string, unknown>[] {
  return ctx.mock.requests
    .filter((r) => r.path === '/anthropic/v1/messages')
    .map((r) => r.body as Record<string, unknown>);
}

describe('minimax text', () => {
  it('streams the reply to stdout and ends it with a newline', async () => {
    const result = await runCli(['text', 'Hello there', ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Hello there');
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(result.stderr).toBe('');
    const [body] = messageBodies();
    expect(body).toMatchObject({
      model: 'MiniMax-M2.7',
      stream: true,
      messages: [{ role: 'user', content: 'Hello there' }],
    });
  });

  it('sends --model, --system, --max-tokens and --thinking', async () => {
    const result = await runCli([
      'text',
      'Why?',
      '--model',
      'MiniMax-M2.5',
      '--system',
      'Be brief',
      '--max-tokens',
      '3000',
      '--thinking',
      '1500',
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    expect(messageBodies()[0]).toMatchObject({
      model: 'MiniMax-M2.5',
      system: 'Be brief',
      max_tokens: 3000,
      thinking: { type: 'enabled', budget_tokens: 1500 },
    });
  });

  it('--no-stream asks for the whole message at once', async () => {
    const result = await runCli(['text', 'Hi', '--no-stream', ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Hi');
    expect(messageBodies()[0]?.stream).toBeUndefined();
  });

  it('reads the prompt from stdin when it is "-"', async () => {
    const result = await runCli(['text', '-', ...at(ctx.mock.url)], { stdin: 'piped question' });
    expect(result.code).toBe(0);
    expect(messageBodies()[0]).toMatchObject({ messages: [{ role: 'user', content: 'piped question' }] });
  });

  it('--json prints exactly one JSON document with the text', async () => {
    const result = await runCli(['text', 'Hi', '--json', ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.type).toBe('message');
    expect(typeof doc.text).toBe('string');
    expect(doc.text.length).toBeGreaterThan(0);
    expect(result.stderr).toBe('');
  });

  it('-o also saves the reply', async () => {
    const file = join(ctx.dir.path, 'reply.txt');
    const result = await runCli(['text', 'Save me', '-o', file, ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    expect(await readFile(file, 'utf8')).toContain('Save me');
  });

  it('an empty prompt is refused before any request', async () => {
    const result = await runCli(['text', '-', ...at(ctx.mock.url)], { stdin: '   ' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/prompt is empty/);
    expect(ctx.mock.requests).toHaveLength(0);
  });

  describe('--speak', () => {
    const bidiTexts = () =>
      ctx.mock.requests
        .filter((r) => r.method === 'WS' && r.path === '/ws/v1/t2a_v2_bidi')
        .map((r) => r.body as Record<string, unknown>);

    it('prints the reply as it streams and speaks it into -o over the bidirectional socket', async () => {
      const file = join(ctx.dir.path, 'spoken.mp3');
      const result = await runCli([
        'text',
        'Tell me about the sea.',
        '--speak',
        '-o',
        file,
        ...at(ctx.mock.url),
      ]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Tell me about the sea.');
      expect(result.stderr).toContain('spoken.mp3');
      const sent = bidiTexts();
      expect(sent[0]).toMatchObject({
        event: 'task_start',
        model: 'speech-2.8-hd',
        voice_setting: { voice_id: 'English_expressive_narrator' },
        audio_setting: { format: 'mp3' },
      });
      // What was printed is what was spoken.
      const spoken = sent.flatMap((m) => (m.event === 'task_continue' ? [String(m.text)] : [])).join('');
      expect(result.stdout.trim()).toBe(spoken.trim());
      expect(sent.at(-1)?.event).toBe('task_finish');
      expect((await parseFile(file)).format.duration).toBeGreaterThan(0.3);
    });

    it('takes --voice and the format from the extension; --json reports the audio file', async () => {
      const file = join(ctx.dir.path, 'spoken.flac');
      const result = await runCli([
        'text',
        'Hi',
        '--speak',
        '--voice',
        'male-qn-qingse',
        '-o',
        file,
        '--json',
        ...at(ctx.mock.url),
      ]);
      expect(result.code).toBe(0);
      const doc = JSON.parse(result.stdout);
      expect(doc.text.length).toBeGreaterThan(0);
      expect(doc.audio).toMatchObject({ file });
      expect(doc.audio.bytes).toBeGreaterThan(0);
      expect(bidiTexts()[0]).toMatchObject({
        voice_setting: { voice_id: 'male-qn-qingse' },
        audio_setting: { format: 'flac' },
      });
      expect((await parseFile(file)).format.container).toBe('FLAC');
    });

    it('a socket that fails mid-reply exits non-zero and leaves no audio file', async () => {
      ctx.mock.faults.add({ path: '/ws/v1/t2a_v2_bidi', wsClose: 'mid-send' });
      const file = join(ctx.dir.path, 'cut.mp3');
      const result = await runCli(['text', 'Cut me off.', '--speak', '-o', file, ...at(ctx.mock.url)]);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/WebSocket/);
      expect(await readdir(ctx.dir.path)).toEqual([]);
    });

    it.each([
      ['openai', '/v1/chat/completions'],
      ['responses', '/v1/responses'],
    ])('speaks the reply of --api %s too', async (api, path) => {
      const file = join(ctx.dir.path, `${api}.mp3`);
      const result = await runCli([
        'text',
        'Speak through another endpoint.',
        '--api',
        api,
        '--speak',
        '-o',
        file,
        ...at(ctx.mock.url),
      ]);
      expect(result.code).toBe(0);
      expect(ctx.mock.requests.some((r) => r.path === path)).toBe(true);
      const spoken = bidiTexts()
        .flatMap((m) => (m.event === 'task_continue' ? [String(m.text)] : []))
        .join('');
      expect(spoken.length).toBeGreaterThan(0);
      expect(result.stdout.trim()).toBe(spoken.trim());
      expect((await parseFile(file)).format.duration).toBeGreaterThan(0.3);
    });

    it('refuses -o - and --no-stream', async () => {
      const toStdout = await runCli(['text', 'Hi', '--speak', '-o', '-', ...at(ctx.mock.url)]);
      expect(toStdout.code).toBe(2);
      expect(toStdout.stderr).toMatch(/give the audio a file/);
      const whole = await runCli(['text', 'Hi', '--speak', '--no-stream', ...at(ctx.mock.url)]);
      expect(whole.code).toBe(2);
      expect(whole.stderr).toMatch(/--no-stream/);
      expect(ctx.mock.requests.filter((r) => r.path === '/anthropic/v1/messages')).toHaveLength(0);
    });
  });
});
