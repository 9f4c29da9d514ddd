/** The pure helpers of the Alerts page: checks of the alert REST API's answers (shapes in shared/alerts.ts), proposals and order. */
import type { AlertList, AlertView, NotificationList, SilenceList } from '../../../shared/alerts';
import { formatMatchers } from '../../../shared/matchers';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function isAlertList(v: unknown): v is AlertList {
  return (
    isObject(v) &&
    Array.isArray(v.alerts) &&
    v.alerts.every((a) => isObject(a) && typeof a.fingerprint === 'string' && isObject(a.labels) && typeof a.state === 'string')
  );
}

export function isSilenceList(v: unknown): v is SilenceList {
  return isObject(v) && Array.isArray(v.silences) && v.silences.every((s) => isObject(s) && typeof s.id === 'string' && Array.isArray(s.matchers));
}

export function isNotificationList(v: unknown): v is NotificationList {
  return isObject(v) && Array.isArray(v.notifications) && v.notifications.every((n) => isObject(n) && typeof n.id === 'string' && typeof n.status === 'string');
}

/** Matchers that silence exactly this alert's cluster and alertname (and node/namespace/pod when it has them). */
export function silenceMatchersFor(alert: AlertView): string {
  const names = ['alertname', 'cluster', 'namespace', 'node', 'pod'].filter((n) => alert.labels[n]);
  return formatMatchers(names.map((name) => ({ name, value: alert.labels[name] ?? '', isRegex: false, isEqual: true })));
}

const STATE_ORDER = { firing: 0, pending: 1, resolved: 2 } as const;
const SEVERITY_ORDER: Record<string, number> = { critical: 0, warning: 1, info: 2 };

/** Firing first, then most severe, then oldest. */
export function sortAlerts(alerts: readonly AlertView[]): AlertView[] {
  return [...alerts].sort(
    (a, b) =>
      STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
      (SEVERITY_ORDER[a.labels.severity ?? ''] ?? 3) - (SEVERITY_ORDER[b.labels.severity ?? ''] ?? 3) ||
      a.startsAt - b.startsAt,
  );
}
