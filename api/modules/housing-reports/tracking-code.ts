/**
 * Tracking codes: what a young person keeps to follow a report, and all anyone needs to read its public
 * view, so they must not be guessable. 80 bits from the operating system's CSPRNG, written in Crockford's
 * base 32 (no I, L, O or U: nothing to misread) as `KNT-XXXX-XXXX-XXXX-XXXX`.
 */
import { randomFillSync } from 'node:crypto';
import { TRACKING_CODE_PATTERN } from '#contract';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TRACKING_CODE_BITS = 80;

/**
 * CSPRNG bytes filled 4 KB at a time (one call to the OS per 400 codes instead of one per code: a report
 * is created in well under a millisecond, issue 9); each code's bytes are zeroed once used.
 */
const pool = Buffer.alloc(4000);
let next = pool.length;

export function newTrackingCode(): string {
  if (next + 10 > pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  let chars = '';
  // 80 bits as two 40-bit numbers (exact in a double), 8 symbols of 5 bits each
  for (let half = 0; half < 2; half++, next += 5) {
    let bits = pool.readUIntBE(next, 5);
    pool.fill(0, next, next + 5);
    let part = '';
    for (let i = 0; i < 8; i++) {
      part = ALPHABET[bits % 32]! + part;
      bits = Math.floor(bits / 32);
    }
    chars += part;
  }
  return `KNT-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}-${chars.slice(12)}`;
}

/**
 * A code as a person might type it (lower case, spaces, O for 0, I or L for 1) in its stored form, or null
 * when it cannot be a tracking code (the caller answers 404, exactly as for an unknown code).
 */
export function normaliseTrackingCode(input: string): string | null {
  if (input.length > 40) return null;
  const compact = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!/^KNT[0-9A-Z]{16}$/.test(compact)) return null;
  const code = `KNT-${compact.slice(3).match(/.{4}/g)!.join('-')}`;
  return TRACKING_CODE_PATTERN.test(code) ? code : null;
}
