import type { Db, Queryable } from '../db/client';
import { ApiError } from './errors';

/**
 * Token buckets in the database (table `rate_limits`), so that every app server on one database spends
 * from the same buckets: N servers allow what one allows. A client may spend `burst` requests at once and
 * gets `perMinute` back each minute.
 *
 * One upsert per request decides and spends atomically (the row lock orders concurrent requests), so a
 * burst of concurrent requests cannot all pass a check made before any of them is counted. A bucket may
 * also be only looked at (`peek`): it must hold a token, and none is spent.
 */
export interface Bucket {
  /** the bucket's name, part of its key (`<name>:<client>`) */
  name: string;
  burst: number;
  perMinute: number;
}

/** The tokens a bucket holds now: its stored tokens plus what has come back since, up to its burst. */
const AVAILABLE =
  'least(excluded.burst, b.tokens + greatest(0, extract(epoch from now() - b.at)) * excluded.per_second)';

/** `tokens` in the inserted row is burst − cost, so the cost (1 to spend, 0 to peek) is burst − tokens. */
const TAKE = `insert into rate_limits as b (key, tokens, at, burst, per_second, ok, full_at)
  select key, burst - cost, now(), burst, per_second, true, now() + make_interval(secs => cost / per_second)
    from unnest($1::text[], $2::float8[], $3::float8[], $4::float8[]) as r(key, burst, per_second, cost)
  on conflict (key) do update set
    ok = ${AVAILABLE} >= 1,
    tokens = ${AVAILABLE} - case when ${AVAILABLE} >= 1 then excluded.burst - excluded.tokens else 0 end,
    at = now(),
    burst = excluded.burst,
    per_second = excluded.per_second,
    full_at = now() + make_interval(secs => (excluded.burst - (${AVAILABLE} - case when ${AVAILABLE} >= 1 then excluded.burst - excluded.tokens else 0 end)) / excluded.per_second)
  returning ok, tokens, per_second`;

export class RateLimitStore {
  constructor(private readonly db: Db) {}

  /**
   * Spends one token from each bucket in `spend` and checks that each in `peek` holds one, for `client`.
   * 0 when allowed; else the seconds until the emptiest bucket has a token again (for Retry-After). A bucket
   * that refuses spends nothing.
   */
  async take(client: string, spend: Bucket[], peek: Bucket[] = []): Promise<number> {
    const all = [...spend.map((b) => ({ b, cost: 1 })), ...peek.map((b) => ({ b, cost: 0 }))];
    const params = [
      all.map(({ b }) => `${b.name}:${client}`),
      all.map(({ b }) => b.burst),
      all.map(({ b }) => b.perMinute / 60),
      all.map(({ cost }) => cost),
    ];
    const rows = this.db.prepared
      ? await this.db.prepared<TakeRow>('rate_limit_take', TAKE, params)
      : await this.db.query<TakeRow>(TAKE, params);
    let wait = 0;
    for (const row of rows) {
      if (row.ok) continue;
      wait = Math.max(wait, Math.max(1, Math.ceil((1 - Number(row.tokens)) / Number(row.per_second))));
    }
    return wait;
  }
}

interface TakeRow {
  ok: boolean;
  tokens: number | string;
  per_second: number | string;
}

/** Deletes the buckets that are full again (they hold nothing a request could be refused for). */
export async function sweepRateLimits(db: Queryable): Promise<number> {
  return (await db.query('delete from rate_limits where full_at < now() returning 1')).length;
}

export const tooManyRequests = (
  retryAfterSeconds: number,
  message = 'Too many requests. Please wait a little and try again.',
) => new ApiError(429, 'rate_limited', message, undefined, { 'Retry-After': String(retryAfterSeconds) });
