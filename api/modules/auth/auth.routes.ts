/**
 * /api/auth: staff sign-in and sign-out, the signed-in person, the authenticator app, and (admins) staff
 * accounts and the audit log. Sessions: sessions.ts; throttling: throttle.ts.
 * Over 300 lines: every /api/auth route in one place, each a few lines over the module's own functions.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  CreateStaff,
  LoginRequest,
  TotpConfirm,
  TotpSetupRequest,
  UpdateStaff,
  type Me,
  type StaffRole,
  type StaffSecrets,
  type TotpSetup,
} from '#contract';
import { pageQuery } from '#contract/paging';
import type { AppDeps } from '../../deps';
import { authenticate, requireRole, requireSignedIn, type AuthEnv } from './access';
import { clientKey } from '../../lib/client-ip';
import { sameOriginOnly } from '../../lib/csrf';
import { ApiError } from '../../lib/errors';
import { tooManyRequests } from '../../lib/rate-limit';
import { parseJson, parseQuery } from '../../lib/validate';
import { audit, listAudit } from './audit';
import {
  findStaffByEmail,
  findStaffById,
  insertStaff,
  listStaff,
  lockStaff,
  toMe,
  toStaffMember,
  updateStaff,
  UUID,
  type StaffRow,
} from './auth.queries';
import { generatePassword, hashPassword, verifyAgainstNothing, verifyPassword } from './passwords';
import {
  clearSessionCookie,
  createSession,
  deleteEndedSessions,
  deleteSessionByToken,
  deleteUserSessions,
  readSessionToken,
  setSessionCookie,
} from './sessions';
import { attemptSucceeded, claimAttempt, releaseAttempt, signInKeys } from './throttle';
import { newTotpSecret, otpauthUri, verifyTotp } from './totp';
import { isSealedTotpSecret, loadTotpKey, openTotpSecretOrNull, sealTotpSecret } from './totp-secrets';

const AuditQuery = z.object({
  ...pageQuery(200, 50),
  reportId: z.string().regex(UUID, 'must be a report id').optional(),
  actor: z.string().max(254).optional(),
  action: z.string().max(64).optional(),
});

/** A translator holds one language or more; no other role holds any. */
function checkLanguages(role: StaffRole, languages: string[] | undefined) {
  if (role === 'translator' && !languages) {
    throw new ApiError(400, 'invalid', 'A translator needs the languages they translate.', {
      languages: 'choose at least one language',
    });
  }
  if (role !== 'translator' && languages) {
    throw new ApiError(400, 'invalid', 'Only a translator holds languages.', {
      languages: 'must be empty for this role',
    });
  }
}

