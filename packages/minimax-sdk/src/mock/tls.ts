/**
 * A self-signed certificate for the mock's `tls: true`, made at start with node:crypto alone: the
 * SDK ships no dependency for it and assumes no `openssl` binary. The certificate is its own CA
 * (basicConstraints CA), names `localhost`, `127.0.0.1` and `::1`, and lasts 30 days; a client
 * that trusts it (the mock's `ca`) connects over https and wss with full verification.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

/** A PEM certificate and its PEM (PKCS#8) private key. */
export interface MockCertificate {
  cert: string;
  key: string;
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

const sequence = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]): Buffer => tlv(0x31, Buffer.concat(parts));
const octets = (content: Buffer): Buffer => tlv(0x04, content);
const bits = (content: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), content]));

/** A non-negative DER INTEGER: in its shortest form, which OpenSSL insists on ("illegal padding"). */
function integer(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const digits = value.length === 0 ? Buffer.from([0]) : value.subarray(start);
  // DER integers are signed: a leading high bit needs a zero byte to stay positive.
  return tlv(0x02, (digits[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), digits]) : digits);
}

function oid(dotted: string): Buffer {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let n = arc >> 7; n > 0; n >>= 7) chunk.unshift((n & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14);
  return tlv(0x17, Buffer.from(`${text}Z`, 'ascii'));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? sequence(oid(id), tlv(0x01, Buffer.from([0xff])), octets(value))
    : sequence(oid(id), octets(value));
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A fresh self-signed P-256 certificate for localhost, 127.0.0.1 and ::1. */
export function createMockCertificate(now = new Date()): MockCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecdsaWithSHA256 = sequence(oid('1.2.840.10045.4.3.2'));
  const name = sequence(set(sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from('minimax-sdk mock', 'utf8')))));
  const serial = randomBytes(16);
  // RFC 5280: a positive serial (integer() keeps it positive and short; zero is not allowed).
  if (serial.every((byte) => byte === 0)) serial[serial.length - 1] = 1;
  const altNames = sequence(
    tlv(0x82, Buffer.from('localhost', 'ascii')),
    tlv(0x87, Buffer.from([127, 0, 0, 1])),
    tlv(0x87, Buffer.from([...new Array<number>(15).fill(0), 1])),
  );
  const tbs = sequence(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(serial),
    ecdsaWithSHA256,
    name,
    // Back-dated a day so a client whose clock runs a little behind still accepts it.
    sequence(utcTime(new Date(now.getTime() - DAY_MS)), utcTime(new Date(now.getTime() + 30 * DAY_MS))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(
      0xa3,
      sequence(
        extension('2.5.29.19', true, sequence(tlv(0x01, Buffer.from([0xff])))),
        // digitalSignature and keyCertSign: it signs its own TLS handshakes and is its own CA.
        extension('2.5.29.15', true, tlv(0x03, Buffer.from([0x02, 0x84]))),
        extension('2.5.29.17', false, altNames),
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey);
  const cert = sequence(tbs, ecdsaWithSHA256, bits(signature));
  return {
    cert: pem('CERTIFICATE', cert),
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
