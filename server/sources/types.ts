import type { SourceError } from '../../shared/errors';

/**
 * What a source worker reports after each attempt. Workers never throw into
 * the fleet: a failure is a value with a kind.
 */
export type SourceResult<T> = {
  cluster: string;
  /** Epoch ms when the attempt finished. */
  at: number;
  durationMs: number;
} & ({ ok: true; data: T } | { ok: false; error: SourceError });

/** A running source of one cluster. */
export interface SourceWorker {
  readonly cluster: string;
  /** Performs one attempt now and reports it (used for the first round and by tests). */
  runOnce(): Promise<void>;
  start(): void;
  stop(): void;
}
