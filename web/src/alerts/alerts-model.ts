/** Wire shapes of the alert REST API (docs/alerts.md#rest-api) and the pure helpers of the Alerts page. */
import { formatMatchers, type Matcher } from '../../../shared/matchers';

export interface AlertJson {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing' | 'resolved';
  origin: string;
  startsAt: number;
  endsAt: number | null;
  silencedBy: string[];
}

export interface SilenceJson {
  id: string;
  matchers: Matcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  status: 'pending' | 'active' | 'expired';
}

export interface NotificationJson {
  id: string;
  receiver: string;
  status: 'pending' | 'delivered' | 'failed';
  notificationStatus: 'firing' | 'resolved';
  clusters: string[];
  counts: { firing: number; resolved: number };
  alertnames: string[];
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  createdAt: number;
  finishedAt: number | null;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function isAlertList(v: unknown): v is { alerts: AlertJson[] } {
  return isObject(v) && Array.isArray(v.alerts) && v.alerts.every((a) => isObject(a) && typeof a.fingerprint === 'string' && isObject(a.labels) && typeof a.state === 'string');
}

export function isSilenceList(v: unknown): v is { silences: SilenceJson[] } {
  return isObject(v) && Array.isArray(v.silences) && v.silences.every((s) => isObject(s) && typeof s.id === 'string' && Array.isArray(s.matchers));
}

export function isNotificationList(v: unknown): v is { receivers: string[]; notifications: NotificationJson[] } {
  return isObject(v) && Array.isArray(v.notifications) && v.notifications.every((n) => isObject(n) && typeof n.id === 'string' && typeof n.status === 'string');
}

/** Matchers that silence exactly this alert's cluster and alertname (and node/namespace/pod when it has them). */
export function silenceMatchersFor(alert: AlertJson): string {
  const names = ['alertname', 'cluster', 'namespace', 'node', 'pod'].filter((n) => alert.labels[n]);
  return formatMatchers(names.map((name) => ({ name, value: alert.labels[name] ?? '', isRegex: false, isEqual: true })));
}

const STATE_ORDER = { firing: 0, pending: 1, resolved: 2 } as const;
const SEVERITY_ORDER: Record<string, number> = { critical: 0, warning: 1, info: 2 };

/** Firing first, then most severe, then oldest. */
export function sortAlerts(alerts: readonly AlertJson[]): AlertJson[] {
  return [...alerts].sort(
    (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || (SEVERITY_ORDER[a.labels.severity ?? ''] ?? 3) - (SEVERITY_ORDER[b.labels.severity ?? ''] ?? 3) || a.startsAt - b.startsAt,
  );
}
