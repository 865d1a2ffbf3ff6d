// The mock with `tls: true`: https and wss with a certificate made at start, trusted through its
// exposed CA, and refused by a client that does not trust it.
import { X509Certificate } from 'node:crypto';
import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { KEY, startMock } from './helpers.js';

function post(
  url: string,
  body: unknown,
  ca: string | undefined,
): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', ca, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

function firstMessage(url: string, ca: string | undefined): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ca, headers: { authorization: `Bearer ${KEY}` } });
    ws.once('message', (data) => {
      resolve(JSON.parse(String(data)));
      ws.close();
    });
    ws.once('error', reject);
  });
}

describe('mock tls', () => {
  it('serves https with a certificate for 127.0.0.1 that is its own CA', async () => {
    const mock = await startMock({ apiKey: KEY, tls: true });
    expect(mock.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.ca).toBeDefined();
    const cert = new X509Certificate(mock.ca ?? '');
    expect(cert.ca).toBe(true);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.verify(cert.publicKey)).toBe(true);

    const answer = await post(`${mock.url}/v1/get_voice`, { voice_type: 'system' }, mock.ca);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ base_resp: { status_code: 0 } });
    expect(mock.requests.map((r) => r.path)).toEqual(['/v1/get_voice']);
  });

  it('serves wss on the same port to a client trusting the CA', async () => {
    const mock = await startMock({ apiKey: KEY, tls: true });
    const hello = await firstMessage(`${mock.url.replace('https:', 'wss:')}/ws/v1/t2a_v2`, mock.ca);
    expect(hello).toMatchObject({ event: 'connected_success', base_resp: { status_code: 0 } });
  });

  it('is refused by a client that does not trust the CA, and makes a new certificate per server', async () => {
    const mock = await startMock({ apiKey: KEY, tls: true });
    const other = await startMock({ apiKey: KEY, tls: true });
    expect(other.ca).not.toBe(mock.ca);
    await expect(post(`${mock.url}/v1/get_voice`, {}, undefined)).rejects.toThrow(/self[- ]signed/i);
    await expect(post(`${mock.url}/v1/get_voice`, {}, other.ca)).rejects.toThrow(/self[- ]signed|verify/i);
    await expect(
      firstMessage(`${mock.url.replace('https:', 'wss:')}/ws/v1/t2a_v2`, undefined),
    ).rejects.toThrow(/self[- ]signed/i);
    expect(mock.requests).toHaveLength(0);
  });

  it('stays plain http without the option, with no CA', async () => {
    const mock = await startMock({ apiKey: KEY });
    expect(mock.url).toMatch(/^http:\/\//);
    expect(mock.ca).toBeUndefined();
  });
});
