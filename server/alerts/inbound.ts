import { z } from 'zod';
import { fingerprint } from './labels';
import type { Candidate } from './types';

const labelMap = z.record(z.string(), z.string());

/** Alertmanager's webhook payload v4, as a cluster's own Alertmanager posts it (only the fields fleetscope reads). */
export const alertmanagerPayload = z.object({
  version: z.literal('4', { error: 'only version "4" of the Alertmanager webhook payload is understood' }),
  status: z.enum(['firing', 'resolved']),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels: labelMap,
        annotations: labelMap.default({}),
        startsAt: z.iso.datetime({ offset: true }),
        endsAt: z.string().optional(),
        generatorURL: z.string().default(''),
      }),
    )
    .max(10_000),
  externalURL: z.string().default(''),
});
export type AlertmanagerPayload = z.output<typeof alertmanagerPayload>;

/** Firing alerts to keep and resolved ones to drop, by fingerprint, from one inbound payload. */
export function inboundChanges(payload: AlertmanagerPayload, cluster: string | undefined): { firing: Map<string, Candidate>; resolved: string[] } {
  const firing = new Map<string, Candidate>();
  const resolved: string[] = [];
  for (const a of payload.alerts) {
    const labels = cluster && !a.labels.cluster ? { ...a.labels, cluster } : a.labels;
    const fp = fingerprint(labels);
    if (a.status === 'resolved') {
      resolved.push(fp);
      continue;
    }
    firing.set(fp, {
      labels,
      annotations: a.annotations,
      forMs: 0,
      activeSince: Date.parse(a.startsAt),
      generatorURL: a.generatorURL || payload.externalURL,
      origin: 'alertmanager',
    });
  }
  return { firing, resolved };
}
