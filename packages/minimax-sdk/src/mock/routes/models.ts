/**
 * The model list: `GET /v1/models` (OpenAI shape), `GET /anthropic/v1/models` (Anthropic shape,
 * one page) and one model by id under either prefix. One list serves every route, so the
 * answers never disagree.
 */

import { KNOWN_MODELS } from '../../resources/literals.js';
import { AnthropicApiError, sendJson } from '../respond.js';
import type { Handler } from '../types.js';

/** When each model was published (seconds); a model missing here dates from the first of them. */
const PUBLISHED: Readonly<Record<string, number>> = {
  'MiniMax-M3': 1_793_577_600,
  'MiniMax-M3.1-Flash-Preview': 1_793_577_600,
  'MiniMax-M2.7': 1_779_235_200,
  'MiniMax-M2.7-highspeed': 1_779_235_200,
  'MiniMax-M2.5': 1_770_768_000,
  'MiniMax-M2.5-highspeed': 1_770_768_000,
  'MiniMax-M2.1': 1_766_448_000,
  'MiniMax-M2.1-highspeed': 1_766_448_000,
  'MiniMax-M2': 1_761_523_200,
};

/** `MiniMax-M2.7-highspeed` → `MiniMax M2.7 Highspeed`. */
function displayName(id: string): string {
  return id
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
}

/**
 * The text models the mock lists, newest first: the SDK's own `KNOWN_MODELS.text`, so the list
 * and the model type never disagree.
 */
export const MOCK_MODELS: readonly { id: string; display_name: string; created: number }[] =
  KNOWN_MODELS.text.map((id) => ({
    id,
    display_name: displayName(id),
    created: PUBLISHED[id] ?? 1_761_523_200,
  }));

const ANTHROPIC_PREFIX = '/anthropic/v1/models';

function openaiModel(m: (typeof MOCK_MODELS)[number]) {
  return { id: m.id, object: 'model', created: m.created, owned_by: 'minimax' };
}

function anthropicModel(m: (typeof MOCK_MODELS)[number]) {
  return {
    type: 'model',
    id: m.id,
    display_name: m.display_name,
    created_at: new Date(m.created * 1000).toISOString(),
  };
}

/** `GET /v1/models` and `GET /anthropic/v1/models`. */
export const modelsList: Handler = (r) => {
  const headers = { 'request-id': r.traceId };
  if (r.path.startsWith(ANTHROPIC_PREFIX)) {
    const data = MOCK_MODELS.map(anthropicModel);
    sendJson(
      r.res,
      200,
      { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null },
      headers,
    );
  } else {
    sendJson(r.res, 200, { object: 'list', data: MOCK_MODELS.map(openaiModel) }, headers);
  }
  return undefined;
};

/** `GET /v1/models/{id}` and `GET /anthropic/v1/models/{id}`: 404 `not_found_error` for an unknown id. */
export const modelRetrieve: Handler = (r) => {
  let id = r.path.slice(r.path.lastIndexOf('/') + 1);
  try {
    id = decodeURIComponent(id);
  } catch {
    // A malformed escape names no model: it is answered as unknown below.
  }
  const model = MOCK_MODELS.find((m) => m.id === id);
  if (model === undefined) throw new AnthropicApiError(404, 'not_found_error', `model not found: ${id}`);
  const body = r.path.startsWith(ANTHROPIC_PREFIX) ? anthropicModel(model) : openaiModel(model);
  sendJson(r.res, 200, body, { 'request-id': r.traceId });
  return undefined;
};
