import { timingSafeEqual } from 'node:crypto';
import type { InboundAlert } from '../store/records';
import type { Store } from '../store/types';
import type { ClusterLabelling } from './identity';
import { inboundUpdate, type AlertmanagerPayload } from './inbound';
import type { Candidate } from './types';

/** Firing inbound alerts held at most; the one posted longest ago goes first. */
const MAX_INBOUND = 10_000;

/**
 * Alerts posted by clusters' own Alertmanagers (POST /api/alertmanager):
 * the bearer-token check, and the firing alerts held until resolved or
 * past their end, which the engine evaluates beside its own rules. They are
 * kept in the store, so a restart resumes them instead of resolving them.
 */
export interface InboundAlerts {
  /** True when an inbound webhook may pass: no token configured, or the request's `Authorization` carries it. */
  allowed(authorization: string | undefined): boolean;
  /**
   * Takes in a cluster Alertmanager's webhook (`cluster`: the `?cluster=` it
   * posts with). Resolves once the change is in the store; rejects with the
   * store's error when it could not be kept (the alerts are held in memory
   * all the same).
   */
  receive(payload: AlertmanagerPayload, cluster?: string): Promise<{ firing: number; resolved: number }>;
  /** Lets go of the alerts whose end has passed (they resolve) and returns them; `persist` writes that to the store. */
  expire(now: number): InboundAlert[];
  /** Writes to the store what it has not taken yet (what `expire` let go; what a failed write left). */
  persist(): Promise<void>;
  /** The firing alerts held, least recently posted first. */
  candidates(): Candidate[];
  /** Reads the held alerts again (on a shared store other replicas take webhooks too); what this one has not written yet stays. */
  reload(): Promise<void>;
}

export interface InboundAlertsOptions {
  /** The bearer token webhooks must present (a secret, already read); null for none. */
  token: string | null;
  store: Store;
  /** How long an alert posted without an end stays firing unless posted again (`alerts.inbound.resolve_timeout`). */
  resolveTimeoutMs: number;
  labelling: ClusterLabelling;
  now: () => number;
}

export async function createInboundAlerts(options: InboundAlertsOptions): Promise<InboundAlerts> {
  const { store, now, resolveTimeoutMs } = options;
  const wanted = options.token === null ? null : Buffer.from(`Bearer ${options.token}`);
  const started = now();
  // While fleetscope was down its Alertmanagers could not post: each alert gets a whole resolve timeout from this start to be posted again.
  const load = async () =>
    (await store.loadInboundAlerts()).sort((a, b) => a.updatedAt - b.updatedAt).map((a) => ({ ...a, endsAt: Math.max(a.endsAt, started + resolveTimeoutMs) }));
  const held = new Map((await load()).map((a) => [a.key, a]));
  // What the store has not taken yet (it failed); written with the next change.
  const unsaved = new Map<string, InboundAlert>();
  const unsavedRemovals = new Set<string>();

  function hold(alert: InboundAlert): void {
    // Re-inserted, so the cap drops what was posted longest ago.
    held.delete(alert.key);
    held.set(alert.key, alert);
    unsaved.set(alert.key, alert);
    unsavedRemovals.delete(alert.key);
  }
  function drop(key: string): void {
    held.delete(key);
    unsaved.delete(key);
    unsavedRemovals.add(key);
  }
  async function persist(): Promise<void> {
    if (unsaved.size === 0 && unsavedRemovals.size === 0) return;
    const changed = [...unsaved.values()];
    const removed = [...unsavedRemovals];
    await store.saveInboundAlerts(changed, removed);
    for (const a of changed) if (unsaved.get(a.key) === a) unsaved.delete(a.key);
    for (const key of removed) unsavedRemovals.delete(key);
  }

  return {
    allowed(authorization) {
      if (wanted === null) return true;
      const given = Buffer.from(authorization ?? '');
      return given.length === wanted.length && timingSafeEqual(given, wanted);
    },
    async receive(payload, cluster) {
      const update = inboundUpdate(held, payload, { cluster, now: now(), resolveTimeoutMs, labelling: options.labelling });
      for (const key of update.resolved) drop(key);
      for (const alert of update.firing) hold(alert);
      while (held.size > MAX_INBOUND) drop(held.keys().next().value ?? '');
      await persist();
      return { firing: update.firing.length, resolved: update.resolved.length };
    },
    expire(t) {
      const ended = [...held.values()].filter((a) => a.endsAt <= t);
      for (const a of ended) drop(a.key);
      return ended;
    },
    persist,
    async reload() {
      const stored = await load();
      held.clear();
      for (const a of stored) if (!unsavedRemovals.has(a.key)) held.set(a.key, a);
      for (const a of unsaved.values()) {
        held.delete(a.key);
        held.set(a.key, a);
      }
    },
    candidates: () =>
      [...held.values()].map((a) => ({
        labels: a.labels,
        annotations: a.annotations,
        forMs: 0,
        activeSince: a.startsAt,
        startsAt: a.startsAt,
        generatorURL: a.generatorURL,
        origin: 'alertmanager',
      })),
  };
}
