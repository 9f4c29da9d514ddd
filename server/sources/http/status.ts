import type { ErrorKind, SourceError } from '../../../shared/errors';

/**
 * The failure statuses that have a kind of their own; every other status
 * outside 2xx is `bad_response`. One table for every source, so a Prometheus
 * and an API server answering the same status fail the same way.
 */
const KIND_OF_STATUS: ReadonlyMap<number, ErrorKind> = new Map([
  [401, 'unauthorized'],
  [403, 'forbidden'],
  [404, 'not_found'],
  // The server, or a proxy or gateway before it, gave up waiting.
  [408, 'timeout'],
  [504, 'timeout'],
  [413, 'too_large'],
]);

/** Kind of an HTTP status: null for 2xx (the answer is a success), else the kind of the failure. */
export function kindOfStatus(status: number): ErrorKind | null {
  if (status >= 200 && status < 300) return null;
  return KIND_OF_STATUS.get(status) ?? 'bad_response';
}

/**
 * The error of an answer that failed with `status`: `<what>: HTTP <status>`,
 * then `: <detail>` when there is one (the body's start, a Kubernetes Status
 * message). A 2xx here (a watch's ERROR line claiming success) is a
 * `bad_response`: the caller already knows the answer failed.
 */
export function statusError(what: string, status: number, detail = ''): SourceError {
  return { kind: kindOfStatus(status) ?? 'bad_response', message: `${what}: HTTP ${status}${detail ? `: ${detail}` : ''}` };
}
