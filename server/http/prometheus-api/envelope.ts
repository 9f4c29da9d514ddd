import type { Response } from 'express';
import { ERROR_STATUS, type ApiError, type Envelope } from './types';

/** The success envelope; `warnings` left out when empty, as Prometheus does. */
export function success<T>(data: T, warnings: readonly string[]): Envelope<T> {
  return warnings.length ? { status: 'success', data, warnings: [...warnings] } : { status: 'success', data };
}

/** The error envelope, with the status Prometheus answers that errorType with. */
export function failure(error: ApiError, warnings: readonly string[] = []): { status: number; body: Envelope<never> } {
  const body: Envelope<never> = { status: 'error', errorType: error.errorType, error: error.error };
  if (warnings.length) body.warnings = [...warnings];
  return { status: ERROR_STATUS[error.errorType], body };
}

/** Sends an error envelope. */
export function sendFailure(res: Response, error: ApiError, warnings: readonly string[] = []): void {
  const { status, body } = failure(error, warnings);
  res.status(status).json(body);
}

/** 400 bad_data with Prometheus' words for a bad parameter. */
export function badData(error: string): ApiError {
  return { errorType: 'bad_data', error };
}
