import type { ReceiverType } from '../config/schema/alerts';
import type { Logger } from '../log';
import type { AttemptOutcome, OutboxItem, Store } from '../store/types';
import { backoffMs, redactUrl, retryAfterMs } from './backoff';
import { RENDERERS } from './receivers';

/** A receiver ready to send: its platform and its webhook URL (a secret, resolved from config or file). */
export interface ReceiverTarget {
  readonly name: string;
  readonly type: ReceiverType;
  readonly url: string;
}

export interface DelivererOptions {
  store: Store;
  receivers: ReadonlyMap<string, ReceiverTarget>;
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  timeoutMs: number;
  logger: Logger;
  now: () => number;
  /** Told about every attempt (for /metrics). */
  onAttempt?: (receiver: string, outcome: AttemptOutcome['status']) => void;
  /** Asked before each attempt (HA: whether this replica still holds the leader lease); false stops the run. */
  mayDeliver?: () => Promise<boolean>;
}

/** What one HTTP attempt came to, before the retry policy is applied. */
type AttemptResult = { ok: true } | { ok: false; retry: boolean; error: string; retryAfterMs: number | null };

async function post(target: ReceiverTarget, item: OutboxItem, timeoutMs: number, now: number): Promise<AttemptResult> {
  const request = RENDERERS[target.type](item.notification);
  const url = new URL(target.url);
  for (const [k, v] of Object.entries(request.query ?? {})) url.searchParams.set(k, v);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'fleetscope', ...request.headers },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
    return { ok: false, retry: true, error: `POST ${redactUrl(target.url)}: ${cause}`, retryAfterMs: null };
  }
  const text = (await response.text().catch(() => '')).slice(0, 200);
  // Google Chat answers 409 when a message with this messageId exists: it was delivered before.
  if (response.ok || (target.type === 'googlechat' && response.status === 409)) return { ok: true };
  const retry = response.status === 408 || response.status === 429 || response.status >= 500;
  return {
    ok: false,
    retry,
    error: `POST ${redactUrl(target.url)}: HTTP ${response.status}${text ? `: ${text}` : ''}`,
    retryAfterMs: retryAfterMs(response.headers.get('retry-after'), now),
  };
}

/**
 * Works the outbox: sends what is due, one notification at a time per
 * receiver (so a receiver sees them in order), receivers side by side.
 * Failures are retried with exponential back-off, honouring 429 and
 * Retry-After; 4xx other than 408/429 are not retried; after `maxAttempts`
 * a notification is kept as failed.
 */
export function createDeliverer(options: DelivererOptions) {
  let running: Promise<number> | null = null;

  async function attempt(item: OutboxItem): Promise<AttemptOutcome['status']> {
    const { notification } = item;
    const log = options.logger.child({ receiver: notification.receiver, notification: notification.id });
    const target = options.receivers.get(notification.receiver);
    const now = options.now();
    let outcome: AttemptOutcome;
    if (!target) outcome = { status: 'failed', at: now, error: `no receiver named "${notification.receiver}" in the config` };
    else {
      const result = await post(target, item, options.timeoutMs, now);
      const at = options.now();
      const attempts = item.attempts + 1;
      if (result.ok) outcome = { status: 'delivered', at };
      else if (!result.retry || attempts >= options.maxAttempts) outcome = { status: 'failed', at, error: result.error };
      else {
        const wait = Math.max(result.retryAfterMs ?? 0, backoffMs(attempts, options.initialBackoffMs, options.maxBackoffMs));
        outcome = { status: 'pending', nextAttemptAt: at + wait, error: result.error };
      }
    }
    await options.store.recordAttempt(notification.id, outcome);
    options.onAttempt?.(notification.receiver, outcome.status);
    if (outcome.status === 'delivered') log.info({ status: notification.status, alerts: notification.alerts.length }, 'notification delivered');
    else if (outcome.status === 'pending') log.warn({ attempt: item.attempts + 1, retryAt: new Date(outcome.nextAttemptAt).toISOString() }, outcome.error);
    else log.error({ attempts: item.attempts + 1 }, `notification failed for good: ${outcome.error}`);
    return outcome.status;
  }

  async function runOnce(): Promise<number> {
    const due = await options.store.dueNotifications(options.now(), 100);
    const byReceiver = new Map<string, OutboxItem[]>();
    for (const item of due) byReceiver.set(item.notification.receiver, [...(byReceiver.get(item.notification.receiver) ?? []), item]);
    await Promise.all(
      [...byReceiver.values()].map(async (items) => {
        for (const item of items) {
          if (options.mayDeliver && !(await options.mayDeliver())) break;
          // Keep order: after a failed try, later notifications of this receiver wait for the next round.
          if ((await attempt(item)) === 'pending') break;
        }
      }),
    );
    return due.length;
  }

  return {
    /** Sends everything due now; concurrent calls share one run. Resolves to how many were attempted. */
    run(): Promise<number> {
      running ??= runOnce().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
