import type { AlertOrigin } from '../../shared/alerts';
import type { LabelSet } from '../../shared/labels';

/** An alert a rule (or a forwarder) says is active right now, before `for` is applied. */
export interface Candidate {
  readonly labels: LabelSet;
  readonly annotations: LabelSet;
  /** Minimum time the condition must hold before the alert fires (ms). */
  readonly forMs: number;
  /** When the condition started, if the input knows it (e.g. a source's error.since); otherwise first seen. */
  readonly activeSince?: number;
  /** When the alert started firing, if its source says so (an Alertmanager's `startsAt`); otherwise when it is first seen firing. */
  readonly startsAt?: number;
  readonly generatorURL: string;
  readonly origin: AlertOrigin;
}
