/** `search.query` params: the web search of a Token Plan (`POST /v1/coding_plan/search`). */
export interface SearchQueryParams {
  /** What to search for. */
  q: string;
}

/** One web result. */
export interface SearchHit {
  title: string;
  link: string;
  snippet: string;
  /** When the page was published, as the search engine wrote it (free text, may be empty). */
  date?: string;
}

/** The answer of `search.query`: at most about ten results, and related queries. */
export interface SearchResult {
  organic: SearchHit[];
  related_searches: { query: string }[];
  trace_id?: string;
}
