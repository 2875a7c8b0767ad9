/** Standard base64 (padded or not) or base64url of exactly 32 bytes. */
const KEY_TEXT = /^(?:[A-Za-z0-9+/]{43}=?|[A-Za-z0-9_-]{43})$/;

export const KEY_HINT = 'must be 32 random bytes in base64, e.g. the output of `openssl rand -base64 32`';

/** True when `text` is a well-formed 32-byte key (env.ts checks TOTP_KEY with it before anything reads it). */
export const isKeyText = (text: string) => KEY_TEXT.test(text) && Buffer.from(text, 'base64').length === 32;
