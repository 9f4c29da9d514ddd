/**
 * The Prometheus HTTP API's answers as fleetscope writes them, field for
 * field: https://prometheus.io/docs/prometheus/latest/querying/api/
 */

/** A sample's label set, `__name__` included when the series has one. */
export type Labels = Record<string, string>;

/** `[unix seconds, "value"]`: the value as Prometheus' text, so NaN, ±Inf and every digit survive. */
export type Point = [number, string];

export interface VectorSample {
  metric: Labels;
  value: Point;
}

export interface MatrixSeries {
  metric: Labels;
  values: Point[];
}

/** The `data` of /api/v1/query and /api/v1/query_range, by `resultType`. */
export type QueryData =
  | { resultType: 'vector'; result: VectorSample[] }
  | { resultType: 'matrix'; result: MatrixSeries[] }
  | { resultType: 'scalar'; result: Point }
  | { resultType: 'string'; result: Point };

/** One entry of /api/v1/metadata's `data[metric]`. */
export interface MetricMetadata {
  type: string;
  help: string;
  unit: string;
}

/** Prometheus' `errorType`s that fleetscope answers, each with the HTTP status Prometheus gives it (web/api/v1/api.go). */
export const ERROR_STATUS = {
  bad_data: 400,
  execution: 422,
  canceled: 499,
  timeout: 503,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorType = keyof typeof ERROR_STATUS;

/** A fan-out's failure: the envelope's errorType and error. */
export interface ApiError {
  errorType: ErrorType;
  error: string;
}

/** The envelope of every answer under /api/v1; `warnings` only when there are some. */
export type Envelope<T> = { status: 'success'; data: T; warnings?: string[] } | { status: 'error'; errorType: ErrorType; error: string; warnings?: string[] };
