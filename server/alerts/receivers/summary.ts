import type { Alert, Notification } from '../../store/records';

/** The words every platform's message shares, so each says the same thing at a glance. */
export interface MessageText {
  /** "[FIRING:3] ClusterUnreachable — prod-eu, prod-us" */
  title: string;
  /** "3 firing, 1 resolved in 2 clusters: prod-eu, prod-us" */
  headline: string;
  lines: Array<{ status: 'firing' | 'resolved' | 'info'; text: string; link: string }>;
  /** "and 12 more" or null. */
  more: string | null;
  /** Where to look: fleetscope's alerts page. */
  link: string;
  /** Idempotency key, repeated in the message where the platform has no better place. */
  id: string;
}

function alertName(n: Notification): string {
  return n.commonLabels.alertname ?? n.groupLabels.alertname ?? 'alerts';
}

function alertLine(a: Alert): string {
  const where = [a.labels.cluster, a.labels.namespace, a.labels.node, a.labels.pod].filter(Boolean).join('/');
  const summary = a.annotations.summary ?? a.labels.alertname ?? 'alert';
  return `${a.endsAt === null ? '🔥' : '✅'} ${summary}${where && !summary.includes(where) ? ` (${where})` : ''}`;
}

export function messageText(n: Notification): MessageText {
  if (n.report) {
    const r = n.report;
    return { title: r.title, headline: r.summary, lines: r.lines.map((text) => ({ status: 'info', text, link: r.link })), more: null, link: r.link, id: n.id };
  }
  const status = n.status.toUpperCase();
  const clusters = n.clusters.length > 0 ? n.clusters.join(', ') : 'no cluster';
  const count = n.status === 'firing' ? n.counts.firing : n.counts.resolved;
  const parts = [`${n.counts.firing} firing`, ...(n.counts.resolved > 0 ? [`${n.counts.resolved} resolved`] : [])];
  return {
    title: `[${status}:${count}] ${alertName(n)} — ${clusters}`,
    headline: `${parts.join(', ')} in ${n.clusters.length} cluster${n.clusters.length === 1 ? '' : 's'}: ${clusters}`,
    lines: n.alerts.map((a) => ({ status: a.endsAt === null ? 'firing' : 'resolved', text: alertLine(a), link: a.annotations.link ?? a.generatorURL })),
    more: n.truncatedAlerts > 0 ? `and ${n.truncatedAlerts} more` : null,
    link: `${n.externalURL}/alerts`,
    id: n.id,
  };
}

/** The request a receiver makes: the platform's JSON body plus headers. */
export interface RenderedRequest {
  body: unknown;
  headers: Record<string, string>;
  /** Extra query parameters for the webhook URL (e.g. Google Chat's messageId). */
  query?: Record<string, string>;
}
