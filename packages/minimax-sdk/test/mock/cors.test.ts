// The mock as a development server for browser apps: CORS on every answer, preflights answered.
import { describe, expect, it } from 'vitest';
import { KEY, startMock } from './helpers.js';

const ORIGIN = 'http://localhost:5173';

describe('mock CORS', () => {
  it('answers a preflight with 204, the asked headers allowed, and logs nothing', async () => {
    const mock = await startMock({ apiKey: KEY });
    const res = await fetch(`${mock.url}/v1/t2a_v2`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-stainless-retry',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'authorization, content-type, x-stainless-retry',
    );
    expect(mock.requests).toHaveLength(0);
  });

  it('puts the headers on successes, errors and unknown routes, trace id readable', async () => {
    const mock = await startMock({ apiKey: KEY });
    const ok = await fetch(`${mock.url}/v1/get_voice`, {
      method: 'POST',
      headers: { origin: ORIGIN, authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ voice_type: 'system' }),
    });
    const refused = await fetch(`${mock.url}/v1/get_voice`, { method: 'POST', headers: { origin: ORIGIN } });
    const missing = await fetch(`${mock.url}/v1/nothing-here`, { headers: { origin: ORIGIN } });
    expect([ok.status, missing.status]).toEqual([200, 404]);
    const refusal = (await refused.clone().json()) as { base_resp?: { status_code: number } };
    expect(refusal.base_resp?.status_code).not.toBe(0);
    for (const res of [ok, refused, missing]) {
      expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(res.headers.get('access-control-expose-headers')).toContain('trace-id');
      await res.arrayBuffer();
    }
  });

  it('allows any origin when the request names none', async () => {
    const mock = await startMock({ apiKey: KEY });
    const res = await fetch(`${mock.url}/v1/nothing-here`);
    await res.arrayBuffer();
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});
