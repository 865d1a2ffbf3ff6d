/**
 * Issue 14, the CLI part: what a user types, a file holds or a server sends must not make the CLI
 * misbehave. Each block pins one finding; RELIABILITY.md lists them (C-n rows).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import MiniMax, { toFile } from 'minimax-sdk';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { localNameFor } from '../src/commands/files.js';
import { CliError } from '../src/config.js';
import { errorJSON, printError } from '../src/errors.js';
import { saveResult } from '../src/fsio.js';
import { Output } from '../src/output.js';
import {
  at,
  Capture,
  type PermissionMode,
  permissionMode,
  requireBuild,
  runCli,
  spawnCli,
  waitForRequest,
  withMockAndDir,
} from './helpers.js';

const ctx = withMockAndDir();

/** Stores a file on the mock under a name of the server's choosing; returns its id. */
async function storeAs(name: string, content: string): Promise<string> {
  const client = new MiniMax({ apiKey: 'test', baseURL: ctx.mock.url, maxRetries: 0 });
  const file = await toFile(new TextEncoder().encode(content), name, { type: 'text/plain' });
  const info = await client.files.upload({ file, purpose: 't2a_async_input' });
  expect(info.filename).toBe(name);
  return info.file_id;
}

/** Runs `work` with the process in `dir` (files download without -o writes to the current folder). */
async function inDir<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return await work();
  } finally {
    process.chdir(cwd);
  }
}

describe('C-1: files download without -o keeps to the base name and never overwrites unasked', () => {
  it('a stored name with ../ or an absolute path is saved as its base name in this folder', async () => {
    const work = join(ctx.dir.path, 'work');
    await mkdir(work);
    const outside = join(ctx.dir.path, 'escaped.txt');
    for (const name of ['../escaped.txt', outside]) {
      const id = await storeAs(name, `from ${name}`);
      const result = await inDir(work, () =>
        runCli(['files', 'download', id, '--force', ...at(ctx.mock.url)]),
      );
      expect(result.code, result.stderr).toBe(0);
      expect(existsSync(outside)).toBe(false);
      expect(await readFile(join(work, 'escaped.txt'), 'utf8')).toBe(`from ${name}`);
    }
  });

  it('names with nothing left become file-<id>', () => {
    expect(localNameFor('..', '7')).toBe('file-7');
    expect(localNameFor('a/..', '7')).toBe('file-7');
    expect(localNameFor('', '7')).toBe('file-7');
    expect(localNameFor('-', '7')).toBe('file-7');
    expect(localNameFor('C:\\Users\\x\\song.mp3', '7')).toBe('song.mp3');
    expect(localNameFor('bad\u0007name\n.txt', '7')).toBe('badname.txt');
  });

  it('refuses to replace an existing file without --force, and replaces it with --force', async () => {
    const id = await storeAs('voice.txt', 'the stored bytes');
    const local = join(ctx.dir.path, 'voice.txt');
    await writeFile(local, 'mine');
    const refused = await inDir(ctx.dir.path, () => runCli(['files', 'download', id, ...at(ctx.mock.url)]));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/voice\.txt already exists.*--force/);
    expect(await readFile(local, 'utf8')).toBe('mine');
    // Nothing was downloaded for a refused write.
    expect(ctx.mock.requests.some((r) => r.path === '/v1/files/retrieve_content')).toBe(false);

    const forced = await inDir(ctx.dir.path, () =>
      runCli(['files', 'download', id, '--force', ...at(ctx.mock.url)]),
    );
    expect(forced.code, forced.stderr).toBe(0);
    expect(await readFile(local, 'utf8')).toBe('the stored bytes');
  });
});

describe('C-5: the command the demo suggests works after `npm ci`', () => {
  it('the bin is a committed file (npm links only bins that exist at install time) that runs the build', async () => {
    const bin = pkg.bin.minimax;
    expect(bin.startsWith('./dist/')).toBe(false);
    const path = fileURLToPath(new URL(`../${bin}`, import.meta.url));
    expect(existsSync(path)).toBe(true);
    const version = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [path, '--version'], (error, stdout) =>
        error ? reject(error) : resolve(stdout.trim()),
      ),
    );
    expect(version).toBe(pkg.version);
  });

  it('the demo names `npx minimax mock`', async () => {
    const result = await runCli(['demo', '--out', join(ctx.dir.path, 'demo')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('`npx minimax mock`');
    expect(result.stdout).not.toMatch(/[^x] `minimax mock`/);
  }, 60_000);
});

