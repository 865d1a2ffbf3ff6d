import type { TextModel } from './text-types.js';

/** One model the key can call, as `GET /v1/models` lists it. */
export interface Model {
  /** The id to pass as `model`, e.g. `MiniMax-M2.7`. */
  id: TextModel;
  object: 'model' | (string & {});
  /** When the model was published (Unix seconds). */
  created: number;
  owned_by: string;
  /** The request's trace id (on `models.retrieve`), for MiniMax support. */
  trace_id?: string;
}

/** `GET /v1/models`: every model the key can call. */
export interface ModelList {
  object: 'list' | (string & {});
  data: Model[];
  trace_id?: string;
}

/** Which model `models.retrieve` fetches. */
export interface ModelRetrieveParams {
  /** The model id, e.g. `MiniMax-M3`. */
  model: TextModel;
}
