/**
 * Sign-in throttling (issue 6, issue 10 §5), in the database so that several API processes share it.
 * Failures are counted per email address and per client address (lib/client-ip.ts). After the free tries,
 * each further failure doubles the wait: 30 s, 1 min, 2 min … capped at 15 minutes. There is no permanent
 * lockout (an attacker could use one to keep staff out): a day without failures forgets them, and a
 * successful sign-in clears the email's count. While a key waits, attempts are refused with 429 and
 * Retry-After before the password is even checked, and do not add to the count.
 */
import type { Queryable } from '../../db/client';

export const THROTTLE = {
  /** failures allowed before the first wait, per email address */
  emailFree: 5,
  /** per client address: generous, because an office or a college shares one address */
  ipFree: 20,
  firstWaitSeconds: 30,
  maxWaitSeconds: 15 * 60,
} as const;

export const emailKey = (email: string) => `email:${email}`;
export const ipKey = (ip: string) => `ip:${ip}`;

/** Seconds to wait before any of these keys may try again (0: now). */
export async function throttleWait(db: Queryable, keys: string[]): Promise<number> {
  const rows = await db.query<{ wait: number | string | null }>(
    `select max(ceil(extract(epoch from blocked_until - now())))::int as wait
       from login_attempts where key = any($1::text[]) and blocked_until > now()`,
    [keys],
  );
  return Math.max(0, Number(rows[0]?.wait ?? 0));
}

export async function recordFailure(db: Queryable, key: string, free: number) {
  const failures = `case when a.last_failure_at < now() - interval '1 day' then 1 else a.failures + 1 end`;
  await db.query(
    `insert into login_attempts as a (key, failures, last_failure_at, blocked_until)
     values ($1, 1, now(), case when 1 >= $2 then now() + make_interval(secs => $3) end)
     on conflict (key) do update set
       failures = ${failures},
       last_failure_at = now(),
       blocked_until = case when ${failures} >= $2
         then now() + make_interval(secs => least($4::float8, $3::float8 * power(2, ${failures} - $2)))
       end`,
    [key, free, THROTTLE.firstWaitSeconds, THROTTLE.maxWaitSeconds],
  );
}

export async function clearFailures(db: Queryable, key: string) {
  await db.query(`delete from login_attempts where key = $1 or last_failure_at < now() - interval '1 day'`, [key]);
}