describe('C-6: --debug never prints the API key', () => {
  const SECRET = 'sk-cli-secret-4f1c9a';

  it('not for a key no request can carry, in human or --json output', async () => {
    for (const key of [`${SECRET}\n`, `${SECRET}\u0000x`, `${SECRET}\r\nX-Evil: 1`, `${SECRET}\u2028`]) {
      for (const json of [[], ['--json']]) {
        const result = await runCli(['--debug', ...json, 'models', '--base-url', ctx.mock.url], {
          env: { MINIMAX_API_KEY: key },
        });
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/API key/);
        expect(result.stdout + result.stderr).not.toContain(SECRET);
      }
    }
    expect(ctx.mock.requests).toHaveLength(0);
  });

  it('the error printer removes the key whatever quotes it (stack, cause, --json)', () => {
    const error = new TypeError(`Headers.append: "Bearer ${SECRET}\\n" is an invalid header value.`, {
      cause: new Error(`value ${SECRET}`),
    });
    const stderr = new Capture();
    printError({ stdout: new Capture(), stderr, env: {} }, error, { debug: true, secret: `${SECRET}\n` });
    expect(stderr.text).toContain('[redacted]');
    expect(stderr.text).toContain('cause:');
    expect(stderr.text).not.toContain(SECRET);
    expect(JSON.stringify(errorJSON(error, { debug: true, secret: SECRET }))).not.toContain(SECRET);
  });

  it('not for a good key, on success or on a connection failure', async () => {
    const ok = await runCli(['--debug', '--base-url', ctx.mock.url, 'models'], {
      env: { MINIMAX_API_KEY: SECRET },
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/GET \/v1\/models/);
    const closed = await runCli(
      ['--debug', '--max-retries', '0', '--base-url', 'http://127.0.0.1:9', 'models'],
      { env: { MINIMAX_API_KEY: SECRET } },
    );
    expect(closed.code).toBe(1);
    for (const output of [ok.stdout, ok.stderr, closed.stdout, closed.stderr])
      expect(output).not.toContain(SECRET);
  });
});

