/** SQL for staff accounts (api/db/migrations/003-staff.sql). */
import type { Me, StaffMember, StaffRole } from '#contract';
import type { Queryable } from '../../db/client';
import type { SealedTotpSecret } from './totp-secrets';
import { iso, isoOrNull } from '../../db/values';

export interface StaffRow {
  id: string;
  email: string;
  role: StaffRole;
  districts: string[] | null;
  languages: string[] | null;
  password_hash: string;
  /** sealed (totp-secrets.ts), or plain base32 in rows from before sealing: read with openTotpSecret */
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: number | string | null;
  disabled_at: Date | string | null;
  created_at: Date | string;
}

/** What a signed-in staff member is told about their own account. */
export const toMe = (row: StaffRow): Me => ({
  id: row.id,
  email: row.email,
  role: row.role,
  districts: row.districts,
  languages: row.languages,
  totpEnabled: row.totp_secret !== null,
});

/** An account as an admin sees it in the staff list: also whether and since when it is turned off. */
export const toStaffMember = (row: StaffRow): StaffMember => ({
  ...toMe(row),
  disabledAt: isoOrNull(row.disabled_at),
  createdAt: iso(row.created_at),
});

export async function findStaffByEmail(db: Queryable, email: string): Promise<StaffRow | null> {
  return (await db.query<StaffRow>('select * from staff_users where email = $1', [email.toLowerCase()]))[0] ?? null;
}

export async function findStaffById(db: Queryable, id: string): Promise<StaffRow | null> {
  if (!UUID.test(id)) return null;
  return (await db.query<StaffRow>('select * from staff_users where id = $1', [id]))[0] ?? null;
}

/** Locks the row for the rest of the transaction (TOTP steps, account changes). */
export async function lockStaff(db: Queryable, id: string): Promise<StaffRow | null> {
  return (await db.query<StaffRow>('select * from staff_users where id = $1 for update', [id]))[0] ?? null;
}

export async function listStaff(db: Queryable): Promise<StaffMember[]> {
  return (await db.query<StaffRow>('select * from staff_users order by disabled_at is not null, role, email')).map(
    toStaffMember,
  );
}

export async function insertStaff(
  db: Queryable,
  input: {
    email: string;
    role: StaffRole;
    districts: string[] | null;
    languages?: string[] | null;
    passwordHash: string;
    totpSecret: SealedTotpSecret | null;
  },
): Promise<StaffRow | null> {
  const rows = await db.query<StaffRow>(
    `insert into staff_users (email, role, districts, password_hash, totp_secret, languages)
     values ($1, $2, $3::text[], $4, $5, $6::text[])
     on conflict (email) do nothing
     returning *`,
    [
      input.email.toLowerCase(),
      input.role,
      input.districts,
      input.passwordHash,
      input.totpSecret,
      input.languages ?? null,
    ],
  );
  return rows[0] ?? null;
}

export async function updateStaff(
  db: Queryable,
  id: string,
  changes: Partial<{
    districts: string[] | null;
    languages: string[];
    disabled: boolean;
    passwordHash: string;
    totpSecret: SealedTotpSecret | null;
  }>,
): Promise<StaffRow> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    sets.push(sql.replace('?', `$${params.length}`));
  };
  if (changes.districts !== undefined) add('districts = ?::text[]', changes.districts);
  if (changes.languages !== undefined) add('languages = ?::text[]', changes.languages);
  if (changes.disabled !== undefined)
    sets.push(changes.disabled ? 'disabled_at = coalesce(disabled_at, now())' : 'disabled_at = null');
  if (changes.passwordHash !== undefined) add('password_hash = ?', changes.passwordHash);
  if (changes.totpSecret !== undefined) {
    add('totp_secret = ?', changes.totpSecret);
    sets.push('totp_pending_secret = null', 'totp_last_step = null');
  }
  const rows = await db.query<StaffRow>(`update staff_users set ${sets.join(', ')} where id = $1 returning *`, params);
  return rows[0]!;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
