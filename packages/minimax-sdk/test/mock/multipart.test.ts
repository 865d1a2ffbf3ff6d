import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { multipartBoundary, parseMultipart } from '../../src/mock/multipart.js';

/** Encodes a form the way fetch does, so the parser is tested against real client output. */
async function encode(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const req = new Request('http://x/', { method: 'POST', body: form });
  return { body: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type') ?? '' };
}

describe('multipartBoundary', () => {
  it('reads quoted and bare boundaries and ignores other types', () => {
    expect(multipartBoundary('multipart/form-data; boundary=abc123')).toBe('abc123');
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b;c"')).toBe('a b;c');
    expect(multipartBoundary('application/json')).toBeUndefined();
    expect(multipartBoundary(undefined)).toBeUndefined();
  });
});

describe('parseMultipart', () => {
  it('parses what fetch sends: text fields and files with names and types', async () => {
    const form = new FormData();
    form.append('purpose', 'voice_clone');
    form.append(
      'file',
      new Blob([new Uint8Array([0, 13, 10, 45, 45, 255])], { type: 'audio/mpeg' }),
      'é clip "1".mp3',
    );
    const { body, contentType } = await encode(form);
    const parsed = parseMultipart(body, multipartBoundary(contentType) ?? '');
    expect(parsed.fields).toEqual({ purpose: 'voice_clone' });
    expect(parsed.files).toHaveLength(1);
    expect(parsed.files[0]).toMatchObject({ field: 'file', contentType: 'audio/mpeg' });
    expect(parsed.files[0]?.filename).toContain('clip');
    expect([...(parsed.files[0]?.data ?? [])]).toEqual([0, 13, 10, 45, 45, 255]);
  });

  it('handles the RFC 5987 filename* form and bare parameters', () => {
    const body = Buffer.from(
      [
        '--XyZ',
        "Content-Disposition: form-data; name=doc; filename=plain.txt; filename*=UTF-8''na%C3%AFve.txt",
        'Content-Type: text/plain',
        '',
        'hello',
        '--XyZ--',
        '',
      ].join('\r\n'),
    );
    const parsed = parseMultipart(body, 'XyZ');
    expect(parsed.files[0]).toMatchObject({ field: 'doc', filename: 'naïve.txt', contentType: 'text/plain' });
    expect(parsed.files[0]?.data.toString()).toBe('hello');
  });

  it.each([
    ['no boundary at all', 'just text'],
    ['no closing boundary', '--B\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'],
    ['a part without a name', '--B\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n--B--'],
    ['a part without headers end', '--B\r\nContent-Disposition: form-data; name="a"'],
  ])('rejects %s', (_, text) => {
    expect(() => parseMultipart(Buffer.from(text), 'B')).toThrow();
  });

  it('round-trips arbitrary binary files and field values (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2000 }),
        fc.string({ maxLength: 50 }),
        fc.stringMatching(/^[a-z_]{1,12}$/),
        async (bytes, value, name) => {
          const form = new FormData();
          form.append(name, value);
          form.append('file', new Blob([bytes]), 'f.bin');
          const { body, contentType } = await encode(form);
          const parsed = parseMultipart(body, multipartBoundary(contentType) ?? '');
          // FormData normalises bare CR and LF in text values to CRLF, as browsers do.
          expect(parsed.fields[name]).toBe(value.replace(/\r\n|\r|\n/g, '\r\n'));
          expect(new Uint8Array(parsed.files[0]?.data ?? [])).toEqual(bytes);
        },
      ),
      { numRuns: 100 },
    );
  });
});
