import { z } from 'zod';
import type { InboundAlert } from '../store/records';
import { clusterAlertLabels, inboundAlertLabels, type ClusterLabelling } from './identity';
import { fingerprint } from './labels';

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
        /** Alertmanager writes the zero time, 0001-01-01T00:00:00Z, while an alert fires (it never shows its own timeout). */
        endsAt: z.iso.datetime({ offset: true }).optional(),
        generatorURL: z.string().default(''),
        /** Alertmanager's fingerprint of the labels (16 hex digits). */
        fingerprint: z.string().min(1).max(64).optional(),
      }),
    )
    .max(10_000),
  externalURL: z.string().default(''),
});
export type AlertmanagerPayload = z.output<typeof alertmanagerPayload>;

export interface InboundContext {
  /** The `?cluster=` the payload was posted with. */
  cluster?: string;
  now: number;
  /** How long an alert posted without an end stays firing unless posted again (Alertmanager's `resolve_timeout`). */
  resolveTimeoutMs: number;
  labelling: ClusterLabelling;
}

/** What one payload changes in the held alerts. */
export interface InboundUpdate {
  /** Alerts to hold, new or refreshed. */
  readonly firing: InboundAlert[];
  /** Keys of alerts that resolved. */
  readonly resolved: string[];
}

/** A time of the payload, or null for Alertmanager's zero time (or none). */
function instant(text: string | undefined): number | null {
  const t = text === undefined ? NaN : Date.parse(text);
  return Number.isFinite(t) && t > 0 ? t : null;
}

/** The labels fleetscope knows a posted alert by: the cluster's as both paths share them, or as posted when no cluster is known. */
function labelsOf(labels: Record<string, string>, cluster: string | undefined, labelling: ClusterLabelling): Record<string, string> {
  if (cluster) return inboundAlertLabels(labels, cluster, labelling);
  if (labels.cluster) return clusterAlertLabels(labels, labels.cluster, labelling);
  const { alertstate: _state, ...rest } = labels;
  return rest;
}

/**
 * Alertmanager's merge of a re-posted alert with the one held
 * (alert.Merge): the earliest start wins; a later explicit end (not a
 * timeout) of the held one wins over the new one's.
 */
function merge(held: InboundAlert | undefined, next: InboundAlert): InboundAlert {
  if (!held) return next;
  const keepsEnd = !held.timeout && held.endsAt > next.endsAt;
  return {
    ...next,
    startsAt: Math.min(held.startsAt, next.startsAt),
    endsAt: keepsEnd ? held.endsAt : next.endsAt,
    timeout: keepsEnd ? false : next.timeout,
  };
}

/**
 * The held alerts a payload adds, refreshes and resolves. An alert is
 * resolved when posted resolved or with an `endsAt` that has passed; a firing
 * one ends at its `endsAt`, or, when that is Alertmanager's zero time, at
 * `now` plus the resolve timeout, as Alertmanager does for alerts posted to
 * its own API without an end.
 */
export function inboundUpdate(held: ReadonlyMap<string, InboundAlert>, payload: AlertmanagerPayload, ctx: InboundContext): InboundUpdate {
  const firing = new Map<string, InboundAlert>();
  const resolved: string[] = [];
  for (const a of payload.alerts) {
    const alertmanagerFingerprint = a.fingerprint ?? fingerprint(a.labels);
    const key = `${ctx.cluster ?? ''}/${alertmanagerFingerprint}`;
    const end = instant(a.endsAt);
    if (a.status === 'resolved' || (end !== null && end <= ctx.now)) {
      firing.delete(key);
      resolved.push(key);
      continue;
    }
    const startsAt = instant(a.startsAt) ?? ctx.now;
    const alert: InboundAlert = {
      key,
      alertmanagerFingerprint,
      labels: labelsOf(a.labels, ctx.cluster, ctx.labelling),
      annotations: a.annotations,
      generatorURL: a.generatorURL || payload.externalURL,
      startsAt,
      endsAt: end ?? ctx.now + ctx.resolveTimeoutMs,
      timeout: end === null,
      updatedAt: ctx.now,
    };
    firing.set(key, merge(firing.get(key) ?? held.get(key), alert));
  }
  return { firing: [...firing.values()], resolved };
}
