import type { APIPromise } from '../core/api-promise.js';
import { buildBody, type JSONBody } from '../core/body.js';
import { InvalidParameterError } from '../core/errors.js';
import { APIResource, guarded } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import { asRecord, withTraceId } from '../core/values.js';
import type { SearchHit, SearchQueryParams, SearchResult } from './search-types.js';

export type * from './search-types.js';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The list under `key`, objects only (the API sends `null` for no results). */
function records(answer: JSONBody, key: string): Record<string, unknown>[] {
  const value = answer[key];
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const record = asRecord(item);
    return record ? [record] : [];
  });
}

/** Web search, for keys on a Token Plan. */
export class Search extends APIResource {
  /** Its key on a client (`client.search`), and in `createClient`'s `resources`. */
  static readonly resourceKey = 'search';

  /**
   * Searches the web (`POST /v1/coding_plan/search`). Results carry a title, a link, a snippet
   * and, when the engine knows it, a date.
   *
   * @example
   * const { organic } = await client.search.query({ q: 'MiniMax M3 release notes' });
   * for (const hit of organic) console.log(hit.title, hit.link);
   */
  query(params: SearchQueryParams, options?: RequestOptions): APIPromise<SearchResult> {
    return guarded(() => {
      const body = buildBody(params);
      if (typeof body.q !== 'string' || body.q.trim() === '')
        throw new InvalidParameterError('search.query needs { q }: a non-empty search text.');
      return this._json({
        method: 'POST',
        path: '/v1/coding_plan/search',
        body,
        options,
        build: (answer: JSONBody) => {
          const organic = records(answer, 'organic').map(
            (hit): SearchHit => ({
              ...hit,
              title: text(hit.title),
              link: text(hit.link),
              snippet: text(hit.snippet),
            }),
          );
          const related_searches = records(answer, 'related_searches').map((r) => ({
            ...r,
            query: text(r.query),
          }));
          return withTraceId<SearchResult>({ organic, related_searches }, answer);
        },
      });
    });
  }
}
