/**
 * A commissioner (all districts) in the bench database, and a signed-in session for them: the dashboard
 * is measured as a commissioner sees it. The row is written straight into staff_users (the table of
 * api/db/migrations/003-staff.sql) with the app's own password hashing; sign-in goes through the API.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../api/db/client';
import { hashPassword } from '../../api/modules/auth/passwords';

export const BENCH_COMMISSIONER = { email: 'bench.commissioner@example.org', role: 'commissioner' } as const;

export interface StaffSession {
  email: string;
  /** for Playwright's addCookies */
  cookies: { name: string; value: string }[];
  /** for a Cookie header (Lighthouse extraHeaders, autocannon) */
  header: string;
}

/** Inserts the bench commissioner (once) and returns their password. */
export async function createCommissioner(db: Queryable): Promise<string> {
  const password = randomBytes(18).toString('base64url');
  await db.query(
    `insert into staff_users (email, role, districts, password_hash) values ($1, $2, null, $3)
     on conflict (email) do update set password_hash = excluded.password_hash, disabled_at = null`,
    [BENCH_COMMISSIONER.email, BENCH_COMMISSIONER.role, await hashPassword(password)],
  );
  return password;
}

/** Signs in through POST /api/auth/login (same-origin, as a browser would) and returns the session cookie. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<StaffSession> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: baseUrl, 'Sec-Fetch-Site': 'same-origin' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((line) => {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    return { name: pair!.slice(0, at).trim(), value: pair!.slice(at + 1).trim() };
  });
  if (cookies.length === 0) throw new Error('sign-in answered without a session cookie');
  return { email, cookies, header: cookies.map((c) => `${c.name}=${c.value}`).join('; ') };
}