describe('C-2: paid work is not lost to an output that cannot be written', () => {
  /** Paths no one can write, even root: under a regular file, or an existing folder as a file. */
  async function blocked(): Promise<{ underFile: string; folder: string; blocker: string }> {
    const blocker = join(ctx.dir.path, 'blocker');
    await writeFile(blocker, 'a file, not a folder');
    const folder = join(ctx.dir.path, 'a-folder');
    await mkdir(folder);
    return { underFile: join(blocker, 'out.mp3'), folder, blocker };
  }

  it('every paid command checks -o before its first request', async () => {
    const { underFile, folder, blocker } = await blocked();
    const commands: string[][] = [
      ['speech', 'Hello', '-o', underFile],
      ['speech', 'Hello', '-o', folder],
      ['speech', 'Hello', '--async', '-o', underFile],
      ['music', 'Indie pop', '-o', underFile],
      ['music', 'cover', 'song.mp3', '-p', 'Acoustic folk cover', '-o', underFile],
      ['video', 'A fox', '-o', underFile],
      ['video', 'wait', '123', '-o', folder],
      ['image', 'A lighthouse', '-o', blocker],
      ['voices', 'design', 'A calm narrator', '--preview', 'Once upon a time', '-o', underFile],
      ['voices', 'clone', 'sample.mp3', '--voice-id', 'MyVoice001', '--preview', 'Hi there', '-o', underFile],
      ['text', 'Hello', '-o', underFile],
      ['lyrics', 'A song about the sea', '-o', underFile],
    ];
    for (const argv of commands) {
      const result = await runCli([...argv, ...at(ctx.mock.url)]);
      expect(result.code, argv.join(' ')).toBe(1);
      expect(result.stderr, argv.join(' ')).toMatch(
        /Cannot write -o .*(not a folder|is a folder|a file, not a folder)/,
      );
      expect(result.stderr).toMatch(/nothing was generated or billed/);
    }
    expect(ctx.mock.requests.map((r) => r.path)).toEqual([]);
  });

  /**
   * Runs the CLI in `cwd` where a 0555 folder really refuses writes (see `permissionMode`): in
   * this process when it is not root, else the built binary as `nobody`.
   */
  async function runWherePermissionsHold(
    mode: Exclude<PermissionMode, { kind: 'skip' }>,
    argv: string[],
    cwd: string,
    during?: () => Promise<void>,
  ): Promise<{ code: number; stderr: string }> {
    if (mode.kind === 'direct') {
      return inDir(cwd, async () => {
        const pending = runCli(argv);
        await during?.();
        return pending;
      });
    }
    requireBuild();
    const proc = spawnCli(argv, { MINIMAX_CONFIG_FILE: join(cwd, 'no-config.json') }, cwd, mode);
    await during?.();
    return { code: await proc.exit, stderr: proc.stderr() };
  }

  /** A folder `ro` in the test folder, made read-only; the test folder is opened to `nobody`. */
  async function readOnlyFolder(): Promise<string> {
    await chmod(ctx.dir.path, 0o755);
    const ro = join(ctx.dir.path, 'ro');
    await mkdir(ro);
    await chmod(ro, 0o555);
    return ro;
  }

  it('a read-only folder is refused before the paid request (as nobody when root)', async (context) => {
    const mode = await permissionMode();
    if (mode.kind === 'skip') return context.skip(mode.reason);
    const ro = await readOnlyFolder();
    try {
      for (const argv of [
        ['video', 'A fox', '-o', 'ro/v.mp4'],
        ['speech', 'Hello', '-o', 'ro/v.mp3'],
      ]) {
        const result = await runWherePermissionsHold(mode, [...argv, ...at(ctx.mock.url)], ctx.dir.path);
        expect(result.code, argv.join(' ')).toBe(1);
        expect(result.stderr).toMatch(/Cannot write -o ro\/v\.mp[34]: permission denied \(EACCES\)/);
        expect(result.stderr).toMatch(/nothing was generated or billed/);
      }
      expect(ctx.mock.requests.map((r) => r.path)).toEqual([]);
    } finally {
      await chmod(ro, 0o755);
    }
  });

  it('a folder made read-only during the wait: the path given and how to get the video again', async (context) => {
    const mode = await permissionMode();
    if (mode.kind === 'skip') return context.skip(mode.reason);
    await chmod(ctx.dir.path, 0o755);
    const folder = join(ctx.dir.path, 'ro');
    await mkdir(folder);
    await chmod(folder, 0o777); // writable for nobody too, until the wait has begun
    ctx.mock.faults.add({ path: '/v1/query/video_generation', delayMs: 400, times: 1 });
    try {
      const result = await runWherePermissionsHold(
        mode,
        ['video', 'A fox', '-o', 'ro/v.mp4', ...at(ctx.mock.url)],
        ctx.dir.path,
        async () => {
          await waitForRequest(ctx.mock, (r) => r.path === '/v1/query/video_generation');
          await chmod(folder, 0o555);
        },
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Could not save ro/v.mp4');
      expect(result.stderr).toMatch(/EACCES|permission denied/);
      expect(result.stderr).toMatch(/minimax video wait \d+ -o <file>/);
      expect(result.stderr).toMatch(/minimax files download \d+/);
      expect(result.stderr).not.toMatch(/\.minimax|\.tmp/);
      expect(ctx.mock.requests.filter((r) => r.path === '/v1/video_generation')).toHaveLength(1);
    } finally {
      await chmod(folder, 0o755);
    }
  });

  it('a video whose folder goes away during the wait: the path given and how to get it again', async () => {
    const folder = join(ctx.dir.path, 'videos');
    await mkdir(folder);
    const output = join(folder, 'fox.mp4');
    ctx.mock.faults.add({ path: '/v1/query/video_generation', delayMs: 400, times: 1 });
    const pending = runCli(['video', 'A fox', '-o', output, ...at(ctx.mock.url)]);
    await waitForRequest(ctx.mock, (r) => r.path === '/v1/query/video_generation');
    const { rm } = await import('node:fs/promises');
    await rm(folder, { recursive: true });
    await writeFile(folder, 'now a file');
    const result = await pending;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Could not save ${output}`);
    expect(result.stderr).toMatch(/minimax video wait \d+ -o <file>/);
    expect(result.stderr).toMatch(/minimax files download \d+/);
    expect(result.stderr).not.toMatch(/\.minimax|\.tmp/);
  });

  it('bytes in memory are kept in a temp file when the path given fails', async () => {
    const { blocker } = await blocked();
    const out = new Output({ stdout: new Capture(), stderr: new Capture(), env: {} });
    const error = (await saveResult(join(blocker, 'speech.mp3'), new Uint8Array([1, 2, 3]), out).catch(
      (e: unknown) => e,
    )) as CliError;
    expect(error).toBeInstanceOf(CliError);
    expect(error.message).toContain(`Could not save ${join(blocker, 'speech.mp3')}`);
    const kept = /the result is kept in (\S+)/.exec(error.hint ?? '')?.[1];
    expect(kept).toBeDefined();
    expect([...(await readFile(kept!))]).toEqual([1, 2, 3]);
    const { rm } = await import('node:fs/promises');
    await rm(kept!);
  });
});

describe('C-4: flags are checked as --help describes them', () => {
  const body = (path: string) =>
    ctx.mock.requests.find((r) => r.path === path)?.body as { audio_setting?: { format?: string } };

  it('-o x.ogg asks for Opus, -o x.wav for WAV: the format comes from the extension', async () => {
    await runCli(['speech', 'Hello', '-o', join(ctx.dir.path, 'x.ogg'), ...at(ctx.mock.url)]);
    expect(body('/v1/t2a_v2').audio_setting?.format).toBe('opus');
    ctx.mock.requests.length = 0;
    const wav = await runCli(['speech', 'Hello', '-o', join(ctx.dir.path, 'x.wav'), ...at(ctx.mock.url)]);
    expect(wav.code, wav.stderr).toBe(0);
    expect(body('/v1/t2a_v2').audio_setting?.format).toBe('wav');
    expect((await readFile(join(ctx.dir.path, 'x.wav'))).subarray(0, 4).toString()).toBe('RIFF');
    const song = await runCli([
      'music',
      'Indie pop',
      '-o',
      join(ctx.dir.path, 'song.wav'),
      ...at(ctx.mock.url),
    ]);
    expect(song.code, song.stderr).toBe(0);
    expect(body('/v1/music_generation').audio_setting?.format).toBe('wav');
  });

  it('a --format that contradicts -o, or an audio extension no format fits, is a usage error (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['speech', 'Hello', '-f', 'wav', '-o', 'x.mp3'], /--format wav does not match -o x\.mp3/],
      [['speech', 'Hello', '-o', 'x.m4a'], /-o x\.m4a: the API writes no \.m4a files/],
      [['music', 'Indie pop', '-f', 'mp3', '-o', 'x.wav'], /--format mp3 does not match -o x\.wav/],
      [['music', 'Indie pop', '-o', 'x.flac'], /writes no \.flac files \(it writes mp3, wav, pcm\)/],
    ];
    for (const [argv, message] of cases) {
      const result = await runCli([...argv, ...at(ctx.mock.url)]);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
    expect(ctx.mock.requests).toHaveLength(0);
  });

  it('usage errors exit 2, as --help says', async () => {
    const out = join(ctx.dir.path, 'o.mp3');
    const cases: string[][] = [
      ['speech', 'Hello', '--stream', '--ws', '-o', out],
      ['speech', 'Hello', '--text-file', 'x.txt', '-o', out],
      ['speech', '-o', out],
      ['video', 'A fox'],
      ['video', 'A fox', '--subject', 'a.png', '--first-frame', 'b.png', '-o', 'v.mp4'],
      ['image', 'A cat', '--width', '1024', '-o', ctx.dir.path],
      ['music', 'Pop', '--instrumental', '--lyrics', 'la la', '-o', out],
      ['music', 'Pop'],
      ['voices', 'clone', 'a.mp3', '--voice-id', 'MyVoice001', '-o', out],
      ['transcribe', 'a.mp3', '--stream', '--format', 'srt'],
      ['--json', '--quiet', 'models'],
      ['--json', 'speech', 'Hello', '-o', '-'],
    ];
    for (const argv of cases) {
      const result = await runCli([...argv, ...at(ctx.mock.url)]);
      expect(result.code, `${argv.join(' ')}: ${result.stderr}`).toBe(2);
    }
    expect(ctx.mock.requests).toHaveLength(0);
  });

  it('ranges shown in --help are checked locally, naming the flag', async () => {
    const cases: [string[], string][] = [
      [['speech', 'Hi', '--speed', '3', '-o', 'x.mp3'], '--speed'],
      [['speech', 'Hi', '--speed', '0.4', '-o', 'x.mp3'], '--speed'],
      [['speech', 'Hi', '--vol', '0', '-o', 'x.mp3'], '--vol'],
      [['speech', 'Hi', '--pitch', '13', '-o', 'x.mp3'], '--pitch'],
      [['speech', 'Hi', '--pitch', '1.5', '-o', 'x.mp3'], '--pitch'],
      [['speech', 'Hi', '--sample-rate', '48000', '-o', 'x.mp3'], '--sample-rate'],
      [['image', 'A cat', '-n', '10', '-o', 'imgs'], '--n'],
      [['image', 'A cat', '--width', '500', '--height', '512', '-o', 'imgs'], '--width'],
      [['image', 'A cat', '--width', '1020', '--height', '512', '-o', 'imgs'], '--width'],
      [['video', 'A fox', '--duration', '7', '-o', 'v.mp4'], '--duration'],
      [['text', 'Hi', '--temperature', '1.5'], '--temperature'],
      [['text', 'Hi', '--temperature', '0'], '--temperature'],
    ];
    for (const [argv, flag] of cases) {
      const result = await runCli([...argv, ...at(ctx.mock.url)]);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr, argv.join(' ')).toContain(flag);
      expect(result.stderr).not.toMatch(/voice_setting|InvalidParameterError/);
    }
    expect(ctx.mock.requests).toHaveLength(0);
    const edge = await runCli([
      'speech',
      'Hi',
      '--speed',
      '2',
      '--pitch',
      '-12',
      '-o',
      join(ctx.dir.path, 'e.mp3'),
      ...at(ctx.mock.url),
    ]);
    expect(edge.code, edge.stderr).toBe(0);
  });

  it('-o - to a terminal refuses binary output; a pipe gets it', async () => {
    for (const argv of [
      ['speech', 'Hello', '-o', '-'],
      ['music', 'Pop', '-o', '-'],
      ['video', 'A fox', '-o', '-'],
      ['files', 'download', '1', '-o', '-'],
      ['voices', 'design', 'A calm voice', '--preview', 'Hello there', '-o', '-'],
    ]) {
      const result = await runCli([...argv, ...at(ctx.mock.url)], { stdoutTTY: true });
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/binary data to the terminal/);
      expect(result.stdoutBytes.byteLength).toBe(0);
    }
    expect(ctx.mock.requests).toHaveLength(0);
    const piped = await runCli(['speech', 'Hello', '-o', '-', ...at(ctx.mock.url)]);
    expect(piped.code).toBe(0);
    expect(piped.stdoutBytes.byteLength).toBeGreaterThan(1000);
  });

  it('voices design --json reports the trial audio length read from the audio', async () => {
    const result = await runCli([
      'voices',
      'design',
      'A calm narrator',
      '--preview',
      'Once upon a time.',
      '--json',
      ...at(ctx.mock.url),
    ]);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.trial_audio.duration_ms).toBeGreaterThan(100);
    const saved = await runCli([
      'voices',
      'design',
      'A calm narrator',
      '--preview',
      'Once upon a time.',
      '-o',
      join(ctx.dir.path, 'trial.mp3'),
      '--json',
      ...at(ctx.mock.url),
    ]);
    const savedJSON = JSON.parse(saved.stdout);
    expect(savedJSON.trial_audio.duration_ms).toBeGreaterThan(100);
  });
});

describe('C-3: one rule for every text argument, and no upload left behind by a failed call', () => {
  const sent = (path: string) =>
    ctx.mock.requests.find((r) => r.path === path)?.body as Record<string, unknown>;

  it('@file reads a file and @@ escapes a leading @, for every text argument', async () => {
    const file = join(ctx.dir.path, 'words.txt');
    await writeFile(file, 'Words from a file');
    const out = (name: string) => join(ctx.dir.path, name);
    const runs: [string[], string, (body: Record<string, unknown>) => unknown][] = [
      [['speech', `@${file}`, '-o', out('s.mp3')], '/v1/t2a_v2', (b) => b.text],
      [['music', `@${file}`, '-o', out('m.mp3')], '/v1/music_generation', (b) => b.prompt],
      [
        ['music', 'Pop', '--lyrics', `@${file}`, '-o', out('m2.mp3')],
        '/v1/music_generation',
        (b) => b.lyrics,
      ],
      [['lyrics', `@${file}`], '/v1/lyrics_generation', (b) => b.prompt],
      [['image', `@${file}`, '-o', out('imgs')], '/v1/image_generation', (b) => b.prompt],
      [['video', `@${file}`, '--no-wait'], '/v1/video_generation', (b) => b.prompt],
      [['voices', 'design', `@${file}`, '--preview', 'Hello there'], '/v1/voice_design', (b) => b.prompt],
      [
        ['voices', 'design', 'A calm voice', '--preview', `@${file}`],
        '/v1/voice_design',
        (b) => b.preview_text,
      ],
      [['text', 'Hi', '--system', `@${file}`, '--no-stream'], '/anthropic/v1/messages', (b) => b.system],
      [['tokens', 'Hi', '--system', `@${file}`], '/anthropic/v1/messages/count_tokens', (b) => b.system],
    ];
    for (const [argv, path, field] of runs) {
      ctx.mock.requests.length = 0;
      const result = await runCli([...argv, ...at(ctx.mock.url)]);
      expect(result.code, `${argv.join(' ')}: ${result.stderr}`).toBe(0);
      expect(field(sent(path)), argv.join(' ')).toBe('Words from a file');
    }
    ctx.mock.requests.length = 0;
    const escaped = await runCli(['speech', '@@team, hello', '-o', out('e.mp3'), ...at(ctx.mock.url)]);
    expect(escaped.code, escaped.stderr).toBe(0);
    expect(sent('/v1/t2a_v2').text).toBe('@team, hello');
  });

  it('a missing @file is an error before any request; two "-" are a usage error', async () => {
    const missing = await runCli(['image', '@nope/missing.txt', '-o', ctx.dir.path, ...at(ctx.mock.url)]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read nope\/missing\.txt: ENOENT/);
    const twice = await runCli(
      ['music', '-', '--lyrics', '-', '-o', join(ctx.dir.path, 'm.mp3'), ...at(ctx.mock.url)],
      {
        stdin: 'la la la',
      },
    );
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/Only one argument can read stdin/);
    expect(ctx.mock.requests).toHaveLength(0);
  });

  it('empty prompts are refused everywhere, before any request', async () => {
    const out = join(ctx.dir.path, 'x.mp3');
    for (const argv of [
      ['image', '  ', '-o', ctx.dir.path],
      ['video', '', '--no-wait'],
      ['video', ' ', '--first-frame', 'https://example.com/a.png', '--no-wait'],
      ['music', ' ', '-o', out],
      ['music', 'cover', 'a.mp3', '-p', ' ', '-o', out],
      ['lyrics', ''],
      ['voices', 'design', '', '--preview', 'Hello'],
      ['voices', 'design', 'A calm voice', '--preview', ' '],
      ['text', 'Hi', '--system', ''],
      ['tokens', ' '],
      ['speech', ' ', '-o', out],
    ]) {
      const result = await runCli([...argv, ...at(ctx.mock.url)]);
      expect(result.code, `${argv.join(' ')}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toMatch(/is empty/);
    }
    expect(ctx.mock.requests).toHaveLength(0);
  });

  it('a clone refused for its voice id uploads nothing; a clone that fails after the upload deletes it', async () => {
    const sample = join(ctx.dir.path, 'sample.mp3');
    expect(
      (await runCli(['speech', 'This is my voice sample, read slowly.', '-o', sample, ...at(ctx.mock.url)]))
        .code,
    ).toBe(0);
    ctx.mock.requests.length = 0;
    for (const id of ['short', '1StartsWithDigit', 'EndsWithDash-', 'Has space in it']) {
      const bad = await runCli(['voices', 'clone', sample, '--voice-id', id, ...at(ctx.mock.url)]);
      expect(bad.code, id).toBe(2);
      expect(bad.stderr).toMatch(/--voice-id .* is not a valid voice id/);
    }
    const long = await runCli([
      'voices',
      'clone',
      sample,
      '--voice-id',
      'MyVoice0001',
      '--preview',
      'x'.repeat(1001),
      ...at(ctx.mock.url),
    ]);
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/--preview is 1001 characters; the API takes up to 1000/);
    expect(ctx.mock.requests).toHaveLength(0);

    ctx.mock.faults.add({ path: '/v1/voice_clone', code: 2039, message: 'duplicate voice id' });
    const failed = await runCli([
      'voices',
      'clone',
      sample,
      '--voice-id',
      'MyVoice0001',
      ...at(ctx.mock.url),
    ]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Deleted the uploaded file \d+/);
    const client = new MiniMax({ apiKey: 'test', baseURL: ctx.mock.url });
    expect(await client.files.list({ purpose: 'voice_clone' })).toHaveLength(0);
  });

  it('long-text speech: over the limit uploads nothing; a task refused after the upload deletes it', async () => {
    const out = join(ctx.dir.path, 'long.mp3');
    const tooLong = await runCli(['speech', 'a'.repeat(100_001), '--async', '-o', out, ...at(ctx.mock.url)]);
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toMatch(/100001 characters; the API takes up to 100000/);
    expect(ctx.mock.requests).toHaveLength(0);

    const text = 'A sentence of a long chapter. '.repeat(2000);
    const refused = await runCli([
      'speech',
      text,
      '--async',
      '--voice',
      'no_such_voice',
      '-o',
      out,
      ...at(ctx.mock.url),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/code 2054/);
    expect(ctx.mock.requests.some((r) => r.path === '/v1/files/upload')).toBe(true);
    const client = new MiniMax({ apiKey: 'test', baseURL: ctx.mock.url });
    expect(await client.files.list({ purpose: 't2a_async_input' })).toHaveLength(0);
  });
});

