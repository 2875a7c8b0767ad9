/**
 * Staff TOTP secrets at rest (SECURITY.md): sealed with AES-256-GCM under a 32-byte server key that is
 * never in the database, so a dump or backup of `staff_users` alone cannot make codes.
 *
 * Stored form: `v1:<iv>:<tag>:<ciphertext>` (base64url; a random 96-bit IV per seal, the 128-bit GCM tag,
 * the base32 secret as ciphertext, a fixed label as additional data). Rows written before sealing hold the
 * plain base32 secret: `openTotpSecret` still reads them, and they are sealed at start-up
 * (`sealPlainTotpSecrets`) and at the next sign-in.
 *
 * The key: `TOTP_KEY` (base64 of 32 bytes, checked in api/env.ts), else `<DATA_DIR>/totp.key`, made on the
 * first start (0600) and reused. A key that is there but malformed stops start-up; it is never replaced.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import type { Queryable } from '../../db/client';
import type { Env } from '../../env';
import { isKeyText, KEY_HINT } from '../../lib/key-text';

/** A secret as it may be written to `staff_users`: only `sealTotpSecret` makes one. */
export type SealedTotpSecret = string & { readonly __sealed: unique symbol };

export class TotpKeyError extends Error {}
/** A stored secret that is neither sealed under this key nor a plain base32 secret. */
export class TotpSecretError extends Error {}

const VERSION = 'v1';
const AAD = Buffer.from('care-leaver-hub:staff-totp-secret:v1');
const PLAIN = /^[A-Z2-7]+=*$/;
const B64URL = /^[A-Za-z0-9_-]+$/;

export const KEY_FILE = 'totp.key';

export function parseTotpKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  if (!isKeyText(trimmed)) throw new TotpKeyError(`${where} ${KEY_HINT}.`);
  return Buffer.from(trimmed, 'base64');
}

export interface LoadedTotpKey {
  key: Buffer;
  source: 'env' | 'file' | 'created';
  /** the key file, when the key is one */
  path?: string;
  /** the key file can be read by others than its owner */
  looseMode?: boolean;
}

/**
 * The server's key: TOTP_KEY, else `<DATA_DIR>/totp.key`, created with 32 random bytes (mode 0600) when it
 * does not exist. Throws TotpKeyError for a key file that is there but unreadable or malformed.
 */
export function loadTotpKey(env: Pick<Env, 'TOTP_KEY' | 'DATA_DIR'>): LoadedTotpKey {
  if (env.TOTP_KEY !== undefined) return { key: parseTotpKey(env.TOTP_KEY, 'TOTP_KEY'), source: 'env' };
  const dir = resolve(env.DATA_DIR);
  const path = join(dir, KEY_FILE);
  const read = (): LoadedTotpKey => {
    const key = parseTotpKey(readFileSync(path, 'utf8'), `The TOTP key file ${path} is malformed: it`);
    return { key, source: 'file', path, looseMode: (statSync(path).mode & 0o077) !== 0 };
  };
  try {
    return read();
  } catch (error) {
    if (error instanceof TotpKeyError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new TotpKeyError(`The TOTP key file ${path} cannot be read (${(error as Error).message}).`);
    }
  }
  try {
    return createKeyFile(dir, path, read);
  } catch (error) {
    if (error instanceof TotpKeyError) throw error;
    throw new TotpKeyError(
      `The TOTP key file ${path} cannot be made (${(error as NodeJS.ErrnoException).code ?? String(error)}): ` +
        "give the server's user write access to DATA_DIR, or set TOTP_KEY.",
    );
  }
}

/**
 * A new key, written whole under a temporary name and then linked into place: link() never replaces an
 * existing file, so two processes starting at once end up with the same key (the loser reads the winner's).
 */
