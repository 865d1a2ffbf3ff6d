/**
 * A finished video that lives at a URL the API handed out (V2 video, Video Agent templates). The
 * link is on another host and may expire: downloads never carry the API key, and a link the
 * host refuses (403/404/410) is asked for again once through the task's query.
 */
import { MiniMaxError } from '../core/errors.js';
import { writeFileAtomic } from '../core/node-fs.js';

/** Fetches a URL without the key, with the call's signal/timeout/retries. */
export type Downloader = (url: string) => Promise<Uint8Array>;

/** Download statuses that mean "this link is no longer good" rather than "the video is gone". */
function isExpiredLink(error: unknown): boolean {
  return (
    error instanceof MiniMaxError && (error.status === 403 || error.status === 404 || error.status === 410)
  );
}

/** What every URL-backed video result can do: `refresh()`, `bytes()`, `save(path)`. */
export abstract class RemoteVideo {
  /** Where the MP4 is now; replaced by `refresh()` (and by `save()`/`bytes()` when it expired). */
  url: string;
  readonly #download: Downloader;

  protected constructor(url: string, download: Downloader) {
    this.url = url;
    this.#download = download;
  }

  /** Asks the API for the task again and returns its current URL (or throws if it has none). */
  protected abstract _freshURL(): Promise<string>;

  /** Asks the API for the task again and takes its current (fresh) URL. */
  async refresh(): Promise<string> {
    this.url = await this._freshURL();
    return this.url;
  }

  /** The video's bytes; an expired link is re-queried once. */
  async bytes(): Promise<Uint8Array> {
    try {
      return await this.#download(this.url);
    } catch (error) {
      if (!isExpiredLink(error)) throw error;
      return this.#download(await this.refresh());
    }
  }

  /** Writes the MP4 to `path` atomically (Node) and returns the path. */
  async save(path: string): Promise<string> {
    return (await writeFileAtomic(path, await this.bytes())).path;
  }
}
