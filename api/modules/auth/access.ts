/**
 * Who may do what. `authenticate` reads the session cookie and puts the signed-in member of staff (or null)
 * in `c.var.staff`; `requireRole(...roles)` refuses the rest: 401 without a session, 403 with the wrong
 * role. `scopeToDistricts` says which districts a person may see. Every refusal (403) of a signed-in
 * person is in the audit log, and every answer to a signed-in request carries `Cache-Control: no-store`.
 */
import type { MiddlewareHandler } from 'hono';
import type { StaffRole } from '#contract';
import type { Db } from '../../db/client';
import type { Env } from '../../env';
import { clearSessionCookie, findSession, readSessionToken, type SessionUser } from './sessions';
import { ApiError } from '../../lib/errors';

export type Staff = SessionUser;

export interface AuthEnv {
  Variables: { staff: Staff | null; sessionExpired: boolean };
}

export function authenticate(deps: { db: Db; env: Env }): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const token = readSessionToken(c, deps.env);
    const found = token ? await findSession(deps.db, token, deps.env) : null;
    const staff = found && 'user' in found ? found.user : null;
    c.set('staff', staff);
    c.set('sessionExpired', found !== null && 'expired' in found);
    try {
      if (token && !staff) clearSessionCookie(c, deps.env);
      await next();
      if (staff && c.res.status === 403)
        await auditRefusal(deps.db, staff, c.req.method, c.req.path, c.req.query('district'), c.error);
    } finally {
      if (token) c.res.headers.set('Cache-Control', 'no-store');
    }
  };
}

const REPORT_IN_PATH = /\/reports\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\/|$)/i;

/** Who was refused what, and where: the report when the path names one, the district when one was asked for. */
async function auditRefusal(
  db: Db,
  staff: Staff,
  method: string,
  path: string,
  district: string | undefined,
  error: unknown,
) {
  const reportId = REPORT_IN_PATH.exec(path)?.[1]?.toLowerCase() ?? null;
  const details = {
    method,
    path,
    ...(district ? { district } : {}),
    code: error instanceof ApiError ? error.code : 'forbidden',
    role: staff.role,
  };
  // the audit log of modules/auth/audit.ts (action 'access.refused'), written here where refusals are seen
  await db.query(
    `insert into audit_log (actor_id, action, report_id, details) values ($1, 'access.refused', $2, $3::jsonb)`,
    [staff.id, reportId, JSON.stringify(details)],
  );
}

/** 401 unless signed in (any role). For `me`, sign-out and setting up the authenticator app. */
export function requireSignedIn(): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    if (!c.get('staff')) {
      const expired = c.get('sessionExpired');
      throw new ApiError(
        401,
        expired ? 'session_expired' : 'unauthenticated',
        expired ? 'Your session has ended. Please sign in again.' : 'Please sign in.',
      );
    }
    await next();
  };
}

/** 401 unless signed in; 403 unless the role is one of `roles`. */
export function requireRole(...roles: StaffRole[]): MiddlewareHandler<AuthEnv> {
  const signedIn = requireSignedIn();
  return (c, next) =>
    signedIn(c, async () => {
      const staff = c.get('staff')!;
      if (!roles.includes(staff.role)) {
        throw new ApiError(403, 'forbidden', 'Your account cannot use this part of the service.');
      }
      // admins must use a second factor (accounts get one at creation; this holds after a reset too)
      if (staff.role === 'admin' && !staff.totpEnabled) {
        throw new ApiError(403, 'totp_required', 'Set up your authenticator app before using an admin account.');
      }
      await next();
    });
}

/** The districts this person may see: null = all. */
export const scopeToDistricts = (staff: Pick<Staff, 'districts' | 'role'>): string[] | null =>
  staff.role === 'admin' ? null : staff.districts;

export function mayAccessDistrict(staff: Pick<Staff, 'districts' | 'role'>, code: string): boolean {
  const scope = scopeToDistricts(staff);
  return scope === null || scope.includes(code);
}

/** 403 unless the person may see this district. */
export function assertDistrictAccess(staff: Pick<Staff, 'districts' | 'role'>, code: string) {
  if (!mayAccessDistrict(staff, code)) {
    throw new ApiError(403, 'district_forbidden', 'Your account does not cover this district.');
  }
}

/**
 * The districts a query may cover: the requested one (403 when outside the person's scope), else the
 * person's scope (null = all).
 */
export function districtsFor(staff: Pick<Staff, 'districts' | 'role'>, requested: string | undefined): string[] | null {
  if (requested) {
    assertDistrictAccess(staff, requested);
    return [requested];
  }
  return scopeToDistricts(staff);
}
