import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AuthError,
  BASE_URLS,
  InvalidParameterError,
  LEGACY_CN_BASE_URL,
  MiniMax,
  regionOfURL,
} from '../../src/index.js';
import { fakeFetch, jsonResponse, type RecordedRequest } from '../helpers/fake-fetch.js';

const KEY = 'sk-region-test-key';
const OK = { base_resp: { status_code: 0, status_msg: 'success' } };
const REFUSED = { base_resp: { status_code: 2049, status_msg: 'invalid api key' } };

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Answers like two platforms where only `home` knows the key. */
function platforms(home: 'global' | 'cn' | 'none') {
  return fakeFetch((request: RecordedRequest) => {
    const origin = new URL(request.url).origin;
    const known =
      (home === 'global' && origin === BASE_URLS.global) || (home === 'cn' && origin === BASE_URLS.cn);
    if (!known)
      return jsonResponse(
        { type: 'error', error: { type: 'authentication_error', message: 'bad key' } },
        { status: 401 },
      );
    if (request.path === '/v1/get_voice')
      return jsonResponse({ ...OK, system_voice: [{ voice_id: `v-${home}` }] });
    return jsonResponse(OK);
  });
}

const hostsOf = (calls: RecordedRequest[]) => calls.map((c) => new URL(c.url).origin);

describe('hosts', () => {
  it('knows both platforms, the China site at its new host, the old one still taken as China', () => {
    expect(BASE_URLS).toEqual({ global: 'https://api.minimax.io', cn: 'https://api.minimax.cn' });
    expect(regionOfURL('https://api.minimax.cn/')).toBe('cn');
    expect(regionOfURL(LEGACY_CN_BASE_URL)).toBe('cn');
    expect(regionOfURL('https://api.minimax.io/v1')).toBe('global');
    expect(regionOfURL('http://127.0.0.1:4010')).toBeUndefined();
    expect(regionOfURL('not a url')).toBeUndefined();
  });
});

describe('region option', () => {
  it("region: 'cn' sends requests to the China host", async () => {
    const { fetch, calls } = platforms('cn');
    const client = new MiniMax({ apiKey: KEY, region: 'cn', fetch, logLevel: 'off' });
    expect(client.region).toBe('cn');
    expect(client.baseURL).toBe(BASE_URLS.cn);
    await client.voice.list();
    expect(hostsOf(calls)).toEqual([BASE_URLS.cn]);
  });

  it('MINIMAX_REGION picks the host; a bad value or option is refused naming it', () => {
    vi.stubEnv('MINIMAX_REGION', 'CN');
    vi.stubEnv('MINIMAX_BASE_URL', '');
    expect(new MiniMax({ apiKey: KEY }).baseURL).toBe(BASE_URLS.cn);
    vi.stubEnv('MINIMAX_REGION', 'mars');
    expect(() => new MiniMax({ apiKey: KEY })).toThrow(InvalidParameterError);
    expect(() => new MiniMax({ apiKey: KEY })).toThrow(/MINIMAX_REGION must be one of global, cn, auto/);
    expect(() => new MiniMax({ apiKey: KEY, region: 'eu' as never })).toThrow(/region must be one of/);
  });

  it('an explicit baseURL always wins over a region, the option over the environment', () => {
    vi.stubEnv('MINIMAX_REGION', 'cn');
    const client = new MiniMax({ apiKey: KEY, region: 'cn', baseURL: 'http://127.0.0.1:9' });
    expect(client.baseURL).toBe('http://127.0.0.1:9');
    expect(client.region).toBe('custom');
    vi.stubEnv('MINIMAX_BASE_URL', 'http://127.0.0.1:8');
    expect(new MiniMax({ apiKey: KEY, region: 'global' }).baseURL).toBe(BASE_URLS.global);
    expect(new MiniMax({ apiKey: KEY }).baseURL).toBe('http://127.0.0.1:8');
    expect(new MiniMax({ apiKey: KEY, baseURL: LEGACY_CN_BASE_URL }).region).toBe('cn');
  });
});

