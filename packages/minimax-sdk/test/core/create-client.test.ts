/** `createClient`: a client with only the resources named, checked the way the client options are. */
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  Account,
  Chat,
  createClient,
  Files,
  Image,
  InvalidParameterError,
  MiniMax,
  MiniMaxBase,
  Models,
  Music,
  Responses,
  Search,
  Speech,
  Text,
  Video,
  Vision,
  Voice,
} from '../../src/index.js';
import { fakeFetch, jsonResponse, ok, TEST_KEY, testOptions } from '../helpers/fake-fetch.js';

beforeEach(() => {
  vi.stubEnv('MINIMAX_API_KEY', undefined);
  vi.stubEnv('MINIMAX_BASE_URL', undefined);
  vi.stubEnv('MINIMAX_LOG', undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const ALL = {
  text: Text,
  chat: Chat,
  responses: Responses,
  speech: Speech,
  voice: Voice,
  video: Video,
  image: Image,
  music: Music,
  files: Files,
  models: Models,
  account: Account,
  search: Search,
  vision: Vision,
};

const MESSAGE = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'MiniMax-M2.7',
  content: [{ type: 'text', text: 'hi' }],
  stop_reason: 'end_turn',
  usage: { input_tokens: 1, output_tokens: 1 },
};

describe('createClient', () => {
  it('builds only the resources named, plus files, on the MiniMax base', () => {
    const client = createClient({ apiKey: 'k', resources: { text: Text, chat: Chat } });
    expect(client).toBeInstanceOf(MiniMaxBase);
    expect(client).not.toBeInstanceOf(MiniMax);
    expect(client.text).toBeInstanceOf(Text);
    expect(client.chat).toBeInstanceOf(Chat);
    expect(client.files).toBeInstanceOf(Files);
    for (const key of Object.keys(ALL).filter((k) => !['text', 'chat', 'files'].includes(k))) {
      expect(key in client, key).toBe(false);
    }
  });

  it('without resources, is the base: options and files only', () => {
    const client = createClient({ apiKey: 'k', timeout: 5, region: 'cn' });
    expect(client.files).toBeInstanceOf(Files);
    expect(client.toJSON()).toEqual(new MiniMax({ apiKey: 'k', timeout: 5, region: 'cn' }).toJSON());
    expect('text' in client).toBe(false);
  });

  it('takes every resource under its own key, like MiniMax', () => {
    const client = createClient({ apiKey: 'k', resources: ALL });
    const full = new MiniMax({ apiKey: 'k' });
    for (const key of Object.keys(ALL) as (keyof typeof ALL)[]) {
      expect(Object.getPrototypeOf(client[key]), key).toBe(Object.getPrototypeOf(full[key]));
    }
    expect(client.video.v2).toBeDefined();
    expect(client.video.templates).toBeDefined();
  });

  it('calls go through the one transport: the key, the base URL, the defaults', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(MESSAGE));
    const client = createClient({ ...testOptions(fetch), resources: { text: Text } });
    const reply = await client.text.create({
      model: 'MiniMax-M2.7',
      max_tokens: 8,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(reply.content[0]).toMatchObject({ type: 'text', text: 'hi' });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('https://api.test/anthropic/v1/messages');
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(calls[0]?.headers['user-agent']).toMatch(/^minimax-sdk-typescript\//);
  });

  it('voice uploads go through the base files resource', async () => {
    const { fetch, calls } = fakeFetch((request) =>
      request.path === '/v1/files/upload'
        ? jsonResponse(ok({ file: { file_id: 7, bytes: 3, filename: 'a.mp3', purpose: 'voice_clone' } }))
        : jsonResponse(ok({})),
    );
    const client = createClient({ ...testOptions(fetch), resources: { voice: Voice } });
    const file = await client.voice.uploadAudio({ file: new File([new Uint8Array([1, 2, 3])], 'a.mp3') });
    expect(file.file_id).toBe('7');
    expect(calls.map((call) => call.path)).toEqual(['/v1/files/upload']);
  });

  it('refuses the client options MiniMax refuses', () => {
    expect(() => createClient({ resources: { text: Text } })).toThrow(/API key is missing/);
    expect(() => createClient({ apiKey: 'k', timeout: -1 })).toThrow(InvalidParameterError);
  });

  it('withOptions keeps the key and the resources, and leaves the original alone', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(MESSAGE));
    const client = createClient({ ...testOptions(fetch), resources: { text: Text } });
    const patient = client.withOptions({ timeout: 30_000, baseURL: 'https://b.test' });
    expect(patient).not.toBe(client);
    expect(patient.timeout).toBe(30_000);
    expect(client.timeout).toBe(600_000);
    expect(patient.text).toBeInstanceOf(Text);
    expect('chat' in patient).toBe(false);
    await patient.text.create({
      model: 'MiniMax-M2.7',
      max_tokens: 8,
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(calls[0]?.url).toBe('https://b.test/anthropic/v1/messages');
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(() => client.withOptions({ maxRetries: Number.NaN })).toThrow(InvalidParameterError);
  });

  it('shows no key: inspect, JSON, String and own keys', () => {
    const client = createClient({ apiKey: TEST_KEY, baseURL: 'https://api.test', resources: { text: Text } });
    expect(inspect(client)).toBe(
      'MiniMax { baseURL: "https://api.test", region: "custom", timeout: 600000, maxRetries: 2, ' +
        'pollInterval: 5000, pollTimeout: 600000, logLevel: "warn" }',
    );
    for (const shown of [
      inspect(client, { showHidden: true, depth: 8, getters: true }),
      inspect(client.text, { showHidden: true, depth: 8 }),
      JSON.stringify(client),
      String(client),
      JSON.stringify(Object.keys(client)),
    ]) {
      expect(shown).not.toContain(TEST_KEY);
      expect(shown).not.toContain(TEST_KEY.slice(8, 20));
    }
    expect(Object.keys(client)).not.toContain('apiKey');
    expect(Object.keys(client)).not.toContain('resources');
  });
});

describe('createClient refuses a bad resources value, naming it', () => {
  const refused = (resources: unknown, message: RegExp) => {
    const make = () => createClient({ apiKey: 'k', resources } as Parameters<typeof createClient>[0]);
    expect(make).toThrow(InvalidParameterError);
    expect(make).toThrow(message);
  };

  it('not an object of classes', () => {
    refused(null, /^resources must be an object of resource classes such as \{ text: Text \}, got null\.$/);
    refused('text', /resources must be an object.*got "text"\./);
    refused([Text], /resources must be an object.*got an array\./);
    refused(Text, /resources must be an object.*got a function\./);
    refused(true, /resources must be an object.*got true\./);
  });

  it('an unknown key, listing the real ones', () => {
    refused(
      { text: Text, txt: Text },
      /^resources has an unknown key "txt": the resources are text, chat, .*vision\.$/,
    );
    refused({ v2: Video }, /unknown key "v2"/);
    refused(JSON.parse('{"__proto__": {}}'), /unknown key "__proto__"/);
    refused({ constructor: Text }, /unknown key "constructor"/);
  });

  it("a key holding anything but that key's class", () => {
    refused({ text: Chat }, /^resources\.text must be the Text class of minimax-sdk, got the Chat class\.$/);
    refused(
      { speech: 'Speech' },
      /^resources\.speech must be the Speech class of minimax-sdk, got "Speech"\.$/,
    );
    refused(
      { chat: new Chat(new MiniMax({ apiKey: 'k' })) },
      /resources\.chat must be the Chat class.*got an object/,
    );
    refused({ music: () => ({}) }, /resources\.music must be the Music class.*got a function\./);
    refused({ music: null }, /resources\.music must be the Music class.*got null\./);
    // A look-alike that only carries the key is not a resource.
    refused(
      { image: Object.assign(class {}, { resourceKey: 'image' }) },
      /resources\.image must be the Image class/,
    );
  });

  it('an undefined value is no choice; a subclass of the matching class is accepted', () => {
    class LoudText extends Text {}
    const client = createClient({ apiKey: 'k', resources: { text: LoudText, chat: undefined } });
    expect(client.text).toBeInstanceOf(LoudText);
    expect('chat' in client).toBe(false);
  });

  it('reads the option and its keys as own properties only', () => {
    const inherited = Object.create({ resources: { text: Text } }) as { apiKey: string };
    inherited.apiKey = 'k';
    expect('text' in createClient(inherited)).toBe(false);
    const choice = Object.create({ chat: Chat }) as Record<string, unknown>;
    choice.text = Text;
    const client = createClient({ apiKey: 'k', resources: choice as { text: typeof Text } });
    expect(client.text).toBeInstanceOf(Text);
    expect('chat' in client).toBe(false);
  });

  it('checks resources before anything else, and sends nothing', () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse({}));
    expect(() => createClient({ fetch, resources: { text: Chat } } as never)).toThrow(/resources\.text/);
    expect(calls).toEqual([]);
  });
});
