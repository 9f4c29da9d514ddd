/** What to do with a batch after one attempt to send it. */
export type Outcome =
  | { readonly kind: 'sent' }
  /** 5xx, 429, a network failure or a timeout: sent again after `afterMs`. */
  | { readonly kind: 'retry'; readonly afterMs: number; readonly reason: string }
  /** Any other answer: the receiver will never take it (a 400 for a bad sample), so it is dropped. */
  | { readonly kind: 'rejected'; readonly reason: string };

/** The wait before attempt `failures + 1`: `minMs` doubled per failure so far, at most `maxMs`. */
export function backoffMs(failures: number, minMs: number, maxMs: number): number {
  return Math.min(maxMs, minMs * 2 ** Math.max(0, failures - 1));
}

/** A Retry-After header's wait in ms (seconds, or an HTTP date), or null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * The outcome of an answer, as Prometheus' queue manager decides it: 2xx is
 * sent; 5xx and 429 are retried after the back-off, or after Retry-After
 * when the receiver gives one; anything else is rejected. Pure.
 */
export function outcomeOf(
  answer: { status: number; retryAfter: string | null; body: string },
  wait: { failures: number; minMs: number; maxMs: number; now: number },
): Outcome {
  const { status } = answer;
  if (status >= 200 && status < 300) return { kind: 'sent' };
  const reason = `HTTP ${status}${answer.body ? `: ${answer.body.slice(0, 200).trim()}` : ''}`;
  if (status >= 500 || status === 429) {
    const afterMs = retryAfterMs(answer.retryAfter, wait.now) ?? backoffMs(wait.failures, wait.minMs, wait.maxMs);
    return { kind: 'retry', afterMs, reason };
  }
  return { kind: 'rejected', reason };
}