describe("region: 'auto'", () => {
  it('finds the key on the China platform once, says so at debug level, and uses it from then on', async () => {
    const { fetch, calls } = platforms('cn');
    const lines: string[] = [];
    const logger = { debug: (m: string) => lines.push(m), info: () => {}, warn: () => {}, error: () => {} };
    const client = new MiniMax({ apiKey: KEY, region: 'auto', fetch, logger, logLevel: 'debug' });
    expect(client.region).toBe('auto');
    const [a, b] = await Promise.all([client.voice.list(), client.voice.list()]);
    expect(a.system_voice[0]?.voice_id).toBe('v-cn');
    expect(b.system_voice[0]?.voice_id).toBe('v-cn');
    await client.voice.list();
    // One probe per host, then only the China host.
    expect(calls.map((c) => `${new URL(c.url).origin}${c.path}`)).toEqual([
      `${BASE_URLS.global}/v1/token_plan/remains`,
      `${BASE_URLS.cn}/v1/token_plan/remains`,
      `${BASE_URLS.cn}/v1/get_voice`,
      `${BASE_URLS.cn}/v1/get_voice`,
      `${BASE_URLS.cn}/v1/get_voice`,
    ]);
    expect(calls.every((c) => c.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    expect(lines.some((l) => l.includes('region auto') && l.includes('cn'))).toBe(true);
    expect(lines.join('\n')).not.toContain(KEY);
    expect(await client.resolveRegion()).toBe('cn');
  });

  it('stops at the global host when it accepts the key', async () => {
    const { fetch, calls } = platforms('global');
    const client = new MiniMax({ apiKey: KEY, region: 'auto', fetch, logLevel: 'off' });
    expect(await client.resolveRegion()).toBe('global');
    await client.voice.list();
    expect(hostsOf(calls)).toEqual([BASE_URLS.global, BASE_URLS.global]);
  });

  it('falls back to global when neither host takes the key, and the call fails with the auth error', async () => {
    const { fetch, calls } = platforms('none');
    const client = new MiniMax({ apiKey: KEY, region: 'auto', fetch, logLevel: 'off', maxRetries: 0 });
    await expect(client.voice.list()).rejects.toBeInstanceOf(AuthError);
    expect(new Set(hostsOf(calls))).toEqual(new Set([BASE_URLS.global, BASE_URLS.cn]));
  });

  it('a probe that cannot connect says nothing about the region', async () => {
    const { fetch } = fakeFetch((request) => {
      if (new URL(request.url).origin === BASE_URLS.global) throw new TypeError('fetch failed');
      return jsonResponse(REFUSED);
    });
    const client = new MiniMax({ apiKey: KEY, region: 'auto', fetch, logLevel: 'off' });
    expect(await client.resolveRegion()).toBe('global');
  });
});

describe('a key used on the wrong platform', () => {
  it('says which platform accepts it when the auth error comes', async () => {
    const { fetch, calls } = platforms('cn');
    const client = new MiniMax({ apiKey: KEY, fetch, logLevel: 'off' });
    const error = await client.voice.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toMatch(/China platform \(https:\/\/api\.minimax\.cn\) accepts it/);
    expect((error as AuthError).message).toContain("region: 'cn'");
    expect((error as AuthError).message).not.toContain(KEY);
    // The hint is asked once per client.
    await client.voice.list().catch(() => undefined);
    expect(calls.filter((c) => c.path === '/v1/token_plan/remains')).toHaveLength(1);
  });

  it('adds nothing when the other platform refuses the key too', async () => {
    const { fetch } = platforms('none');
    const client = new MiniMax({ apiKey: KEY, region: 'cn', fetch, logLevel: 'off' });
    const error = (await client.voice.list().catch((e: unknown) => e)) as AuthError;
    expect(error).toBeInstanceOf(AuthError);
    expect(error.message).not.toMatch(/accepts it/);
  });

  it('never sends the key to an official host when the client talks to another host', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(REFUSED));
    const client = new MiniMax({ apiKey: KEY, baseURL: 'http://127.0.0.1:9', fetch, logLevel: 'off' });
    await expect(client.voice.list()).rejects.toBeInstanceOf(AuthError);
    expect(hostsOf(calls)).toEqual(['http://127.0.0.1:9']);
  });
});
