import { join } from 'node:path';
import { parseFile } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { at, runCli, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir();

/** A real audio sample to clone from, made by the CLI itself, over the 10 s a clone needs. */
async function sample(
  text = 'This is my voice sample, read slowly and clearly. '.repeat(4),
): Promise<string> {
  const file = join(ctx.dir.path, 'sample.mp3');
  const made = await runCli(['speech', text, '-o', file, ...at(ctx.mock.url)]);
  expect(made.code).toBe(0);
  return file;
}

describe('minimax voices', () => {
  it('list prints a table of system voices', async () => {
    const result = await runCli(['voices', 'list', ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/VOICE ID\s+TYPE/);
    expect(result.stdout).toContain('English_expressive_narrator');
    expect(ctx.mock.requests.at(-1)?.body).toEqual({ voice_type: 'all' });
  });

  it('list --type and --json give the API lists', async () => {
    const result = await runCli(['voices', 'list', '--type', 'system', '--json', ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.system_voice.length).toBeGreaterThan(0);
    expect(doc.voice_cloning).toEqual([]);
    expect(ctx.mock.requests.at(-1)?.body).toEqual({ voice_type: 'system' });
  });

  it('list --type rejects an unknown type (usage error)', async () => {
    const result = await runCli(['voices', 'list', '--type', 'bogus', ...at(ctx.mock.url)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Allowed choices/);
  });

  it('clone uploads the sample, clones it and saves the preview', async () => {
    const audio = await sample();
    const preview = join(ctx.dir.path, 'preview.mp3');
    const result = await runCli([
      'voices',
      'clone',
      audio,
      '--voice-id',
      'MyVoice0001',
      '--preview',
      'Is this really me?',
      '-o',
      preview,
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Cloned voice MyVoice0001');
    const upload = ctx.mock.requests.find((r) => r.path === '/v1/files/upload');
    expect(upload?.body).toMatchObject({ fields: { purpose: 'voice_clone' } });
    const clone = ctx.mock.requests.find((r) => r.path === '/v1/voice_clone');
    expect(clone?.body).toMatchObject({
      voice_id: 'MyVoice0001',
      text: 'Is this really me?',
      model: 'speech-2.8-hd',
    });
    expect((await parseFile(preview)).format.duration).toBeGreaterThan(0.3);

    // The platform lists a new clone only once it has been used for speech.
    const unused = await runCli(['voices', 'list', '--type', 'voice_cloning', '-q', ...at(ctx.mock.url)]);
    expect(unused.stdout.trim()).toBe('');
    const spoken = join(ctx.dir.path, 'spoken.mp3');
    const speech = await runCli([
      'speech',
      'Hi',
      '--voice',
      'MyVoice0001',
      '-o',
      spoken,
      ...at(ctx.mock.url),
    ]);
    expect(speech.code).toBe(0);
    const listed = await runCli(['voices', 'list', '--type', 'voice_cloning', '-q', ...at(ctx.mock.url)]);
    expect(listed.stdout.trim()).toBe('MyVoice0001');
  });

  it('clone reports a duplicate id as a one-line voice error', async () => {
    const audio = await sample();
    expect(
      (await runCli(['voices', 'clone', audio, '--voice-id', 'TwiceVoice1', ...at(ctx.mock.url)])).code,
    ).toBe(0);
    const again = await runCli(['voices', 'clone', audio, '--voice-id', 'TwiceVoice1', ...at(ctx.mock.url)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/VoiceDuplicateError \[code 2039\]/);
  });

  it('clone refuses a sample shorter than 10 s with the API error 2037', async () => {
    const audio = await sample('Too short to clone.');
    const result = await runCli(['voices', 'clone', audio, '--voice-id', 'ShortVoice1', ...at(ctx.mock.url)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\[code 2037\].*sample duration out of range/);
  });

  it('design saves the trial audio and prints the new id', async () => {
    const trial = join(ctx.dir.path, 'trial.mp3');
    const result = await runCli([
      'voices',
      'design',
      'A warm, slow narrator',
      '--preview',
      'Once upon a time.',
      '-o',
      trial,
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Designed voice ttv-voice-/);
    expect((await parseFile(trial)).format.container).toBe('MPEG');
  });

  it('delete removes a voice (with --type) and a second delete fails', async () => {
    const designed = await runCli([
      'voices',
      'design',
      'A bright voice',
      '--preview',
      'Hi.',
      '-q',
      ...at(ctx.mock.url),
    ]);
    const voiceId = designed.stdout.trim();
    const deleted = await runCli([
      'voices',
      'delete',
      voiceId,
      '--type',
      'voice_generation',
      ...at(ctx.mock.url),
    ]);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain(`Deleted designed voice ${voiceId}`);
    const again = await runCli([
      'voices',
      'delete',
      voiceId,
      '--type',
      'voice_generation',
      ...at(ctx.mock.url),
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/2054/);
  });
});
