/** What `.withResponse()` gives: the parsed result and the raw HTTP response. */
export interface WithResponse<T> {
  data: T;
  response: Response;
}

/**
 * The promise every call returns. It resolves to the parsed result, and `.withResponse()` also
 * gives the raw `Response` (for headers and status).
 *
 * The base promise settles to nothing on purpose: the work lives in `#result`, so a caller who only
 * uses `.withResponse()` never sees an unhandled rejection from the other branch.
 *
 * @example
 * const { data, response } = await client.files.list({ purpose: 'voice_clone' }).withResponse();
 * console.log(response.headers.get('trace-id'), data.length);
 */
/** The base promise's executor: one function for every call, not a closure each. */
const settleEmpty = (resolve: (value: never) => void): void => resolve(undefined as never);

export class APIPromise<T> extends Promise<T> {
  readonly #result: Promise<WithResponse<T>>;
  #data: Promise<T> | undefined;

  constructor(result: Promise<WithResponse<T>>) {
    super(settleEmpty);
    this.#result = result;
  }

  // Derived promises (`.then` chains) are plain promises.
  static override get [Symbol.species]() {
    return Promise;
  }

  /** The parsed result together with the raw `Response`. */
  withResponse(): Promise<WithResponse<T>> {
    return this.#result;
  }

  #parsed(): Promise<T> {
    this.#data ??= this.#result.then((r) => r.data);
    return this.#data;
  }

  // biome-ignore lint/suspicious/noThenProperty: this class is a Promise; then() is the point.
  override then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#parsed().then(onfulfilled, onrejected);
  }

  override catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#parsed().catch(onrejected);
  }

  override finally(onfinally?: (() => void) | null): Promise<T> {
    return this.#parsed().finally(onfinally);
  }
}
