/**
 * Tracking codes: what a young person keeps to follow a report, and all anyone needs to read its public
 * view, so they must not be guessable. 80 bits from the operating system's CSPRNG, written in Crockford's
 * base 32 (no I, L, O or U: nothing to misread) as `KNT-XXXX-XXXX-XXXX-XXXX`.
 */
import { randomBytes } from 'node:crypto';
import { TRACKING_CODE_PATTERN } from '#contract';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TRACKING_CODE_BITS = 80;

export function newTrackingCode(): string {
  const bytes = randomBytes(TRACKING_CODE_BITS / 8);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let chars = '';
  for (let i = 0; i < TRACKING_CODE_BITS / 5; i++) {
    chars = ALPHABET[Number(bits & 31n)]! + chars;
    bits >>= 5n;
  }
  return `KNT-${chars.match(/.{4}/g)!.join('-')}`;
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
