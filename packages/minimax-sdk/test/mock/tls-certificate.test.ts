// The mock's certificate is valid DER whatever its random serial: a serial whose first byte is
// zero once made an over-long INTEGER, which OpenSSL refuses ("illegal padding") when the https
// server loads it (1 start in about 256 failed).

import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { afterEach, describe, expect, it, vi } from 'vitest';

const next = vi.hoisted(() => ({ serial: undefined as Buffer | undefined }));

vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  return {
    ...crypto,
    randomBytes: (size: number) => {
      const serial = next.serial;
      next.serial = undefined;
      return serial ?? crypto.randomBytes(size);
    },
  };
});

const { createMockCertificate } = await import('../../src/mock/tls.js');

afterEach(() => {
  next.serial = undefined;
});

describe('createMockCertificate', () => {
  const serials = {
    'a zero first byte': [0x00, 0x12, ...new Array<number>(14).fill(0x34)],
    'two zero bytes, then a high bit': [0x00, 0x00, 0x80, ...new Array<number>(13).fill(0x01)],
    'a high first bit': [0x80, ...new Array<number>(15).fill(0x01)],
    'all zeros': new Array<number>(16).fill(0),
  };

  it.each(Object.entries(serials))('with %s in its serial: a certificate OpenSSL loads', (_name, bytes) => {
    next.serial = Buffer.from(bytes);
    const { cert, key } = createMockCertificate();
    expect(next.serial).toBeUndefined();
    // What https.createServer does with it, where "illegal padding" was thrown.
    expect(() => createSecureContext({ cert, key })).not.toThrow();
    const parsed = new X509Certificate(cert);
    expect(parsed.ca).toBe(true);
    expect(parsed.verify(parsed.publicKey)).toBe(true);
    // RFC 5280: a positive serial of at most 20 octets.
    expect(BigInt(`0x${parsed.serialNumber}`)).toBeGreaterThan(0n);
    expect(parsed.serialNumber.length).toBeLessThanOrEqual(40);
  });
});
