/**
 * One quota lane of a Token Plan: a model family (`MiniMax-M*` for text, `speech-hd`, `image-01`,
 * …) with its rolling window (about five hours) and its weekly window.
 *
 * Times are Unix milliseconds and `*_remains_time` milliseconds until the window resets. The
 * platform documents none of these fields; they are typed as the official CLI reads them. Which
 * way the `*_usage_count` fields count is disputed (the official CLI shows them as calls used,
 * several tools built against the live API read them as calls left): where the platform sends
 * `*_remaining_percent`, that field is the unambiguous one.
 */
export interface QuotaLane {
  /** The model family the lane counts, e.g. `MiniMax-M*`, `speech-hd`, `image-01`. */
  model_name: string;
  start_time: number;
  end_time: number;
  /** Milliseconds until the current window resets. */
  remains_time: number;
  current_interval_total_count: number;
  current_interval_usage_count: number;
  /** Percent of the current window left (not sent for every plan). */
  current_interval_remaining_percent?: number;
  /** Window state; 3 means the plan has no such window. */
  current_interval_status?: number;
  weekly_start_time: number;
  weekly_end_time: number;
  weekly_remains_time: number;
  current_weekly_total_count: number;
  current_weekly_usage_count: number;
  current_weekly_remaining_percent?: number;
  current_weekly_status?: number;
}

/** `GET /v1/token_plan/remains`: the key's Token Plan lanes. */
export interface AccountQuota {
  /** One entry per lane; empty when the key has no Token Plan (the API then sends `null`). */
  model_remains: QuotaLane[];
  trace_id?: string;
}
