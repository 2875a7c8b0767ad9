import type { Context, MiddlewareHandler } from 'hono';
import { ApiError } from './errors';

/**
 * Token buckets in memory, one per key (a client address, see client-ip.ts): a client may spend
 * `burst` requests at once, and gets `perMinute` back each minute. Issue 10 §5.
 *
 * Several API processes: each process has its own buckets, so a client behind a load balancer that
 * spreads its requests gets up to N × the limit. That is still a limit (and the database's unique
 * Idempotency-Key, not this, is what stops duplicates). To make it exact, move the buckets into a table
 * `rate_limits (key text primary key, tokens real, updated_at timestamptz)` updated with one
 * `insert … on conflict do update … returning tokens` per request, or into the proxy in front.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly refillPerMs: number;

  constructor(
    readonly burst: number,
    readonly perMinute: number,
    private readonly maxKeys = 100_000,
  ) {
    this.refillPerMs = perMinute / 60_000;
  }

  /** Tokens left for `key` now (a full bucket for an unknown key). */
  peek(key: string, now = Date.now()): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.burst;
    return Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.refillPerMs);
  }

  /** Spends one token: 0 when allowed, else the seconds until one is back (for Retry-After). */
  take(key: string, now = Date.now()): number {
    const tokens = this.peek(key, now);
    if (tokens < 1) return Math.max(1, Math.ceil((1 - tokens) / this.refillPerMs / 1000));
    // re-insert so that Map order is least-recently-used first
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    this.evict(now);
    return 0;
  }

  /** Seconds until `key` may spend a token again (0: now). */
  wait(key: string, now = Date.now()): number {
    const tokens = this.peek(key, now);
    return tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.refillPerMs / 1000));
  }

  get size() {
    return this.buckets.size;
  }

  /**
   * Memory stays bounded whatever the number of clients: past `maxKeys`, full buckets are forgotten and
   * then the least recently used, down to 90 % (so the scan is paid once per 10 % of new clients).
   */
  private evict(now: number) {
    if (this.buckets.size <= this.maxKeys) return;
    const target = Math.floor(this.maxKeys * 0.9);
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.refillPerMs >= this.burst) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(key);
    }
  }
}

export const tooManyRequests = (retryAfterSeconds: number, message = 'Too many requests. Please wait a little and try again.') =>
  new ApiError(429, 'rate_limited', message, undefined, { 'Retry-After': String(retryAfterSeconds) });

export interface RateLimitOptions {
  buckets: TokenBuckets;
  key: (c: Context) => string;
  /**
   * Count only the requests whose answer matches (e.g. 404s of a tracking-code look-up, to slow down
   * guessing without slowing down people who hold a real code). The limit is checked before, spent after.
   */
  countIf?: (res: Response) => boolean;
  /** Added to each counted answer: makes guessing slow even below the limit. */
  delayMs?: number;
  message?: string;
}

/** Refuses with 429 `rate_limited` and Retry-After once the client's bucket is empty. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { buckets, key, countIf, delayMs = 0 } = options;
  return async (c, next) => {
    const k = key(c);
    if (!countIf) {
      const wait = buckets.take(k);
      if (wait > 0) throw tooManyRequests(wait, options.message);
      return next();
    }
    const wait = buckets.wait(k);
    if (wait > 0) throw tooManyRequests(wait, options.message);
    await next();
    if (countIf(c.res)) {
      buckets.take(k);
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  };
}