export function auth(deps: AppDeps) {
  const { db, env } = deps;
  // TOTP secrets are sealed in the database (totp-secrets.ts); a bad key file stops createApp
  const totpKey = loadTotpKey(env).key;
  const seal = (secret: string) => sealTotpSecret(secret, totpKey);
  const openSecret = (stored: string, userId: string) => openTotpSecretOrNull(stored, totpKey, userId);
  const lastStep = (row: StaffRow) => (row.totp_last_step === null ? null : Number(row.totp_last_step));
  const app = new Hono<AuthEnv>();
  app.use(sameOriginOnly(env));
  app.use(authenticate(deps));

  /** Starts a new session (a new id every time) and sets the cookie. */
  async function signIn(c: Context, user: StaffRow) {
    const previous = readSessionToken(c, env);
    if (previous) await deleteSessionByToken(db, previous);
    await deleteEndedSessions(db, env);
    setSessionCookie(c, env, await createSession(db, user.id, env));
  }

  app.post('/login', async (c) => {
    const body = await parseJson(c, LoginRequest);
    const ip = clientKey(c, env);
    const keys = signInKeys(body.email, ip);
    // counted before anything is checked: a burst of concurrent attempts cannot outrun its own count
    const { wait } = await claimAttempt(db, keys);
    if (wait > 0) throw tooManyRequests(wait, 'Too many sign-in attempts. Please wait and try again.');

    const user = await findStaffByEmail(db, body.email);
    const passwordOk =
      user && user.disabled_at === null
        ? await verifyPassword(body.password, user.password_hash)
        : await verifyAgainstNothing(body.password);
    if (!user || !passwordOk)
      throw new ApiError(401, 'invalid_credentials', 'The email address or password is not right.');
    if (user.totp_secret !== null) {
      if (!body.totp) {
        // the right password, asked for its code: not a failure, and the code's attempt is counted on its own
        await releaseAttempt(db, keys);
        throw new ApiError(401, 'totp_required', 'Enter the 6-digit code from your authenticator app.');
      }
      const accepted = await db.transaction(async (tx) => {
        const row = await lockStaff(tx, user.id);
        if (!row?.totp_secret) return false;
        const secret = openSecret(row.totp_secret, user.id);
        const step = secret === null ? null : verifyTotp(secret, body.totp!, lastStep(row));
        if (secret === null || step === null) return false;
        // a plain secret (a row from before sealing, or from an older server during an upgrade) is sealed now
        const resealed = isSealedTotpSecret(row.totp_secret) ? null : seal(secret);
        await tx.query(
          'update staff_users set totp_last_step = $2, totp_secret = coalesce($3, totp_secret) where id = $1',
          [user.id, step, resealed],
        );
        return true;
      });
      if (!accepted)
        throw new ApiError(
          401,
          'invalid_totp',
          'The code from your authenticator app is not right. Try the newest one.',
        );
    }
    await attemptSucceeded(db, keys);
    await signIn(c, user);
    await audit(db, { actorId: user.id, action: 'auth.sign_in', details: { ip } });
    return c.json(toMe(user));
  });

  app.post('/logout', async (c) => {
    const token = readSessionToken(c, env);
    if (token) await deleteSessionByToken(db, token);
    const staff = c.get('staff');
    if (staff) await audit(db, { actorId: staff.id, action: 'auth.sign_out' });
    clearSessionCookie(c, env);
    return c.body(null, 204);
  });

  app.get('/me', requireSignedIn(), (c) => {
    const { sessionId: _sessionId, ...me } = c.get('staff')!;
    return c.json(me satisfies Me);
  });

  // ── Authenticator app (TOTP, RFC 6238) ──────────────────────────────────────────────────────
  app.post('/totp/setup', requireSignedIn(), async (c) => {
    const staff = c.get('staff')!;
    // the body is optional (first set-up): read only when one is declared
    const { currentCode } = c.req.header('content-type') ? await parseJson(c, TotpSetupRequest) : {};
    const secret = newTotpSecret();
    const ok = await db.transaction(async (tx) => {
      const row = await lockStaff(tx, staff.id);
      if (!row) return false;
      if (row.totp_secret !== null) {
        // replacing the app: prove you hold the current one
        const current = currentCode ? openSecret(row.totp_secret, staff.id) : null;
        const step = current && currentCode ? verifyTotp(current, currentCode, lastStep(row)) : null;
        if (step === null) return false;
        await tx.query('update staff_users set totp_last_step = $2 where id = $1', [staff.id, step]);
      }
      await tx.query('update staff_users set totp_pending_secret = $2 where id = $1', [staff.id, seal(secret)]);
      return true;
    });
    if (!ok) {
      throw new ApiError(400, 'invalid_totp', 'Enter the code from the authenticator app you use now.', {
        currentCode: 'is not right',
      });
    }
    return c.json({ secret, uri: otpauthUri(secret, staff.email) } satisfies TotpSetup);
  });

  app.post('/totp/confirm', requireSignedIn(), async (c) => {
    const staff = c.get('staff')!;
    const { code } = await parseJson(c, TotpConfirm);
    const row = await db.transaction(async (tx) => {
      const current = await lockStaff(tx, staff.id);
      const pending = current?.totp_pending_secret ? openSecret(current.totp_pending_secret, staff.id) : null;
      const step = pending ? verifyTotp(pending, code, null) : null;
      if (!current || pending === null || step === null) return null;
      const [updated] = await tx.query<StaffRow>(
        `update staff_users set totp_secret = $3, totp_pending_secret = null, totp_last_step = $2
          where id = $1 returning *`,
        [staff.id, step, seal(pending)],
      );
      await audit(tx, { actorId: staff.id, action: 'auth.totp_enrolled' });
      return updated!;
    });
    if (!row)
      throw new ApiError(
        400,
        'invalid_totp',
        'That code is not right. Check the time on your phone and try the newest code.',
        { code: 'is not right' },
      );
    // more rights now (an admin's second factor): a new session id
    await signIn(c, row);
    return c.json(toMe(row));
  });

  // ── Staff accounts (admins) ─────────────────────────────────────────────────────────────────
  app.get('/staff', requireRole('admin'), async (c) => c.json({ staff: await listStaff(db) }));

  app.post('/staff', requireRole('admin'), async (c) => {
    const admin = c.get('staff')!;
    const input = await parseJson(c, CreateStaff);
    const districts = input.role === 'admin' ? null : (input.districts ?? null);
    if (input.role === 'admin' && input.districts) {
      throw new ApiError(400, 'invalid', 'An admin account covers every district.', {
        districts: 'must be empty for an admin',
      });
    }
    checkLanguages(input.role, input.languages);
    const password = input.password ?? generatePassword();
    const totpSecret = input.role === 'admin' ? newTotpSecret() : null;
    const created = await db.transaction(async (tx) => {
      const row = await insertStaff(tx, {
        email: input.email,
        role: input.role,
        districts,
        languages: input.languages ?? null,
        passwordHash: await hashPassword(password),
        totpSecret: totpSecret ? seal(totpSecret) : null,
      });
      if (!row) return null;
      await audit(tx, {
        actorId: admin.id,
        action: 'staff.create',
        details: { email: row.email, role: row.role, districts, languages: row.languages },
      });
      return row;
    });
    if (!created)
      throw new ApiError(409, 'email_taken', 'There is already an account with this email address.', {
        email: 'is already used',
      });
    const result: StaffSecrets = { staff: toStaffMember(created) };
    if (!input.password) result.password = password;
    if (totpSecret) Object.assign(result, { totpSecret, totpUri: otpauthUri(totpSecret, created.email) });
    return c.json(result, 201);
  });

  app.patch('/staff/:id', requireRole('admin'), async (c) => {
    const admin = c.get('staff')!;
    const target = await findStaffById(db, c.req.param('id'));
    if (!target) throw new ApiError(404, 'not_found', 'There is no such account.');
    const input = await parseJson(c, UpdateStaff);
    if (target.id === admin.id && (input.disabled || input.resetTotp)) {
      throw new ApiError(409, 'own_account', 'Ask another admin to disable your account or reset its code.');
    }
    if (target.role === 'admin' && input.districts) {
      throw new ApiError(400, 'invalid', 'An admin account covers every district.', {
        districts: 'must be empty for an admin',
      });
    }
    if (input.languages) checkLanguages(target.role, input.languages);
    const password = input.resetPassword ? generatePassword() : undefined;
    const totpSecret = input.resetTotp ? (target.role === 'admin' ? newTotpSecret() : null) : undefined;
    const updated = await db.transaction(async (tx) => {
      const row = await updateStaff(tx, target.id, {
        districts: input.districts,
        languages: input.languages,
        disabled: input.disabled,
        passwordHash: password ? await hashPassword(password) : undefined,
        totpSecret: totpSecret === undefined || totpSecret === null ? totpSecret : seal(totpSecret),
      });
      // anything that changes what a person may do ends their sessions
      if (
        input.disabled ||
        password ||
        totpSecret !== undefined ||
        input.districts !== undefined ||
        input.languages !== undefined
      )
        await deleteUserSessions(tx, target.id);
      const { resetPassword, resetTotp, ...changes } = input;
      await audit(tx, {
        actorId: admin.id,
        action: 'staff.update',
        details: { email: row.email, ...changes, resetPassword, resetTotp },
      });
      return row;
    });
    const result: StaffSecrets = { staff: toStaffMember(updated) };
    if (password) result.password = password;
    if (totpSecret) Object.assign(result, { totpSecret, totpUri: otpauthUri(totpSecret, updated.email) });
    return c.json(result);
  });

  app.get('/audit', requireRole('admin'), async (c) => {
    const query = parseQuery(c, AuditQuery);
    const { entries, total } = await listAudit(db, query);
    return c.json({ entries, total, page: query.page, pageSize: query.pageSize });
  });

  return app;
}
