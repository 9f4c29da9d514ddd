/** A running source of one cluster. */
export interface SourceWorker {
  readonly cluster: string;
  /** Performs one attempt now and reports it (used for the first round and by tests). */
  runOnce(): Promise<void>;
  start(): void;
  stop(): void;
}
