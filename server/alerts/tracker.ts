import type { Alert, TrackedAlert } from '../store/records';
import { fingerprint } from './labels';
import type { Candidate } from './types';

export interface AdvanceOptions {
  now: number;
  /** Alerts for which this returns true are kept exactly as they are (their cluster cannot be seen now). */
  hold: (alert: TrackedAlert) => boolean;
  /** How long a resolved alert is remembered. */
  resolvedRetentionMs: number;
}

export interface AdvanceResult {
  next: Map<string, TrackedAlert>;
  /** Alerts that started firing, resolved, or changed annotations while firing: what the dispatcher must hear about. */
  changed: TrackedAlert[];
  /** Fingerprints dropped (pending that cleared, resolved past retention). */
  removed: string[];
}

function sameAnnotations(a: Alert['annotations'], b: Alert['annotations']): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/**
 * An alert both an Alertmanager and a federated `ALERTS` series report (one
 * identity, docs/alerts.md) stays the Alertmanager's, with its annotations
 * and link (its rule's own, richer than the forwarder's), while only the
 * series is left, until it resolves.
 */
function staysAlertmanagers(old: TrackedAlert | undefined, c: Candidate): old is TrackedAlert {
  return old !== undefined && old.state !== 'resolved' && old.origin === 'alertmanager' && c.origin === 'federated';
}

/** One evaluation step. Pure: the previous map is not modified. */
export function advance(previous: ReadonlyMap<string, TrackedAlert>, candidates: readonly Candidate[], options: AdvanceOptions): AdvanceResult {
  const { now } = options;
  const next = new Map<string, TrackedAlert>();
  const changed: TrackedAlert[] = [];
  const removed: string[] = [];

  for (const candidate of candidates) {
    const fp = fingerprint(candidate.labels);
    if (next.has(fp)) continue;
    const old = previous.get(fp);
    const c: Candidate = staysAlertmanagers(old, candidate)
      ? { ...candidate, annotations: old.annotations, generatorURL: old.generatorURL, origin: old.origin }
      : candidate;
    const activeSince = old && old.state !== 'resolved' ? Math.min(old.activeSince, c.activeSince ?? old.activeSince) : (c.activeSince ?? now);
    const due = now - activeSince >= c.forMs;
    const firing = old?.state === 'firing' || due;
    const alert: TrackedAlert = {
      fingerprint: fp,
      labels: c.labels,
      annotations: c.annotations,
      generatorURL: c.generatorURL,
      origin: c.origin,
      forMs: c.forMs,
      activeSince,
      state: firing ? 'firing' : 'pending',
      startsAt: old?.state === 'firing' ? old.startsAt : firing ? (c.startsAt ?? now) : activeSince,
      endsAt: null,
    };
    next.set(fp, alert);
    if (firing && (old?.state !== 'firing' || !sameAnnotations(old.annotations, alert.annotations))) changed.push(alert);
  }

  for (const [fp, old] of previous) {
    if (next.has(fp)) continue;
    if (options.hold(old)) next.set(fp, old);
    else if (old.state === 'pending') removed.push(fp);
    else if (old.state === 'firing') {
      const resolved: TrackedAlert = { ...old, state: 'resolved', endsAt: now };
      next.set(fp, resolved);
      changed.push(resolved);
    } else if (old.endsAt !== null && now - old.endsAt > options.resolvedRetentionMs) removed.push(fp);
    else next.set(fp, old);
  }
  return { next, changed, removed };
}
