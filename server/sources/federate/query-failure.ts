import { networkError } from '../http/network-error';

/**
 * A cluster's Prometheus HTTP API answer that is not the API's JSON envelope
 * (`{"status": …}`): a proxy's 502 page, a login form, a plain-text 503.
 * Thrown by the query driver's response interceptor so the status and the
 * body's start survive prometheus-query, which would say "unexpected client
 * error".
 */
export class NotPrometheusAnswer extends Error {
  constructor(
    readonly status: number,
    readonly bodyStart: string,
  ) {
    super(`HTTP ${status}${status >= 200 && status < 300 ? ', not a Prometheus API answer' : ''}${bodyStart ? `: ${bodyStart}` : ''}`);
  }
}

/** What a failed query's message is built from: the request, and the limits that can stop it. */
export interface QueryFailureContext {
  /** The request, as messages name it: `GET <url>`, credentials redacted. */
  readonly what: string;
  /** The cluster's `prometheus.timeout`, ms. */
  readonly timeoutMs: number;
  /** The cluster's `prometheus.maxBodySize`, bytes. */
  readonly maxBytes: number;
}

/** One cluster's failed query. */
export interface QueryFailure {
  /** What happened, naming the request: for a warning beside the other clusters' data. */
  readonly message: string;
  /** Prometheus' own error text when it refused the query itself (`bad_data`: the caller's error), else null. */
  readonly refused: string | null;
}

const field = (value: unknown, name: string): unknown => (value !== null && typeof value === 'object' ? Reflect.get(value, name) : undefined);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/**
 * A prometheus-query rejection as a sentence: the HTTP status and
 * Prometheus' own errorType and error text; the deadline when it timed out;
 * the body limit when the answer was too large; else the network or TLS
 * failure in the words of the sources' HTTP client (networkError).
 */
export function queryFailure(reason: unknown, context: QueryFailureContext): QueryFailure {
  const { what } = context;
  const errorType = text(field(reason, 'errorType'));
  if (errorType === 'http_error') {
    const prometheus = field(reason, 'prometheus');
    const type = text(field(prometheus, 'errorType'));
    const status = field(reason, 'httpStatus');
    const message = text(field(reason, 'error')) || 'no error text';
    return { message: `${what}: HTTP ${String(status)}${type ? ` ${type}` : ''}: ${message}`, refused: type === 'bad_data' ? message : null };
  }
  // prometheus-query keeps what was thrown before any answer (a network error, our interceptors' errors) as `original`.
  const original = errorType ? field(reason, 'original') : reason;
  if (original instanceof NotPrometheusAnswer) return { message: `${what}: ${original.message}`, refused: null };
  const code = text(field(original, 'code'));
  const detail = text(field(original, 'message'));
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /^timeout of \d+ms exceeded$/.test(detail))
    return { message: `${what}: no answer within ${context.timeoutMs} ms (the cluster's prometheus.timeout)`, refused: null };
  if (/maxContentLength/.test(detail))
    return { message: `${what}: answer larger than ${context.maxBytes} bytes (the cluster's prometheus.maxBodySize)`, refused: null };
  if (code === 'ERR_CANCELED') return { message: `${what}: cancelled (the client went away)`, refused: null };
  // axios wraps the socket's error; its cause carries Node's code and words.
  const cause = field(original, 'cause');
  return { message: networkError(what, cause instanceof Error ? cause : original).message, refused: null };
}

/** The start of a body that is not the API's JSON, for a message: text as it came, anything else as JSON. */
export function bodyStart(data: unknown): string {
  const raw = typeof data === 'string' ? data : data === undefined ? '' : (JSON.stringify(data) ?? '');
  return raw.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/** Whether an answer's body is the Prometheus HTTP API's envelope. */
export function isApiEnvelope(data: unknown): boolean {
  return typeof field(data, 'status') === 'string';
}

/** A failed request's answer (axios' error carries it as `response`) when its body is not the API's envelope; null otherwise. */
export function notPrometheusAnswer(error: unknown): NotPrometheusAnswer | null {
  const response = field(error, 'response');
  const status = field(response, 'status');
  if (typeof status !== 'number') return null;
  const data = field(response, 'data');
  return isApiEnvelope(data) ? null : new NotPrometheusAnswer(status, bodyStart(data));
}