describe('C-7: conventions from other CLIs', () => {
  const KEY = 'sk-dry-run-secret-77aa';

  it('--dry-run prints the request with the key redacted and sends nothing', async () => {
    const out = join(ctx.dir.path, 'x.mp3');
    const result = await runCli(
      ['--dry-run', 'speech', 'Hello', '--speed', '1.5', '-o', out, '--base-url', ctx.mock.url],
      {
        env: { MINIMAX_API_KEY: KEY },
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const request = JSON.parse(result.stdout);
    expect(request).toMatchObject({ method: 'POST', url: `${ctx.mock.url}/v1/t2a_v2` });
    expect(request.headers.authorization).toBe('Bearer [redacted]');
    expect(request.body).toMatchObject({ text: 'Hello', voice_setting: { speed: 1.5 } });
    expect(result.stdout + result.stderr).not.toContain(KEY);
    expect(result.stderr).toMatch(/not sent/);
    expect(existsSync(out)).toBe(false);

    const json = await runCli(
      ['--dry-run', '--json', 'video', 'A fox', '--no-wait', '--base-url', ctx.mock.url],
      {
        env: { MINIMAX_API_KEY: KEY },
      },
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ dry_run: true, request: { body: { prompt: 'A fox' } } });

    const file = join(ctx.dir.path, 'up.txt');
    await writeFile(file, 'twelve bytes');
    const upload = await runCli([
      '--dry-run',
      'files',
      'upload',
      file,
      '--purpose',
      't2a_async_input',
      ...at(ctx.mock.url),
    ]);
    expect(upload.code, upload.stderr).toBe(0);
    expect(JSON.parse(upload.stdout).body).toEqual({
      multipart: { purpose: 't2a_async_input', file: '<file up.txt, 12 bytes>' },
    });

    const socket = await runCli(['--dry-run', 'speech', 'Hello', '--ws', '-o', out, ...at(ctx.mock.url)]);
    expect(socket.code).toBe(2);
    expect(ctx.mock.requests).toHaveLength(0);
  });

  it('--verbose logs each request without stacks; it does not mix with --quiet', async () => {
    const verbose = await runCli(['--verbose', 'models', ...at(ctx.mock.url)]);
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toMatch(/GET \/v1\/models status=200/);
    const failing = await runCli(['--verbose', 'files', 'info', '999999', ...at(ctx.mock.url)]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).not.toMatch(/\n\s+at /);
    const both = await runCli(['--verbose', '--quiet', 'models', ...at(ctx.mock.url)]);
    expect(both.code).toBe(2);
  });
});

describe('C-8: config profiles', () => {
  it('config set/get/list/unset by profile: the file is 0600, atomic, below flags and environment', async () => {
    const { startMockServer } = await import('minimax-sdk/mock');
    const locked = await startMockServer({ apiKey: 'profile-key-123456' });
    try {
      const path = join(ctx.dir.path, 'cfg', 'config.json');
      const env = { MINIMAX_CONFIG_FILE: path };
      const set = async (...argv: string[]) => runCli(['config', 'set', ...argv], { env });
      expect((await set('api-key', 'profile-key-123456', '--profile', 'work')).code).toBe(0);
      expect((await set('base-url', locked.url, '--profile', 'work')).code).toBe(0);
      expect((await set('max-retries', '0', '--profile', 'work')).code).toBe(0);
      const { stat, readdir: list } = await import('node:fs/promises');
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect(await list(join(ctx.dir.path, 'cfg'))).toEqual(['config.json']);
      expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
        profiles: { work: { 'api-key': 'profile-key-123456', 'base-url': locked.url, 'max-retries': '0' } },
      });

      const used = await runCli(['--profile', 'work', 'models', '-q'], { env });
      expect(used.code, used.stderr).toBe(0);
      expect(used.stdout).toContain('MiniMax-M2.7');
      const byEnv = await runCli(['models'], { env: { ...env, MINIMAX_PROFILE: 'work' } });
      expect(byEnv.code, byEnv.stderr).toBe(0);
      // The environment beats the profile, and a flag beats both.
      const envKey = await runCli(['--profile', 'work', 'models'], {
        env: { ...env, MINIMAX_API_KEY: 'wrong-key-000000' },
      });
      expect(envKey.code).toBe(1);
      expect(envKey.stderr).toMatch(/AuthError/);
      const flagKey = await runCli(['--profile', 'work', '--api-key', 'profile-key-123456', 'models', '-q'], {
        env: { ...env, MINIMAX_API_KEY: 'wrong-key-000000' },
      });
      expect(flagKey.code).toBe(0);

      const masked = await runCli(['config', 'get', 'api-key', '--profile', 'work'], { env });
      expect(masked.stdout.trim()).toBe('pro…3456');
      const revealed = await runCli(['config', 'get', 'api-key', '--reveal', '--profile', 'work'], { env });
      expect(revealed.stdout.trim()).toBe('profile-key-123456');
      const listed = await runCli(['config', 'list'], { env });
      expect(listed.stdout).toContain('[work]');
      expect(listed.stdout).not.toContain('profile-key-123456');
      const unsetKey = await runCli(['config', 'get', 'timeout', '--profile', 'work'], { env });
      expect(unsetKey.code).toBe(1);
      expect(unsetKey.stdout).toBe('');
      expect((await runCli(['config', 'unset', 'max-retries', '--profile', 'work'], { env })).code).toBe(0);
      expect(JSON.parse(await readFile(path, 'utf8')).profiles.work['max-retries']).toBeUndefined();

      for (const argv of [
        ['config', 'set', 'region', 'mars'],
        ['config', 'set', 'colour', 'red'],
        ['config', 'set', 'timeout', 'soon'],
        ['--profile', 'nope', 'models'],
      ]) {
        const result = await runCli(argv, { env });
        expect(result.code, argv.join(' ')).toBe(2);
      }
      expect(locked.requests.filter((r) => r.path === '/v1/models')).toHaveLength(4);
    } finally {
      await locked.close();
    }
  });
});

