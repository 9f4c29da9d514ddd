import { Counter, Gauge, type Registry } from 'prom-client';
import type { AlertView, OutboxStatus } from '../../shared/alerts';
import { StoreUnavailableError } from '../store/faults';
import type { AttemptOutcome } from '../store/types';

/**
 * The alerting metrics on fleetscope's /metrics: alerts by state, the
 * outbox by status (both read at scrape time) and delivery attempts.
 */
export interface AlertMetrics {
  // Properties, not methods: both are handed on unbound (the deliverer's callback, the engine's registerMetrics).
  /** Counts one delivery attempt (the deliverer's `onAttempt`). */
  attempted: (receiver: string, outcome: AttemptOutcome['status']) => void;
  /** Adds the metrics to fleetscope's registry. */
  register: (registry: Registry) => void;
}

export interface AlertMetricsOptions {
  alerts: () => readonly AlertView[];
  notificationCounts: () => Promise<Record<OutboxStatus, number>>;
}

export function createAlertMetrics(options: AlertMetricsOptions): AlertMetrics {
  // Counted from the first attempt on, registered whenever main.ts gets to it.
  const attempts = new Counter({
    name: 'fleetscope_notification_attempts_total',
    help: 'Delivery attempts of notifications, by receiver and outcome (delivered, pending = will retry, failed = given up).',
    labelNames: ['receiver', 'outcome'],
    registers: [],
  });
  return {
    attempted: (receiver, outcome) => {
      attempts.inc({ receiver, outcome });
    },
    register: (registry) => {
      registry.registerMetric(attempts);
      new Gauge({
        name: 'fleetscope_alerts',
        help: 'Alerts fleetscope holds, by state (pending, firing, resolved) and whether silenced.',
        labelNames: ['state', 'silenced'],
        registers: [registry],
        collect() {
          this.reset();
          for (const a of options.alerts()) this.inc({ state: a.state, silenced: a.silencedBy.length > 0 ? 'true' : 'false' });
        },
      });
      new Gauge({
        name: 'fleetscope_notifications',
        help: 'Notifications in the outbox by status; failed ones gave up after the last retry and are listed at /api/notifications?status=failed.',
        labelNames: ['status'],
        registers: [registry],
        async collect() {
          this.reset();
          // While the store fails the outbox cannot be counted; fleetscope_store_up says so, and /metrics still answers.
          const counts = await options.notificationCounts().catch((error: unknown) => {
            if (error instanceof StoreUnavailableError) return {};
            throw error;
          });
          for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
        },
      });
    },
  };
}
