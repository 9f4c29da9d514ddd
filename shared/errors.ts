/**
 * The fixed set of ways a cluster source can fail. Every error that crosses a
 * module boundary is one of these, with a sentence for people.
 */
export const ERROR_KINDS = ['unreachable', 'timeout', 'unauthorized', 'forbidden', 'not_found', 'bad_response', 'too_large'] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/** A failure of one source of one cluster, as data. */
export interface SourceError {
  kind: ErrorKind;
  /** Human sentence naming what was fetched, e.g. "GET http://…/federate: connect ECONNREFUSED". */
  message: string;
}
