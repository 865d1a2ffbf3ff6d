import type { APIPromise } from '../core/api-promise.js';
import { type JSONBody, ownValue } from '../core/body.js';
import { InvalidParameterError, MiniMaxError } from '../core/errors.js';
import { APIResource, guarded } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import type { Model, ModelList, ModelRetrieveParams } from './models-types.js';

export type * from './models-types.js';

/** A model as listed: the fields this SDK documents must be there. */
function parseModel(value: unknown): Model {
  const model = value as Partial<Model> | null;
  if (typeof model !== 'object' || model === null || typeof model.id !== 'string')
    throw new MiniMaxError('The models answer lists a model without an id.');
  return model as Model;
}

/** The text models a key can call (`GET /v1/models`). */
export class Models extends APIResource {
  /** Its key on a client (`client.models`), and in `createClient`'s `resources`. */
  static readonly resourceKey = 'models';

  /**
   * Lists the models the key can call.
   *
   * @example
   * const { data } = await client.models.list();
   * for (const model of data) console.log(model.id);
   */
  list(options?: RequestOptions): APIPromise<ModelList> {
    return guarded(() =>
      this._json({
        method: 'GET',
        path: '/v1/models',
        options,
        build: (answer: JSONBody) => {
          if (!Array.isArray(answer.data)) throw new MiniMaxError('The models answer has no data list.');
          return { ...answer, object: 'list', data: answer.data.map(parseModel) } as ModelList;
        },
      }),
    );
  }

  /**
   * Fetches one model by id; an unknown id rejects with the mapped error (`code` 404).
   *
   * @example
   * const model = await client.models.retrieve({ model: 'MiniMax-M3' });
   * console.log(model.created);
   */
  retrieve(params: ModelRetrieveParams, options?: RequestOptions): APIPromise<Model> {
    return guarded(() => {
      const id = ownValue(params, 'model');
      if (typeof id !== 'string' || id.trim() === '')
        throw new InvalidParameterError('models.retrieve needs { model }: a model id such as MiniMax-M3.');
      return this._json({
        method: 'GET',
        path: `/v1/models/${encodeURIComponent(id)}`,
        options,
        build: (answer: JSONBody) => parseModel(answer),
      });
    });
  }
}
