/**
 * API keys for Open311 partners (district councils, housing providers). A key is 256 random bits, shown
 * once when it is made; the database keeps only its SHA-256 (a fast hash is enough: the key is random, not
 * a password, so there is nothing to guess). `districts` null = every district. `scope`: what the key
 * reads, the reports of its districts or only the reports it submitted (contract/open311.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyScope } from '#contract';
import type { Queryable } from '../../db/client';
import { iso, isoOrNull } from '../../db/values';

export const KEY_PREFIX = 'o311_';
/** How many characters of the key the admin list shows, so keys can be told apart. */
const SHOWN_PREFIX_LENGTH = KEY_PREFIX.length + 6;
const KEY_PATTERN = /^o311_[A-Za-z0-9_-]{43}$/;

export interface ApiKey {
  id: string;
  name: string;
  keyPrefix: string;
  /** ONS codes, or null for every district. */
  districts: string[] | null;
  scope: ApiKeyScope;
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

interface ApiKeyRow {
  id: string;
  name: string;
  key_prefix: string;
  districts: string[] | null;
  scope: ApiKeyScope;
  created_by: string;
  created_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

const toApiKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  name: row.name,
  keyPrefix: row.key_prefix,
  districts: row.districts,
  scope: row.scope,
  createdBy: row.created_by,
  createdAt: iso(row.created_at),
  lastUsedAt: isoOrNull(row.last_used_at),
  revokedAt: isoOrNull(row.revoked_at),
});

export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export function generateKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

const COLUMNS = 'id, name, key_prefix, districts, scope, created_by, created_at, last_used_at, revoked_at';

/** Makes a key and returns it with the plain key: the only time the plain key exists outside the caller. */
export async function createApiKey(
  db: Queryable,
  input: { name: string; districts: string[] | null; scope?: ApiKeyScope; createdBy: string },
): Promise<{ apiKey: ApiKey; key: string }> {
  const key = generateKey();
  const districts = input.districts === null ? null : [...new Set(input.districts)].sort();
  const [row] = await db.query<ApiKeyRow>(
    `insert into api_keys (name, key_hash, key_prefix, districts, scope, created_by)
     values ($1, $2, $3, $4, $5, $6) returning ${COLUMNS}`,
    [
      input.name,
      hashKey(key),
      key.slice(0, SHOWN_PREFIX_LENGTH),
      districts,
      input.scope ?? 'districts',
      input.createdBy,
    ],
  );
  return { apiKey: toApiKey(row!), key };
}

export async function listApiKeys(db: Queryable): Promise<ApiKey[]> {
  const rows = await db.query<ApiKeyRow>(`select ${COLUMNS} from api_keys order by created_at desc, name`);
  return rows.map(toApiKey);
}

/** Revokes a key (kept for the record: reports created with it still point at it). Null if unknown. */
export async function revokeApiKey(db: Queryable, id: string): Promise<ApiKey | null> {
  const [row] = await db.query<ApiKeyRow>(
    `update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1 returning ${COLUMNS}`,
    [id],
  );
  return row ? toApiKey(row) : null;
}

/**
 * The active key matching a plain key, or null (unknown, malformed or revoked). Records when it was last
 * used, at most once a minute, so a busy partner does not write on every request.
 */
export async function findActiveKey(db: Queryable, key: string): Promise<ApiKey | null> {
  if (!KEY_PATTERN.test(key)) return null;
  const [row] = await db.query<ApiKeyRow>(
    `select ${COLUMNS} from api_keys where key_hash = $1 and revoked_at is null`,
    [hashKey(key)],
  );
  if (!row) return null;
  const lastUsed = row.last_used_at === null ? 0 : new Date(row.last_used_at).getTime();
  if (Date.now() - lastUsed > 60_000) {
    await db.query('update api_keys set last_used_at = now() where id = $1', [row.id]);
  }
  return toApiKey(row);
}

/** Whether the key may submit reports in a district. */
export const keyCoversDistrict = (key: ApiKey, district: string): boolean =>
  key.districts === null || key.districts.includes(district);
