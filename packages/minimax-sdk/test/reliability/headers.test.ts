/**
 * A header value no HTTP request can carry (a line break or NUL, often a key read from a file with
 * its trailing newline) is refused before anything is sent, without quoting the value and without
 * a retry.
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, MiniMax } from '../../src/index.js';
import { fakeFetch } from '../helpers/fake-fetch.js';

const SECRET = 'sk-secret-0123456789';
const ok = () => new Response(JSON.stringify({ base_resp: { status_code: 0 } }));

describe('header and key validation', () => {
  for (const [label, key] of [
    ['a trailing newline', `${SECRET}\n`],
    ['a CRLF injection', `${SECRET}\r\nx-injected: 1`],
    ['a NUL', `${SECRET}\0`],
  ] as const) {
    it(`an API key with ${label} is refused at construction, naming the problem and not the key`, () => {
      const { fetch } = fakeFetch(ok);
      let caught: unknown;
      try {
        new MiniMax({ apiKey: key, fetch, logLevel: 'off' });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InvalidParameterError);
      const message = (caught as Error).message;
      expect(message).toMatch(/API key/);
      expect(message).toMatch(/line break|NUL/);
      expect(message).not.toContain('sk-secret');
    });
  }

  it('an API key that is not a string is refused naming the option', () => {
    expect(() => new MiniMax({ apiKey: 42 as unknown as string, logLevel: 'off' })).toThrow(
      expect.objectContaining({ name: 'InvalidParameterError', message: expect.stringContaining('apiKey') }),
    );
  });

  it('a per-call header with a line break rejects before any request, with no retry', async () => {
    const { fetch, calls } = fakeFetch(ok);
    const client = new MiniMax({ apiKey: 'k', fetch, maxRetries: 2, logLevel: 'off' });
    const error = await client.files
      .list({ purpose: 'voice_clone' }, { headers: { 'x-token': `${SECRET}\r\nx-evil: 1` } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as Error).message).toContain('x-token');
    expect((error as Error).message).not.toContain('sk-secret');
    expect(calls).toHaveLength(0);
  });

  it('a default header with a NUL rejects every call the same way', async () => {
    const { fetch, calls } = fakeFetch(ok);
    const client = new MiniMax({
      apiKey: 'k',
      fetch,
      maxRetries: 2,
      logLevel: 'off',
      defaultHeaders: { 'x-team': `${SECRET}\0` },
    });
    for (let call = 0; call < 2; call++) {
      const error = await client.files.list({ purpose: 'voice_clone' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect((error as Error).message).not.toContain('sk-secret');
    }
    expect(calls).toHaveLength(0);
  });

  it('a call that removes a bad default header (null) still goes out, and the next without it is refused', async () => {
    const { fetch, calls } = fakeFetch(ok);
    const client = new MiniMax({
      apiKey: 'k',
      fetch,
      maxRetries: 0,
      logLevel: 'off',
      defaultHeaders: { 'x-team': `${SECRET}\n` },
    });
    await client.files.list({ purpose: 'voice_clone' }, { headers: { 'x-team': null } });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.headers['x-team']).toBeUndefined();
    await expect(client.files.list({ purpose: 'voice_clone' })).rejects.toBeInstanceOf(InvalidParameterError);
    expect(calls).toHaveLength(1);
  });

  it('a per-call header with a line break is refused after calls that went out', async () => {
    const { fetch, calls } = fakeFetch(ok);
    const client = new MiniMax({ apiKey: 'k', fetch, maxRetries: 0, logLevel: 'off' });
    await client.files.list({ purpose: 'voice_clone' }, { headers: { 'x-token': 'fine' } });
    await expect(
      client.files.list({ purpose: 'voice_clone' }, { headers: { 'x-token': `${SECRET}\r\nx-evil: 1` } }),
    ).rejects.toBeInstanceOf(InvalidParameterError);
    expect(calls).toHaveLength(1);
  });

  it('default headers are the ones given when the client was made', async () => {
    const { fetch, calls } = fakeFetch(ok);
    const defaultHeaders: Record<string, string> = { 'x-team': 'blue' };
    const client = new MiniMax({ apiKey: 'k', fetch, logLevel: 'off', defaultHeaders });
    defaultHeaders['x-team'] = `${SECRET}\n`;
    defaultHeaders['x-other'] = 'late';
    await client.files.list({ purpose: 'voice_clone' });
    expect(calls[0]!.headers['x-team']).toBe('blue');
    expect(calls[0]!.headers['x-other']).toBeUndefined();
  });

  it('a header name that is not a token is refused', async () => {
    const { fetch, calls } = fakeFetch(ok);
    const client = new MiniMax({ apiKey: 'k', fetch, maxRetries: 0, logLevel: 'off' });
    await expect(
      client.files.list({ purpose: 'voice_clone' }, { headers: { 'bad name': 'v' } }),
    ).rejects.toBeInstanceOf(InvalidParameterError);
    expect(calls).toHaveLength(0);
  });

  for (const method of ['connect', 'connectBidi'] as const) {
    it(`speech.${method} refuses a header no upgrade can carry before it dials, without quoting it`, async () => {
      const { fetch, calls } = fakeFetch(ok);
      // Port 9 (discard) on loopback: if the socket were dialled the error would be a connection one.
      const client = new MiniMax({
        apiKey: 'k',
        baseURL: 'http://127.0.0.1:9',
        fetch,
        logLevel: 'off',
        maxRetries: 0,
      });
      const opening = client.speech[method](
        { model: 'speech-2.8-hd', voice_setting: { voice_id: 'v' } },
        { headers: { 'x-trace-tag': `${SECRET}\r\nx-injected: 1` } },
      );
      const error = await opening.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect((error as Error).message).toMatch(/x-trace-tag/);
      expect((error as Error).message).not.toContain('sk-secret');
      expect(calls).toHaveLength(0);
    });
  }
});
