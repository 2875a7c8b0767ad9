/**
 * New tracking codes: what a young person keeps to follow a report, and all anyone needs to read its public
 * view, so they must not be guessable. 11 symbols from the operating system's CSPRNG and a check symbol
 * (api/contract/tracking-code.ts says how they are written and read back).
 */
import { randomFillSync } from 'node:crypto';
import { formatTrackingCode, TRACKING_ALPHABET, TRACKING_CODE_RANDOM_SYMBOLS, trackingCheckSymbol } from '#contract';

/**
 * CSPRNG bytes filled 4 KB at a time (one call to the OS per few hundred codes instead of one per code: a
 * report is created in well under a millisecond); each code's bytes are zeroed once used.
 */
const pool = Buffer.alloc(4092);
let next = pool.length;

export function newTrackingCode(): string {
  if (next + TRACKING_CODE_RANDOM_SYMBOLS > pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  let symbols = '';
  // 5 bits of each byte: 256 is a multiple of 32, so every symbol is equally likely
  for (let i = 0; i < TRACKING_CODE_RANDOM_SYMBOLS; i++, next++) symbols += TRACKING_ALPHABET[pool[next]! & 31]!;
  pool.fill(0, next - TRACKING_CODE_RANDOM_SYMBOLS, next);
  return formatTrackingCode(symbols + trackingCheckSymbol(symbols));
}
