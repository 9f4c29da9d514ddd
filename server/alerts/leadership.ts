import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../log';
import { StoreUnavailableError } from '../store/faults';
import type { Fence, Store } from '../store/types';

/**
 * Which replica delivers notifications and runs schedules. Every replica
 * scrapes, evaluates nothing of its own and serves; the one holding the
 * leader lease in the store evaluates, flushes and delivers. On the
 * embedded file there is one replica, which always leads.
 */
export interface Leadership {
  /** This replica's name in the lease (host, process and a random part: a restarted process is a new holder). */
  readonly holder: string;
  /** True when other replicas share the store (what they write is read back every evaluation). */
  readonly shared: boolean;
  /** The fence while this replica leads; null while another does, or when its last renewal is too old to be sure. */
  current(): Fence | null;
  /** Forgets the lease at once: a fenced write was refused, so another replica leads. */
  drop(): void;
  /** Campaigns now and every retry period. */
  start(): void;
  /** Stops campaigning and gives the lease up, so another replica takes over at its next try rather than after the lease runs out. */
  close(): Promise<void>;
  /** `fleetscope_leader{replica}` on /metrics: 1 while this replica leads. */
  register(registry: Registry): void;
}

export interface LeadershipOptions {
  store: Store;
  /** How long the lease holds without renewal (the longest a dead leader blocks delivery). */
  leaseDurationMs: number;
  /** How often the leader renews and the others try. */
  retryPeriodMs: number;
  logger: Logger;
  holder?: string;
  /** A monotonic clock in ms (default performance.now): the lease's end as this process sees it must not move with the wall clock. */
  clock?: () => number;
}

export function replicaName(): string {
  return `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export function createLeadership(options: LeadershipOptions): Leadership {
  const { store, leaseDurationMs, retryPeriodMs } = options;
  const holder = options.holder ?? replicaName();
  const clock = options.clock ?? (() => performance.now());
  const logger = options.logger.child({ component: 'leader', replica: holder });
  let fence: Fence | null = null;
  // A renewal is trusted until one retry period before the lease would run out in the database: the margin covers the time the renewal took.
  let trustedUntil = 0;
  let timer: NodeJS.Timeout | null = null;
  let campaigning: Promise<void> | null = null;
  let closed = false;

  function set(next: Fence | null, why: string): void {
    if (next?.token === fence?.token) {
      fence = next;
      return;
    }
    if (next) logger.info({ token: next.token }, 'this replica leads: it evaluates alerts, delivers notifications and runs schedules');
    else if (fence) logger.warn({ token: fence.token, why }, 'this replica no longer leads');
    fence = next;
  }

  async function campaign(): Promise<void> {
    const started = clock();
    try {
      const won = await store.campaign(holder, leaseDurationMs);
      if (closed) return;
      if (won) trustedUntil = started + leaseDurationMs - retryPeriodMs;
      set(won, 'another replica holds the lease');
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) logger.error({ err: error }, 'leader election failed');
      // The lease may still be ours in the database: kept until it can no longer be trusted (current()).
    }
  }

  function tick(): void {
    campaigning ??= campaign().finally(() => {
      campaigning = null;
    });
  }

  const leadership: Leadership = {
    holder,
    shared: store.shared,
    current() {
      if (!store.shared) return { holder, token: 1 };
      if (fence && clock() >= trustedUntil) set(null, 'the lease could not be renewed in time');
      return fence;
    },
    drop() {
      set(null, 'a write under its lease was refused');
      trustedUntil = 0;
    },
    start() {
      if (!store.shared || timer) return;
      timer = setInterval(tick, retryPeriodMs);
      timer.unref();
      tick();
    },
    async close() {
      closed = true;
      if (timer) clearInterval(timer);
      timer = null;
      await campaigning;
      if (store.shared && fence) await store.resign(holder).catch(() => undefined);
      fence = null;
    },
    register(registry) {
      registry.registerMetric(
        new Gauge({
          name: 'fleetscope_leader',
          help: 'Whether this replica leads (1): it evaluates alerts, delivers notifications and runs schedules; 0 while another replica does.',
          labelNames: ['replica'],
          registers: [],
          collect() {
            this.set({ replica: holder }, leadership.current() ? 1 : 0);
          },
        }),
      );
    },
  };
  return leadership;
}
