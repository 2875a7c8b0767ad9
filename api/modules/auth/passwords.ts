/**
 * Password hashes with scrypt (node:crypto, no dependency). The stored string carries its parameters and
 * its own random salt, `scrypt$N$r$p$salt$hash` (base64url), so the cost can be raised later and old hashes
 * still verify. N = 2^15, r = 8, p = 1 follows OWASP's scrypt guidance (about 50 ms here).
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(
      password.normalize('NFKC'),
      salt,
      keylen,
      { ...options, maxmem: 256 * options.N! * options.r! },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Spends the same time as a real check, for unknown emails: the answer time does not say who has an account. */
let dummyHash: Promise<string> | undefined;
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummyHash ??= hashPassword('not a real password');
  await verifyPassword(password, await dummyHash);
  return false;
}

/** A strong password for a new account: 20 characters from a 56-letter alphabet (≈ 116 bits). */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(40);
  let out = '';
  // rejection sampling keeps every letter equally likely
  for (const b of bytes) if (b < 224 && out.length < 20) out += alphabet[b % 56];
  return out.length === 20 ? out : generatePassword();
}
