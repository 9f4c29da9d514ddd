/**
 * The fixed set of ways a cluster source can fail. Every error that crosses a
 * module boundary is one of these, with a sentence for people.
 *
 * `limit_exceeded`: a scrape over one of the cluster's scrape limits
 * (`sampleLimit`, `labelLimit`, `labelNameLengthLimit`,
 * `labelValueLengthLimit`), refused whole. `over_budget`: a scrape that would
 * take the fleet past its series budget (`federation.maxSeries`), refused
 * while the other clusters carry on.
 */
export const ERROR_KINDS = [
  'unreachable',
  'timeout',
  'unauthorized',
  'forbidden',
  'not_found',
  'bad_response',
  'too_large',
  'limit_exceeded',
  'over_budget',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/** A failure of one source of one cluster, as data. */
export interface SourceError {
  kind: ErrorKind;
  /** Human sentence naming what was fetched, e.g. "GET http://…/federate: connect ECONNREFUSED". */
  message: string;
}
