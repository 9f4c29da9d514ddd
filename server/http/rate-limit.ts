import type { RequestHandler } from 'express';
import type { RateLimitSettings } from '../auth/web-config/types';
import { sendError } from './errors';

/**
 * A token bucket as Go's rate.Limiter keeps it: it holds at most `burst`
 * tokens, starts full, gains one every `intervalMs`, and each request takes
 * one or is refused.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    readonly settings: RateLimitSettings,
    now: number,
  ) {
    this.tokens = settings.burst;
    this.at = now;
  }

  /** Takes a token if there is one; otherwise, how many ms until there is. */
  take(now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    this.tokens = Math.min(this.settings.burst, this.tokens + Math.max(0, now - this.at) / this.settings.intervalMs);
    this.at = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: this.settings.burst < 1 ? Infinity : (1 - this.tokens) * this.settings.intervalMs };
  }
}

/**
 * The web configuration file's rate_limit: one bucket for every HTTP request
 * fleetscope answers (as exporter-toolkit's, not per client), 429 beyond it.
 * A new setting (the file changed) starts a new, full bucket.
 */
export function rateLimit(settings: () => RateLimitSettings | null, now: () => number = Date.now): RequestHandler {
  let bucket: TokenBucket | null = null;
  return (req, res, next) => {
    const current = settings();
    if (current === null) return next();
    if (bucket?.settings !== current) bucket = new TokenBucket(current, now());
    const taken = bucket.take(now());
    if (taken.ok) return next();
    if (Number.isFinite(taken.retryAfterMs)) res.setHeader('retry-after', String(Math.ceil(taken.retryAfterMs / 1000)));
    sendError(req, res, 429, {
      error: 'too many requests',
      detail: `the web configuration file's rate_limit allows one request every ${current.intervalMs} ms, ${current.burst} at once`,
    });
  };
}
