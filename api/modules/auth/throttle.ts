/**
 * Sign-in throttling, in the database so that every app server on it shares one count. Attempts are
 * counted per account (email address) and per client address (lib/client-ip.ts), password and TOTP code
 * alike.
 *
 * Each attempt is first *claimed* by one upsert, before the password or code is checked: the row lock
 * orders concurrent attempts, so of a burst only the free tries are checked and the rest are refused with
 * 429 and Retry-After without being checked (nor counted). The claim that uses the last free try starts
 * the wait at once, as if it were going to fail; a success clears the account's count (and gives the
 * client its try back). After the free tries each further failure doubles the wait: 30 s, 1 min, 2 min …
 * capped at 15 minutes. No permanent lockout (an attacker could use one to keep staff out): a day without
 * failures forgets them.
 */
import type { Queryable } from '../../db/client';

export const THROTTLE = {
  /** tries allowed before the first wait, per email address */
  emailFree: 5,
  /** per client address: generous, because an office or a college shares one address */
  ipFree: 20,
  firstWaitSeconds: 30,
  maxWaitSeconds: 15 * 60,
} as const;

const emailKey = (email: string) => `email:${email.toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;

export interface ThrottleKey {
  key: string;
  free: number;
}

export const signInKeys = (email: string, ip: string): ThrottleKey[] => [
  { key: emailKey(email), free: THROTTLE.emailFree },
  { key: ipKey(ip), free: THROTTLE.ipFree },
];

/** The count after this attempt: a day without failures starts again from 1. */
const COUNT = `case when a.last_failure_at < now() - interval '1 day' then 1 else a.failures + 1 end`;
const WAITING = 'coalesce(a.blocked_until > now(), false)';
const waitAfter = (count: string) =>
  `now() + make_interval(secs => least($4::float8, $3::float8 * power(2, ${count} - excluded.free)))`;

/**
 * One statement for all keys: each row is claimed unless it is waiting, and the claim that reaches the
 * free tries starts the wait. Returns, per key, whether it was claimed and how long it waits.
 */
const CLAIM = `insert into login_attempts as a (key, free, failures, last_failure_at, blocked_until, allowed)
  select r.key, r.free, 1, now(), case when r.free <= 1 then now() + make_interval(secs => $3::float8) end, true
    from unnest($1::text[], $2::int[]) as r(key, free)
  on conflict (key) do update set
    free = excluded.free,
    allowed = not ${WAITING},
    failures = case when ${WAITING} then a.failures else ${COUNT} end,
    last_failure_at = case when ${WAITING} then a.last_failure_at else now() end,
    blocked_until = case when ${WAITING} then a.blocked_until
                         when ${COUNT} >= excluded.free then ${waitAfter(COUNT)} end
  returning key, allowed, ceil(extract(epoch from blocked_until - now()))::int as wait`;

/**
 * Claims one attempt on every key, before anything is checked. `wait` > 0: refused (429 with that
 * Retry-After), and nothing stays claimed; otherwise the attempt may be checked.
 */
export async function claimAttempt(db: Queryable, keys: ThrottleKey[]): Promise<{ wait: number }> {
  const rows = await db.query<{ key: string; allowed: boolean; wait: number | null }>(CLAIM, [
    keys.map((k) => k.key),
    keys.map((k) => k.free),
    THROTTLE.firstWaitSeconds,
    THROTTLE.maxWaitSeconds,
  ]);
  const refused = rows.filter((r) => !r.allowed);
  if (refused.length === 0) return { wait: 0 };
  // a key that let it through gives its try back: an attempt refused elsewhere is not checked
  await releaseAttempt(
    db,
    keys.filter((k) => rows.some((r) => r.key === k.key && r.allowed)),
  );
  return { wait: Math.max(1, ...refused.map((r) => Number(r.wait ?? 1))) };
}

/**
 * Gives a claimed try back (the attempt was not a failure: refused elsewhere, or a right password that
 * still needs its code). The wait that claim may have started goes too, unless the count still calls for it.
 */
export async function releaseAttempt(db: Queryable, keys: ThrottleKey[]) {
  if (keys.length === 0) return;
  await db.query(
    `update login_attempts as a set
        failures = greatest(0, a.failures - 1),
        blocked_until = case when a.failures - 1 >= a.free then a.blocked_until end
      where a.key = any($1::text[])`,
    [keys.map((k) => k.key)],
  );
}

/** A successful sign-in: the account's count is cleared and the client's try given back. */
export async function attemptSucceeded(db: Queryable, [account, client]: ThrottleKey[]) {
  await db.query('delete from login_attempts where key = $1', [account!.key]);
  if (client) await releaseAttempt(db, [client]);
}

/** Forgets counts a day old that are not waiting (the server does it hourly; a success does it too). */
export async function sweepSignInAttempts(db: Queryable): Promise<number> {
  return (
    await db.query(`delete from login_attempts where last_failure_at < now() - interval '1 day'
      and not coalesce(blocked_until > now(), false) returning 1`)
  ).length;
}
