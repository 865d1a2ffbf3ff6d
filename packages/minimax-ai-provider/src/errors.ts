/**
 * One translation from minimax-sdk errors to the AI SDK's error classes. The MiniMax error stays
 * reachable: as `cause`, and its code, class name and trace id in `data.minimax`.
 */
import { AISDKError, APICallError, InvalidArgumentError, LoadAPIKeyError } from '@ai-sdk/provider';
import { APIUserAbortError, AuthError, InvalidParameterError, MiniMaxError } from 'minimax-sdk';

/** What `APICallError.data.minimax` holds for an error that came from MiniMax. */
export interface MiniMaxErrorData {
  /** MiniMax status code (`base_resp.status_code`), the HTTP status when none was sent, or 0. */
  code: number;
  /** The minimax-sdk error class, e.g. `RateLimitError`. */
  type: string;
  /** MiniMax trace id, for support requests; `""` when unknown. */
  trace_id: string;
}

/**
 * The AI SDK error for a failure of a MiniMax call.
 *
 * minimax-sdk has already retried what is worth retrying (MiniMax's retryable codes, Retry-After),
 * so `isRetryable` is false: the AI SDK's own retry loop would only multiply billed attempts.
 */
export function toAISDKError(
  error: unknown,
  call: { url: string; body: unknown; signal?: AbortSignal },
): unknown {
  if (AISDKError.isInstance(error)) return error;
  if (error instanceof APIUserAbortError) {
    // The AI SDK recognises cancellation by the signal's own reason (or an AbortError).
    const reason: unknown = call.signal?.reason;
    return reason ?? new DOMException(error.message, 'AbortError');
  }
  if (!(error instanceof MiniMaxError)) return error;
  if (error instanceof AuthError && error.code === 0 && error.status === undefined) {
    return new LoadAPIKeyError({ message: error.message });
  }
  if (error instanceof InvalidParameterError && error.code === 0 && error.status === undefined) {
    return new InvalidArgumentError({ argument: 'options', message: error.message, cause: error });
  }
  const data: MiniMaxErrorData = { code: error.code, type: error.name, trace_id: error.trace_id };
  const init: ConstructorParameters<typeof APICallError>[0] = {
    message: error.code === 0 ? error.message : `[code=${error.code}] ${error.message}`,
    url: call.url,
    requestBodyValues: call.body,
    cause: error,
    isRetryable: false,
    data: { minimax: data },
  };
  if (error.status !== undefined) init.statusCode = error.status;
  if (error.headers !== undefined) init.responseHeaders = Object.fromEntries(error.headers.entries());
  if (error.body !== undefined) {
    init.responseBody = typeof error.body === 'string' ? error.body : JSON.stringify(error.body);
  }
  return new APICallError(init);
}

/** Runs a MiniMax call and rethrows its failure as the AI SDK error. */
export async function mapErrors<T>(
  call: { url: string; body: unknown; signal?: AbortSignal | undefined },
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toAISDKError(
      error,
      call.signal ? { ...call, signal: call.signal } : { url: call.url, body: call.body },
    );
  }
}
