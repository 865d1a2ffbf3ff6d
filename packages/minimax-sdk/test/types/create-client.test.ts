/**
 * Compile-time checks (run by `tsc` in `npm test`) of `createClient`'s types: each key takes only
 * its own class, an unknown key does not compile, the chosen resources are typed exactly as on
 * `MiniMax`, and a resource not chosen is not there.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  Chat,
  createClient,
  Files,
  type MiniMax,
  type MiniMaxBase,
  type MiniMaxClient,
  type ResourceChoice,
  Speech,
  Text,
  Video,
} from '../../src/index.js';

const options = { apiKey: 'k' };

describe('createClient types', () => {
  it('types the chosen resources exactly as MiniMax does', () => {
    const client = createClient({ ...options, resources: { text: Text, chat: Chat } });
    expectTypeOf(client.text).toEqualTypeOf<MiniMax['text']>();
    expectTypeOf(client.chat).toEqualTypeOf<MiniMax['chat']>();
    expectTypeOf(client.files).toEqualTypeOf<MiniMax['files']>();
    expectTypeOf(client.text.create).toEqualTypeOf<MiniMax['text']['create']>();
    expectTypeOf(client).toMatchTypeOf<MiniMaxBase>();
    expectTypeOf(client.withOptions({ timeout: 1 }).text).toEqualTypeOf<Text>();
    expect(client.text).toBeInstanceOf(Text);
  });

  it('has no resource that was not chosen', () => {
    const client = createClient({ ...options, resources: { text: Text } });
    // @ts-expect-error not chosen
    void client.speech;
    // @ts-expect-error not chosen
    void client.withOptions({}).chat;
    const bare = createClient(options);
    // @ts-expect-error no resources: the base and files only
    void bare.text;
    expectTypeOf(bare.files).toEqualTypeOf<Files>();
    expect('speech' in client).toBe(false);
  });

  it('takes each key only with its own class', () => {
    // @ts-expect-error Chat is not the text resource
    expect(() => createClient({ ...options, resources: { text: Chat } })).toThrow(/resources\.text/);
    // @ts-expect-error Video is not the speech resource
    expect(() => createClient({ ...options, resources: { speech: Video } })).toThrow(/resources\.speech/);
    // @ts-expect-error not a class
    expect(() => createClient({ ...options, resources: { text: 'Text' } })).toThrow(/resources\.text/);
    const instance = new Files(createClient(options));
    // @ts-expect-error an instance, not the class
    expect(() => createClient({ ...options, resources: { files: instance } })).toThrow(/resources\.files/);
  });

  it('refuses an unknown key at compile time', () => {
    // @ts-expect-error `speak` is not a resource
    expect(() => createClient({ ...options, resources: { text: Text, speak: Speech } })).toThrow(/"speak"/);
    // @ts-expect-error `v2` lives under video
    expect(() => createClient({ ...options, resources: { v2: Video } })).toThrow(/"v2"/);
  });

  it('a choice typed as ResourceChoice gives optional resources; a full MiniMax fits a narrower client type', () => {
    const choice: ResourceChoice = { text: Text };
    const loose = createClient({ ...options, resources: choice });
    expectTypeOf(loose.text).toEqualTypeOf<Text | undefined>();
    const takesText = (client: MiniMaxClient<{ text: typeof Text }>) => client.text;
    expectTypeOf(takesText).parameter(0).toMatchTypeOf<MiniMaxClient<{ text: typeof Text }>>();
    const full = null as unknown as MiniMax;
    if (full) takesText(full);
    expect(loose.text).toBeInstanceOf(Text);
  });
});
