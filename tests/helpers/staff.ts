/**
 * Staff fixtures for API tests: accounts straight into the database, sign-in through the API,
 * and requests that carry the session cookie and a same-origin Origin header (the CSRF check wants one).
 */
import type { StaffRole } from '#contract';
import type { Db } from '../../api/db/client';
import { defaultEnv } from '../../api/env';
import { hashPassword } from '../../api/modules/auth/passwords';
import { newTotpSecret, totpCode } from '../../api/modules/auth/totp';
import { parseTotpKey, sealTotpSecret } from '../../api/modules/auth/totp-secrets';

export const ORIGIN = 'http://localhost';
export const STAFF_PASSWORD = 'correct horse battery staple';

export interface FetchApp {
  request(input: string, init?: RequestInit, env?: unknown): Response | Promise<Response>;
}

export interface TestStaff {
  id: string;
  email: string;
  role: StaffRole;
  password: string;
  totpSecret: string | null;
}

let hashed: Promise<string> | undefined;

/** The TOTP key of the apps this test process builds (defaultEnv: one random key per process). */
export const testTotpKey = () => parseTotpKey(defaultEnv().TOTP_KEY!, 'TOTP_KEY');

/**
 * An account straight into the database. Its TOTP secret (admins, or `totp: true`) is stored sealed like
 * the app stores it, with `totpKey` (default: testTotpKey(); a browser test's server needs the same key in
 * its TOTP_KEY), or plain as rows from before sealing were (`plainTotp: true`).
 */
export async function createStaff(
  db: Db,
  opts: {
    email: string;
    role: StaffRole;
    districts?: string[] | null;
    languages?: string[];
    totp?: boolean;
    password?: string;
    totpKey?: Buffer;
    plainTotp?: boolean;
  },
): Promise<TestStaff> {
  const password = opts.password ?? STAFF_PASSWORD;
  // hashing costs ~50 ms: share one hash for the usual password
  const hash = opts.password ? await hashPassword(password) : await (hashed ??= hashPassword(STAFF_PASSWORD));
  const totpSecret = (opts.totp ?? opts.role === 'admin') ? newTotpSecret() : null;
  const [row] = await db.query<{ id: string }>(
    'insert into staff_users (email, role, districts, password_hash, totp_secret, languages) values ($1, $2, $3::text[], $4, $5, $6::text[]) returning id',
    [
      opts.email,
      opts.role,
      opts.districts ?? null,
      hash,
      totpSecret && !opts.plainTotp ? sealTotpSecret(totpSecret, opts.totpKey ?? testTotpKey()) : totpSecret,
      opts.languages ?? null,
    ],
  );
  return { id: row!.id, email: opts.email, role: opts.role, password, totpSecret };
}

/** The `name=value` of the session cookie in a response, or undefined. */
export function sessionCookieOf(res: Response): string | undefined {
  const header = res.headers.getSetCookie().find((c) => /^(__Host-)?clh_session=/.test(c));
  return header?.split(';')[0];
}

export const loginRequest = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
  body: JSON.stringify(body),
});

/** Signs in through POST /api/auth/login (with a fresh TOTP code when the account has one). */
export async function signIn(app: FetchApp, staff: TestStaff, at = Date.now()): Promise<string> {
  const body: Record<string, string> = { email: staff.email, password: staff.password };
  if (staff.totpSecret) body.totp = totpCode(staff.totpSecret, at);
  const res = await app.request('/api/auth/login', loginRequest(body));
  if (res.status !== 200) throw new Error(`sign-in of ${staff.email} failed: ${res.status} ${await res.text()}`);
  const cookie = sessionCookieOf(res);
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

/** A request as the browser app makes it: the cookie, Origin, and JSON for a body. */
export function asStaff(
  cookie: string | null,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): RequestInit {
  const headers: Record<string, string> = { origin: ORIGIN, ...init.headers };
  if (cookie) headers.cookie = cookie;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  };
}
