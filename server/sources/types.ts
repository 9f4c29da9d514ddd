/** A running source of one cluster. */
export interface SourceWorker {
  readonly cluster: string;
  /** Performs one attempt now and reports it (the report command's one round, and tests); schedules nothing. */
  runOnce(): Promise<void>;
  /**
   * Starts the source's own cycle: its first attempt at once, the next ones
   * on its own schedule, whatever other sources do. Resolves when the first
   * attempt has been reported, success or failure.
   */
  start(): Promise<void>;
  stop(): void;
}
