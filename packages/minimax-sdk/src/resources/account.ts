import type { APIPromise } from '../core/api-promise.js';
import type { JSONBody } from '../core/body.js';
import { APIResource, guarded } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import { asRecord, withTraceId } from '../core/values.js';
import type { AccountQuota, QuotaLane } from './account-types.js';

export type * from './account-types.js';

/** The key's account: what its Token Plan has left. */
export class Account extends APIResource {
  /** Its key on a client (`client.account`), and in `createClient`'s `resources`. */
  static readonly resourceKey = 'account';

  /**
   * What the key's Token Plan has left, lane by lane (`GET /v1/token_plan/remains`). A key
   * without a plan gets an empty list.
   *
   * @example
   * const { model_remains } = await client.account.quota();
   * for (const lane of model_remains) console.log(lane.model_name, lane.current_interval_total_count);
   */
  quota(options?: RequestOptions): APIPromise<AccountQuota> {
    return guarded(() =>
      this._json({
        method: 'GET',
        path: '/v1/token_plan/remains',
        options,
        build: (answer: JSONBody) => {
          const lanes = Array.isArray(answer.model_remains) ? answer.model_remains : [];
          const model_remains = lanes.flatMap((lane) => {
            const record = asRecord(lane);
            return record ? [record as unknown as QuotaLane] : [];
          });
          return withTraceId<AccountQuota>({ model_remains }, answer);
        },
      }),
    );
  }
}