describe('C-7: shell completion', () => {
  /** Runs the bash completion function on a command line; returns what it offers. */
  async function complete(script: string, words: string[]): Promise<string[]> {
    const file = join(ctx.dir.path, 'completion.bash');
    await writeFile(file, script);
    const line = words.map((w) => `'${w}'`).join(' ');
    const program = `source ${file}; COMP_WORDS=(${line}); COMP_CWORD=${words.length - 1}; _minimax; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('bash', ['-c', program], (error, out) => (error ? reject(error) : resolve(out))),
    );
    return stdout.split('\n').filter(Boolean);
  }

  it('bash completes commands, subcommands and their flags from the real command tree', async () => {
    const result = await runCli(['completion', 'bash']);
    expect(result.code).toBe(0);
    expect(await complete(result.stdout, ['minimax', 'voi'])).toEqual(['voices']);
    expect(await complete(result.stdout, ['minimax', 'voices', ''])).toEqual(
      expect.arrayContaining(['list', 'clone', 'design', 'delete']),
    );
    expect(await complete(result.stdout, ['minimax', 'voices', 'clone', '--voice-'])).toEqual(['--voice-id']);
    expect(await complete(result.stdout, ['minimax', '--json', 'speech', 'Hi', '--spe'])).toEqual([
      '--speed',
    ]);
    expect(await complete(result.stdout, ['minimax', 'files', 'download', '1', '--fo'])).toEqual(['--force']);
  });

  it('zsh reuses the bash table through bashcompinit; fish gets complete lines; others are refused', async () => {
    const zsh = await runCli(['completion', 'zsh']);
    expect(zsh.stdout).toContain('bashcompinit');
    expect(zsh.stdout).toContain('complete -o default -F _minimax minimax');
    const fish = await runCli(['completion', 'fish']);
    expect(fish.stdout).toMatch(/complete -c minimax -f -n '__minimax_at '\\''voices'\\''' -a 'clone'/);
    expect(fish.stdout).toMatch(/-l 'voice-id'/);
    expect((await runCli(['completion', 'tcsh'])).code).toBe(2);
  });
});
