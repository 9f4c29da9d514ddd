import type { ClusterStatus } from '../../../shared/health';

/** One transition of `GET /api/clusters/NAME/history`. */
export interface HistoryTransition {
  cluster: string;
  at: number;
  from: ClusterStatus | null;
  to: ClusterStatus;
  reason: string | null;
}

/** The answer of `GET /api/clusters/NAME/history`. */
export interface HistoryAnswer {
  cluster: string;
  from: number;
  to: number;
  transitions: HistoryTransition[];
}

export function isHistoryAnswer(value: unknown): value is HistoryAnswer {
  return typeof value === 'object' && value !== null && 'transitions' in value && Array.isArray(value.transitions);
}

/** One row of the history table: a status, when it began, how long it held (until the next or now), why. */
export interface HistoryRow {
  at: number;
  from: ClusterStatus | null;
  to: ClusterStatus;
  heldMs: number;
  /** Still in force. */
  current: boolean;
  reason: string | null;
}

/** The periods the page offers. */
export const HISTORY_PERIODS = [
  { key: '24h', label: 'last 24 h', ms: 86_400_000 },
  { key: '7d', label: 'last 7 days', ms: 7 * 86_400_000 },
] as const;

/** The transitions within the period as table rows, newest first; the one in force at the period's start is left out of the table (the strip shows it). Pure. */
export function historyRows(transitions: readonly HistoryTransition[], now: number, from: number): HistoryRow[] {
  const rows = transitions.map((t, i) => {
    const next = transitions[i + 1]?.at ?? now;
    return { at: t.at, from: t.from, to: t.to, heldMs: Math.max(0, next - t.at), current: i === transitions.length - 1, reason: t.reason };
  });
  return rows.filter((r) => r.at >= from).reverse();
}
