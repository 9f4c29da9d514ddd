import type { Alert, Notification } from '../../store/records';
import type { RenderedRequest } from './summary';

/**
 * Alertmanager's webhook payload, version 4
 * (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config).
 * The idempotency key travels as the `Idempotency-Key` header.
 */
export interface WebhookPayloadV4 {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: Array<{
    status: 'firing' | 'resolved';
    labels: Record<string, string>;
    annotations: Record<string, string>;
    startsAt: string;
    endsAt: string;
    generatorURL: string;
    fingerprint: string;
  }>;
}

/** Alertmanager's zero time, sent as endsAt of firing alerts. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

function alertV4(a: Alert): WebhookPayloadV4['alerts'][number] {
  return {
    status: a.endsAt === null ? 'firing' : 'resolved',
    labels: { ...a.labels },
    annotations: { ...a.annotations },
    startsAt: new Date(a.startsAt).toISOString(),
    endsAt: a.endsAt === null ? ZERO_TIME : new Date(a.endsAt).toISOString(),
    generatorURL: a.generatorURL,
    fingerprint: a.fingerprint,
  };
}

export function renderWebhook(n: Notification): RenderedRequest {
  // A scheduled report is not an alert group: it goes out as its own small document.
  if (n.report)
    return {
      headers: { 'idempotency-key': n.id },
      body: {
        kind: 'report',
        report: n.report.kind,
        title: n.report.title,
        summary: n.report.summary,
        lines: n.report.lines,
        link: n.report.link,
        createdAt: new Date(n.createdAt).toISOString(),
      },
    };
  const body: WebhookPayloadV4 = {
    version: '4',
    groupKey: n.groupKey,
    truncatedAlerts: n.truncatedAlerts,
    status: n.status,
    receiver: n.receiver,
    groupLabels: { ...n.groupLabels },
    commonLabels: { ...n.commonLabels },
    commonAnnotations: { ...n.commonAnnotations },
    externalURL: n.externalURL,
    alerts: n.alerts.map(alertV4),
  };
  return { headers: { 'idempotency-key': n.id }, body };
}