function createKeyFile(dir: string, path: string, read: () => LoadedTotpKey): LoadedTotpKey {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${KEY_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeFileSync(fd, `${randomBytes(32).toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(tmp, 0o600);
  let created = true;
  try {
    linkSync(tmp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    created = false;
  } finally {
    unlinkSync(tmp);
  }
  syncDir(dir);
  const loaded = read();
  return created ? { ...loaded, source: 'created' } : loaded;
}

function syncDir(dir: string) {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not every platform can fsync a directory; the file itself has been flushed
  }
}

export const isSealedTotpSecret = (stored: string) => stored.startsWith(`${VERSION}:`);

export function sealTotpSecret(secret: string, key: Buffer): SealedTotpSecret {
  if (!PLAIN.test(secret)) throw new TotpSecretError('only a base32 TOTP secret can be sealed');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64url'), tag.toString('base64url'), ciphertext.toString('base64url')].join(
    ':',
  ) as SealedTotpSecret;
}

/** The base32 secret of a stored value: sealed under `key`, or (rows from before sealing) plain. */
export function openTotpSecret(stored: string, key: Buffer): string {
  if (PLAIN.test(stored)) return stored;
  const parts = stored.split(':');
  if (parts.length !== 4 || parts[0] !== VERSION || !parts.slice(1).every((p) => B64URL.test(p))) {
    throw new TotpSecretError('the stored TOTP secret is not in a known form');
  }
  const [, iv, tag, ciphertext] = parts.map((p) => Buffer.from(p, 'base64url')) as [Buffer, Buffer, Buffer, Buffer];
  if (iv.length !== 12 || tag.length !== 16 || ciphertext.length === 0)
    throw new TotpSecretError('the stored TOTP secret is not in a known form');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 }).setAAD(AAD).setAuthTag(tag);
    const secret = Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    if (!PLAIN.test(secret)) throw new Error('not base32');
    return secret;
  } catch {
    throw new TotpSecretError(
      'the stored TOTP secret cannot be opened with this key (another TOTP_KEY or totp.key?), or was changed',
    );
  }
}

/** `openTotpSecret`, or null (logged, without the secret or key) when it cannot be opened. */
export function openTotpSecretOrNull(stored: string, key: Buffer, userId: string): string | null {
  try {
    return openTotpSecret(stored, key);
  } catch (error) {
    console.error(
      `Staff account ${userId}: ${(error as Error).message}. ` +
        "Put the right key back, or have an admin reset the account's authenticator app.",
    );
    return null;
  }
}

/**
 * Server start-up: the key (a bad one throws TotpKeyError and stops start-up) and no plain secret left in
 * the database. Says what it did; never prints the key.
 */
export async function prepareTotpSecrets(
  env: Pick<Env, 'TOTP_KEY' | 'DATA_DIR'>,
  db: Queryable,
  log: Pick<Console, 'log' | 'warn'> = console,
) {
  const { key, source, path, looseMode } = loadTotpKey(env);
  const where = source === 'env' ? 'TOTP_KEY' : path!;
  if (source === 'created')
    log.log(
      `Created ${where}, the key to staff TOTP secrets. Back it up apart from the database backups (SECURITY.md).`,
    );
  if (looseMode) log.warn(`${where} can be read by other users of this machine: chmod 600 it.`);
  const result = await sealPlainTotpSecrets(db, key);
  if (result.sealed > 0) log.log(`Sealed ${result.sealed} staff TOTP secrets that were stored plain.`);
  if (result.unreadable > 0) {
    log.warn(
      `${result.unreadable} staff TOTP secrets cannot be opened with the key in ${where}: put back the key they were sealed with, ` +
        "or have an admin reset those accounts' authenticator apps (npm run user:create makes a new admin if none can sign in).",
    );
  }
  return { source, ...result };
}

/**
 * Start-up: seals every plain secret still in `staff_users` (rows from before sealing, or written by an
 * older server during an upgrade), so that dumps from now on hold none, not even for accounts that rarely
 * sign in; and counts sealed secrets this key cannot open (a lost or wrong key).
 */
export async function sealPlainTotpSecrets(
  db: Queryable,
  key: Buffer,
): Promise<{ sealed: number; unreadable: number }> {
  const rows = await db.query<{ id: string; totp_secret: string | null; totp_pending_secret: string | null }>(
    'select id, totp_secret, totp_pending_secret from staff_users where totp_secret is not null or totp_pending_secret is not null',
  );
  let sealed = 0;
  let unreadable = 0;
  for (const row of rows) {
    for (const column of ['totp_secret', 'totp_pending_secret'] as const) {
      const stored = row[column];
      if (stored === null) continue;
      if (PLAIN.test(stored)) {
        // only if the row still holds what we read: a concurrent change wins
        const updated = await db.query(
          `update staff_users set ${column} = $3 where id = $1 and ${column} = $2 returning id`,
          [row.id, stored, sealTotpSecret(stored, key)],
        );
        sealed += updated.length;
      } else {
        try {
          openTotpSecret(stored, key);
        } catch {
          unreadable += 1;
        }
      }
    }
  }
  return { sealed, unreadable };
}
