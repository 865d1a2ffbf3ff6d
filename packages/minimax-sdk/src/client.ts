import type { ClientOptions } from './client-base.js';
import { MiniMaxBase } from './client-base.js';
import { Account } from './resources/account.js';
import { Chat } from './resources/chat.js';
import { Image } from './resources/image.js';
import { Models } from './resources/models.js';
import { Music } from './resources/music.js';
import { Responses } from './resources/responses.js';
import { Search } from './resources/search.js';
import { Speech } from './resources/speech.js';
import { Text } from './resources/text.js';
import { Video } from './resources/video.js';
import { Vision } from './resources/vision.js';
import { Voice } from './resources/voice.js';

export { BASE_URLS, type ClientOptions, MiniMaxBase } from './client-base.js';

/**
 * The MiniMax client, with every resource. (`createClient` makes one with only the resources an
 * app names, so its bundle leaves the others out.)
 *
 * @example
 * import MiniMax from 'minimax-sdk';
 * const client = new MiniMax(); // reads MINIMAX_API_KEY
 * const audio = await client.speech.tts({ text: 'Hello!', model: 'speech-2.8-hd' });
 * await audio.save('hello.mp3');
 */
export class MiniMax extends MiniMaxBase {
  readonly text: Text;
  /** OpenAI-compatible Chat Completions (`POST /v1/chat/completions`). */
  readonly chat: Chat;
  /** OpenAI-compatible Responses (`POST /v1/responses`). */
  readonly responses: Responses;
  readonly speech: Speech;
  readonly voice: Voice;
  readonly video: Video;
  readonly image: Image;
  readonly music: Music;
  readonly models: Models;
  readonly account: Account;
  readonly search: Search;
  readonly vision: Vision;

  constructor(options: ClientOptions = {}) {
    super(options);
    this.text = new Text(this);
    this.chat = new Chat(this);
    this.responses = new Responses(this);
    this.speech = new Speech(this);
    this.voice = new Voice(this);
    this.video = new Video(this);
    this.image = new Image(this);
    this.music = new Music(this);
    this.models = new Models(this);
    this.account = new Account(this);
    this.search = new Search(this);
    this.vision = new Vision(this);
  }

  /**
   * A copy of this client with some options changed (the key is kept unless replaced).
   *
   * @example
   * const patient = client.withOptions({ timeout: 30_000, maxRetries: 5 });
   */
  withOptions(overrides: ClientOptions): MiniMax {
    return new MiniMax(this._optionsWith(overrides));
  }
}
