import { describe, expect, it } from 'vitest';
import { type FileObject, get, getJson, KEY, postJson, startMock, upload } from './helpers.js';

describe('files', () => {
  it('round-trips: upload → list → retrieve → download_url → retrieve_content → delete', async () => {
    const mock = await startMock();
    const data = new Uint8Array(5000).map((_, i) => (i * 31) % 256);
    const before = Math.floor(Date.now() / 1000);
    const file = await upload(mock, 'voice_clone', data, 'my voice.mp3');
    expect(file).toEqual({
      file_id: expect.any(Number),
      bytes: 5000,
      created_at: expect.any(Number),
      filename: 'my voice.mp3',
      purpose: 'voice_clone',
    });
    expect(Number.isSafeInteger(file.file_id)).toBe(true);
    expect(file.file_id).toBeGreaterThan(2 ** 32);
    expect(file.created_at).toBeGreaterThanOrEqual(before);

    const list = await getJson<{ files: FileObject[] }>(mock, '/v1/files/list?purpose=voice_clone');
    expect(list.files).toEqual([file]);
    expect(
      (await getJson<{ files: FileObject[] }>(mock, '/v1/files/list?purpose=prompt_audio')).files,
    ).toEqual([]);

    const retrieved = await getJson<{ file: FileObject }>(mock, `/v1/files/retrieve?file_id=${file.file_id}`);
    expect(retrieved.file).toMatchObject(file);
    const url = retrieved.file.download_url ?? '';
    expect(url.startsWith(`${mock.url}/__mock/media/`)).toBe(true);
    const download = await fetch(url);
    expect(download.headers.get('content-type')).toBe('application/octet-stream');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(data);

    const content = await get(mock, `/v1/files/retrieve_content?file_id=${file.file_id}`);
    expect(content.status).toBe(200);
    expect(new Uint8Array(await content.arrayBuffer())).toEqual(data);

    const deleted = await postJson<{ file_id: number }>(mock, '/v1/files/delete', {
      file_id: file.file_id,
      purpose: 'voice_clone',
    });
    expect(deleted.base_resp.status_code).toBe(0);
    expect((await getJson(mock, `/v1/files/retrieve?file_id=${file.file_id}`)).base_resp.status_code).toBe(
      2013,
    );
    expect((await fetch(url)).status).toBe(404);
    const gone = await get(mock, `/v1/files/retrieve_content?file_id=${file.file_id}`);
    expect(gone.headers.get('content-type')).toBe('application/json');
    expect(((await gone.json()) as { base_resp: { status_code: number } }).base_resp.status_code).toBe(2013);
  });

  it('keeps the part content type and accepts file ids given as strings', async () => {
    const mock = await startMock();
    const form = new FormData();
    form.append('purpose', 'prompt_audio');
    form.append('file', new Blob([new Uint8Array(8)], { type: 'audio/wav' }), 'p.wav');
    const res = await fetch(`${mock.url}/v1/files/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: form,
    });
    const { file } = (await res.json()) as { file: FileObject };
    const content = await get(mock, `/v1/files/retrieve_content?file_id=${file.file_id}`);
    expect(content.headers.get('content-type')).toBe('audio/wav');
    const deleted = await postJson(mock, '/v1/files/delete', {
      file_id: String(file.file_id),
      purpose: 'prompt_audio',
    });
    expect(deleted.base_resp.status_code).toBe(0);
  });

  it.each([
    [{ purpose: 'training' }, 'purpose'],
    [{ purpose: undefined }, 'purpose'],
    [{ file: false }, 'file'],
    [{ empty: true }, 'file'],
  ])('refuses an upload %j with 2013 naming %s', async (patch, field) => {
    const mock = await startMock();
    const form = new FormData();
    const purpose = 'purpose' in patch ? patch.purpose : 'voice_clone';
    if (purpose !== undefined) form.append('purpose', purpose);
    if (!('file' in patch))
      form.append('file', new Blob([new Uint8Array('empty' in patch ? 0 : 4)]), 'a.mp3');
    const res = await fetch(`${mock.url}/v1/files/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: form,
    });
    const body = (await res.json()) as { base_resp: { status_code: number; status_msg: string } };
    expect(body.base_resp.status_code).toBe(2013);
    expect(body.base_resp.status_msg).toContain(field);
  });

  it('refuses an upload that is not multipart', async () => {
    const mock = await startMock();
    const body = await postJson(mock, '/v1/files/upload', { purpose: 'voice_clone' });
    expect(body.base_resp).toMatchObject({
      status_code: 2013,
      status_msg: expect.stringContaining('multipart'),
    });
  });

  it.each([
    ['/v1/files/list', 'purpose'],
    ['/v1/files/list?purpose=nope', 'purpose'],
    ['/v1/files/retrieve', 'file_id'],
    ['/v1/files/retrieve?file_id=abc', 'file_id'],
    ['/v1/files/retrieve?file_id=12', 'file_id'],
    ['/v1/files/retrieve_content?file_id=', 'file_id'],
  ])('GET %s fails with 2013 naming %s', async (path, field) => {
    const mock = await startMock();
    const body = await getJson(mock, path);
    expect(body.base_resp.status_code).toBe(2013);
    expect(body.base_resp.status_msg).toContain(field);
  });

  it('refuses a delete with the wrong purpose or an unknown id', async () => {
    const mock = await startMock();
    const file = await upload(mock, 'voice_clone', new Uint8Array(4));
    const wrong = await postJson(mock, '/v1/files/delete', {
      file_id: file.file_id,
      purpose: 'prompt_audio',
    });
    expect(wrong.base_resp.status_msg).toContain('purpose');
    const unknown = await postJson(mock, '/v1/files/delete', { file_id: 1, purpose: 'voice_clone' });
    expect(unknown.base_resp.status_msg).toContain('file_id');
  });
});

describe('video_generation_input uploads', () => {
  const MB = 1024 * 1024;
  async function send(mock: Awaited<ReturnType<typeof startMock>>, bytes: number, name: string, type = '') {
    const form = new FormData();
    form.append('purpose', 'video_generation_input');
    form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
    const res = await fetch(`${mock.url}/v1/files/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: form,
    });
    return {
      status: res.status,
      body: (await res.json()) as { base_resp: { status_code: number; status_msg: string } },
    };
  }

  it('refuses an image over 30 MB, a video over 50 MB, audio over 15 MB and other files with HTTP 400', async () => {
    const mock = await startMock();
    for (const [bytes, name, type] of [
      [30 * MB + 1, 'big.png', ''],
      [50 * MB + 1, 'big.mp4', 'video/mp4'],
      [15 * MB + 1, 'big.mp3', ''],
      [100, 'notes.txt', 'text/plain'],
      // A content type named like an Object member is no kind of media.
      [100, 'notes.txt', 'constructor/x'],
      [100, 'notes.txt', 'toString/x'],
    ] as const) {
      const { status, body } = await send(mock, bytes, name, type);
      expect(status, name).toBe(400);
      expect(body.base_resp.status_code, name).toBe(2013);
      expect(body.base_resp.status_msg, name).toContain('file');
    }
  });

  it('takes each kind up to its limit', async () => {
    const mock = await startMock();
    for (const [bytes, name, type] of [
      [30 * MB, 'ok.png', ''],
      [20 * MB, 'ok.bin', 'video/mp4'],
      [15 * MB, 'ok.wav', ''],
    ] as const) {
      const { status, body } = await send(mock, bytes, name, type);
      expect(status, name).toBe(200);
      expect(body.base_resp.status_code, name).toBe(0);
    }
  });
});
