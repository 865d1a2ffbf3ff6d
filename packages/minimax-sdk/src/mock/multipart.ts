/**
 * A small `multipart/form-data` parser (RFC 7578), enough for what clients send to
 * `/v1/files/upload`: text fields and file parts, parsed from a fully buffered body.
 */

/** A file part. */
export interface MultipartFile {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** A parsed form: text fields (last value wins) and file parts in order. */
export interface MultipartBody {
  fields: Record<string, string>;
  files: MultipartFile[];
}

/** The boundary named by a `multipart/form-data` content type, or `undefined` for other types. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** Reads one `name=value` parameter of a Content-Disposition header, quoted or not. */
function dispositionParam(header: string, name: string): string | undefined {
  // RFC 5987 extended form (`filename*=UTF-8''…`) beats the plain one when both are present.
  const extended = new RegExp(`;\\s*${name}\\*=([^']*)'[^']*'([^;]*)`, 'i').exec(header);
  if (extended?.[2] !== undefined) {
    try {
      return decodeURIComponent(extended[2].trim());
    } catch {
      return extended[2].trim();
    }
  }
  const match = new RegExp(`;\\s*${name}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(header);
  if (match === null) return undefined;
  if (match[1] !== undefined) return match[1].replace(/\\(.)/g, '$1');
  return match[2]?.trim();
}

/**
 * Parses a buffered multipart body. Throws `Error` with a short reason when the body is not
 * well-formed (no opening boundary, a part without headers, no closing boundary).
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  const delimiter = Buffer.from(`--${boundary}`);
  // No prototype, so a field named `__proto__` is kept like any other.
  const result: MultipartBody = { fields: Object.create(null) as Record<string, string>, files: [] };
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('multipart body has no boundary');
  for (;;) {
    pos += delimiter.length;
    // `--` right after a delimiter closes the body.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return result;
    // Skip transport padding and the CRLF that ends the delimiter line.
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    else if (body[pos] === 0x0a) pos += 1;
    else throw new Error('multipart delimiter not followed by a line break');

    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw new Error('multipart part has no header terminator');
    const headers = parseHeaders(body.subarray(pos, headerEnd).toString('utf8'));
    const dataStart = headerEnd + 4;
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), dataStart);
    if (next < 0) throw new Error('multipart body has no closing boundary');
    const data = body.subarray(dataStart, next);

    const disposition = headers['content-disposition'] ?? '';
    const field = dispositionParam(disposition, 'name');
    if (field === undefined) throw new Error('multipart part has no name');
    const filename = dispositionParam(disposition, 'filename');
    if (filename === undefined) {
      result.fields[field] = data.toString('utf8');
    } else {
      const contentType = headers['content-type'] ?? 'application/octet-stream';
      result.files.push({ field, filename, contentType, data });
    }
    pos = next + 2;
  }
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}
