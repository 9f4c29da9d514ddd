import { timingSafeEqual } from 'node:crypto';
import { inboundChanges, type AlertmanagerPayload } from './inbound';
import type { Candidate } from './types';

/** Firing inbound alerts held at most; the one received longest ago goes first. */
const MAX_INBOUND = 10_000;

/**
 * Alerts posted by clusters' own Alertmanagers (POST /api/alertmanager):
 * the bearer-token check, and the firing alerts held until resolved, which
 * the engine evaluates beside its own rules.
 */
export interface InboundAlerts {
  /** True when an inbound webhook may pass: no token configured, or the request's `Authorization` carries it. */
  allowed(authorization: string | undefined): boolean;
  /** Takes in a cluster Alertmanager's webhook; `cluster` labels alerts that carry none. */
  receive(payload: AlertmanagerPayload, cluster?: string): { firing: number; resolved: number };
  /** The firing alerts held, least recently received first. */
  candidates(): Candidate[];
}

export interface InboundAlertsOptions {
  /** The bearer token webhooks must present (a secret, already read); null for none. */
  token: string | null;
}

export function createInboundAlerts(options: InboundAlertsOptions): InboundAlerts {
  const held = new Map<string, Candidate>();
  const wanted = options.token === null ? null : Buffer.from(`Bearer ${options.token}`);
  return {
    allowed(authorization) {
      if (wanted === null) return true;
      const given = Buffer.from(authorization ?? '');
      return given.length === wanted.length && timingSafeEqual(given, wanted);
    },
    receive(payload, cluster) {
      const { firing, resolved } = inboundChanges(payload, cluster);
      for (const fp of resolved) held.delete(fp);
      for (const [fp, c] of firing) {
        // Re-inserted, so the cap drops what was received longest ago.
        held.delete(fp);
        held.set(fp, c);
      }
      while (held.size > MAX_INBOUND) held.delete(held.keys().next().value ?? '');
      return { firing: firing.size, resolved: resolved.length };
    },
    candidates: () => [...held.values()],
  };
}
