import type { Response } from 'express';
import type { QueryOutcome, QueryRequest, QueryTarget } from '../../sources/federate/query-targets';
import { scopeRequest } from './cluster-scope';
import type { Decoded } from './decode';
import { sendFailure } from './envelope';
import type { ClusterAnswer } from './merge';
import type { ApiError } from './types';

/** One cluster's part of a fan-out: its decoded data, or why it has none. */
export type ClusterPart<T> = { ok: true; data: T; warnings: readonly string[] } | { ok: false; message: string; refused: string | null };

/** What the clusters answered: the data of those that did, a warning for each that did not and for each warning a cluster gave. */
export interface FanOutResult<T> {
  readonly answers: ReadonlyArray<ClusterAnswer<T>>;
  readonly warnings: readonly string[];
  /** Set when no cluster answered: the error the whole answer is (400 when a Prometheus refused the request, else 503). */
  readonly error: ApiError | null;
}

/** Sends `request` to one cluster and decodes its data. */
export async function ask<T>(target: QueryTarget, request: QueryRequest, decode: (data: unknown) => Decoded<T>, signal: AbortSignal): Promise<ClusterPart<T>> {
  const outcome: QueryOutcome = await target.run(request, signal);
  if (!outcome.ok) return { ok: false, message: outcome.message, refused: outcome.refused };
  const decoded = decode(outcome.data);
  if (!decoded.ok) return { ok: false, message: decoded.problem, refused: null };
  return { ok: true, data: decoded.value, warnings: outcome.warnings };
}

/**
 * Asks every cluster the request can concern at once (each with the request
 * as its own Prometheus must be asked it, scopeRequest; `each` never
 * rejects) and collects the answers in the clusters' order. A partial answer
 * is a success with warnings; only when every cluster asked failed is it an
 * error.
 */
export async function fanOut<T>(
  targets: readonly QueryTarget[],
  request: QueryRequest,
  each: (target: QueryTarget, request: QueryRequest) => Promise<ClusterPart<T>>,
): Promise<FanOutResult<T>> {
  const asked = targets.flatMap((target) => {
    const scoped = scopeRequest(request, target.labelling);
    return scoped ? [{ target, request: scoped }] : [];
  });
  const parts = await Promise.all(asked.map(({ target, request }) => each(target, request)));
  const answers: Array<ClusterAnswer<T>> = [];
  const warnings: string[] = [];
  const refused: string[] = [];
  parts.forEach((part, i) => {
    const { target } = asked[i]!;
    if (part.ok) {
      answers.push({ labelling: target.labelling, data: part.data });
      for (const warning of part.warnings) warnings.push(`cluster ${target.cluster}: ${warning}`);
      return;
    }
    if (part.refused !== null) refused.push(part.refused);
    warnings.push(`cluster ${target.cluster}: ${part.message}`);
  });
  let error: ApiError | null = null;
  if (asked.length > 0 && answers.length === 0)
    error = refused[0] !== undefined ? { errorType: 'bad_data', error: refused[0] } : { errorType: 'unavailable', error: 'no cluster answered' };
  return { answers, warnings, error };
}

/**
 * Cancels with the client: a signal aborted when the response closes before
 * it was written (the client went away).
 */
export function untilGone(res: Response): AbortSignal {
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableEnded) gone.abort();
  });
  return gone.signal;
}

/** Sends a fan-out's error (with its warnings); true when it did. */
export function sentError(res: Response, result: FanOutResult<unknown>): boolean {
  if (!result.error) return false;
  sendFailure(res, result.error, result.warnings);
  return true;
}
