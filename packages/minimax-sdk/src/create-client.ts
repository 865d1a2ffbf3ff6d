/**
 * `createClient`: a client with only the resources an app names. `MiniMax` builds all of them in
 * its constructor, so every app that bundles it carries every resource; here each resource class
 * is the caller's import, and a bundler drops the ones nobody imports. So this module imports no
 * resource class as a value (only their types), and checks a class by the key it carries.
 */
import { type ClientOptions, MiniMaxBase } from './client-base.js';
import { ownValue } from './core/body.js';
import { InvalidParameterError } from './core/errors.js';
import { APIResource } from './core/resource.js';
import { describeValue } from './core/values.js';
import type { Account } from './resources/account.js';
import type { Chat } from './resources/chat.js';
import type { Files } from './resources/files.js';
import type { Image } from './resources/image.js';
import type { Models } from './resources/models.js';
import type { Music } from './resources/music.js';
import type { Responses } from './resources/responses.js';
import type { Search } from './resources/search.js';
import type { Speech } from './resources/speech.js';
import type { Text } from './resources/text.js';
import type { Video } from './resources/video.js';
import type { Vision } from './resources/vision.js';
import type { Voice } from './resources/voice.js';

/** Every resource a client can have: its key, and the class that key takes. */
export interface ResourceClasses {
  text: typeof Text;
  chat: typeof Chat;
  responses: typeof Responses;
  speech: typeof Speech;
  voice: typeof Voice;
  video: typeof Video;
  image: typeof Image;
  music: typeof Music;
  files: typeof Files;
  models: typeof Models;
  account: typeof Account;
  search: typeof Search;
  vision: typeof Vision;
}

/** What `createClient`'s `resources` takes: some of the resource classes, each under its own key. */
export type ResourceChoice = { [K in keyof ResourceClasses]?: ResourceClasses[K] | undefined };

/**
 * The resources a choice builds: `{ text: Text }` gives `client.text`, typed as on `MiniMax`
 * (`files` is on every client already).
 */
export type ChosenResources<R extends ResourceChoice> = {
  readonly [K in keyof R as K extends 'files' ? never : K]: NonNullable<R[K]> extends abstract new (
    client: MiniMaxBase,
  ) => infer Resource
    ? Resource
    : never;
};

/** A client made by `createClient`: the base (options, `files`) and the chosen resources. */
export type MiniMaxClient<R extends ResourceChoice = {}> = MiniMaxBase &
  ChosenResources<R> & {
    /**
     * A copy of this client with some options changed (the key and the resources are kept
     * unless replaced).
     */
    withOptions(overrides: ClientOptions): MiniMaxClient<R>;
  };

/** `createClient`'s options: the client's, and the resources to build. */
export interface CreateClientOptions<R extends ResourceChoice = ResourceChoice> extends ClientOptions {
  /** The resources to build, each under its key: `{ text: Text, chat: Chat }`. */
  resources?: R | undefined;
}

/** Keys a resource choice may not have: any that is not a resource's. */
type UnknownKeys<R> = { [K in Exclude<keyof R, keyof ResourceClasses>]: never };

// The class name of each key, for the errors (strings only: the classes stay the caller's imports).
const CLASS_NAMES: Record<keyof ResourceClasses, string> = {
  text: 'Text',
  chat: 'Chat',
  responses: 'Responses',
  speech: 'Speech',
  voice: 'Voice',
  video: 'Video',
  image: 'Image',
  music: 'Music',
  files: 'Files',
  models: 'Models',
  account: 'Account',
  search: 'Search',
  vision: 'Vision',
};

type ResourceClass = (new (client: MiniMaxBase) => APIResource) & { resourceKey?: unknown };

/** The resources to build, checked; read as own properties only, like params. */
function chosenResources(resources: unknown): [string, ResourceClass][] {
  if (resources === undefined) return [];
  if (typeof resources !== 'object' || resources === null || Array.isArray(resources)) {
    throw new InvalidParameterError(
      `resources must be an object of resource classes such as { text: Text }, got ${describeValue(resources)}.`,
    );
  }
  const chosen: [string, ResourceClass][] = [];
  for (const key of Object.keys(resources)) {
    const name = Object.hasOwn(CLASS_NAMES, key) ? CLASS_NAMES[key as keyof ResourceClasses] : undefined;
    if (name === undefined) {
      throw new InvalidParameterError(
        `resources has an unknown key ${JSON.stringify(key)}: the resources are ${Object.keys(CLASS_NAMES).join(', ')}.`,
      );
    }
    const value = (resources as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const resource = value as ResourceClass;
    if (
      typeof value !== 'function' ||
      resource.resourceKey !== key ||
      !(resource.prototype instanceof APIResource)
    ) {
      const other = typeof value === 'function' && Object.hasOwn(CLASS_NAMES, String(resource.resourceKey));
      throw new InvalidParameterError(
        `resources.${key} must be the ${name} class of minimax-sdk, got ${
          other
            ? `the ${CLASS_NAMES[resource.resourceKey as keyof ResourceClasses]} class`
            : describeValue(value)
        }.`,
      );
    }
    // `files` is on every client already.
    if (key !== 'files') chosen.push([key, resource]);
  }
  return chosen;
}

/** What `createClient` makes: the base, and a `withOptions` that keeps the resources. */
class ChosenClient extends MiniMaxBase {
  withOptions(overrides: ClientOptions): MiniMaxBase {
    return createClient(this._optionsWith(overrides));
  }
}

/**
 * A client with only the resources you name, so your bundle carries only those (`new MiniMax()`
 * builds all of them). Each key takes its own class; the options are `MiniMax`'s.
 *
 * @example
 * import { Chat, createClient, Text } from 'minimax-sdk';
 * const client = createClient({ resources: { text: Text, chat: Chat } }); // reads MINIMAX_API_KEY
 * const reply = await client.text.create({ model: 'MiniMax-M2.7', max_tokens: 256, messages: [{ role: 'user', content: 'Hi' }] });
 * // client.speech does not exist: not chosen.
 */
export function createClient<R extends ResourceChoice = {}>(
  options: CreateClientOptions<R & UnknownKeys<R>> = {},
): MiniMaxClient<R> {
  const chosen = chosenResources(ownValue(options, 'resources'));
  const client = new ChosenClient(options);
  for (const [key, Resource] of chosen)
    (client as unknown as Record<string, unknown>)[key] = new Resource(client);
  return client as unknown as MiniMaxClient<R>;
}
