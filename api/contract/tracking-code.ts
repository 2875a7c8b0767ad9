/**
 * Tracking codes as people read, say and type them. No Hono, DB or Vue imports: the phone checks a typed
 * code with the same function the API uses to look it up.
 *
 * A code is 11 random symbols and a check symbol, written `XXXX-XXXX-XXXX`: 12 symbols from Crockford's
 * base 32 (digits and capitals without I, L, O or U, so nothing reads as something else), 55 random bits.
 * The check symbol (Luhn mod 32) catches any one symbol typed wrong and most swapped neighbours, so the
 * phone can say "check the code" before asking the server. Codes made before this format,
 * `KNT-XXXX-XXXX-XXXX-XXXX` (80 random bits, no check symbol), are still read.
 */

export const TRACKING_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Random symbols in a code (the 12th is the check symbol). */
export const TRACKING_CODE_RANDOM_SYMBOLS = 11;
export const TRACKING_CODE_BITS = TRACKING_CODE_RANDOM_SYMBOLS * 5;
/** A new code: 12 symbols in groups of four. */
export const TRACKING_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
/** A code made before the short format. */
export const LEGACY_TRACKING_CODE_PATTERN = /^KNT(-[0-9A-HJKMNP-TV-Z]{4}){4}$/;
/** Longest text worth reading as a code (a pasted legacy code with spaces around it). */
const TYPED_MAX = 40;

/** Luhn mod 32 over `symbols`, read from the right; `withCheck` when the last symbol is the check symbol. */
function luhnSum(symbols: string, withCheck: boolean): number {
  let sum = 0;
  let double = !withCheck;
  for (let i = symbols.length - 1; i >= 0; i--) {
    let n = TRACKING_ALPHABET.indexOf(symbols[i]!);
    if (double) n *= 2;
    sum += Math.floor(n / 32) + (n % 32);
    double = !double;
  }
  return sum % 32;
}

/** The check symbol of 11 random symbols. */
export function trackingCheckSymbol(symbols: string): string {
  return TRACKING_ALPHABET[(32 - luhnSum(symbols, false)) % 32]!;
}

/** 12 symbols (no dashes) in the written form. */
export const formatTrackingCode = (symbols: string) =>
  `${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8)}`;

/** A code or part of one as typed, in the symbols it stands for (no spaces or dashes, O as 0, I and L as 1). */
export const compactCode = (input: string) =>
  input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');

/**
 * A code as a person might type or paste it (lower case, spaces, dashes or none, O for 0, I or L for 1)
 * in its stored form, or null when it cannot be a tracking code: wrong length, a symbol outside the
 * alphabet, or a check symbol that does not match.
 */
export function normaliseTrackingCode(input: string): string | null {
  if (input.length > TYPED_MAX) return null;
  const compact = compactCode(input);
  if (/^[0-9A-HJKMNP-TV-Z]{12}$/.test(compact))
    return luhnSum(compact, true) === 0 ? formatTrackingCode(compact) : null;
  if (/^KNT[0-9A-HJKMNP-TV-Z]{16}$/.test(compact)) return `KNT-${compact.slice(3).match(/.{4}/g)!.join('-')}`;
  return null;
}
