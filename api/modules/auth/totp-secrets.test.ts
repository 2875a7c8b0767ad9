import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEnv } from '../../env';
import { newTotpSecret } from './totp';
import {
  isSealedTotpSecret,
  loadTotpKey,
  openTotpSecret,
  sealTotpSecret,
  TotpKeyError,
  TotpSecretError,
} from './totp-secrets';

const key = randomBytes(32);
const secret = newTotpSecret();
const root = mkdtempSync(join(tmpdir(), 'clh-totp-key-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The sealed value with one byte of part `index` (1 iv, 2 tag, 3 ciphertext) changed. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join(':');
}

describe('sealTotpSecret / openTotpSecret', () => {
  it('round trip: the sealed form is v1:iv:tag:ciphertext, holds no trace of the secret, and opens to it', () => {
    const sealed = sealTotpSecret(secret, key);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(secret);
    expect(sealed.toUpperCase()).not.toContain(secret.slice(0, 8));
    expect(isSealedTotpSecret(sealed)).toBe(true);
    expect(openTotpSecret(sealed, key)).toBe(secret);
  });

  it('a new IV every time: the same secret never seals to the same text', () => {
    const sealed = new Set(Array.from({ length: 20 }, () => sealTotpSecret(secret, key)));
    expect(sealed.size).toBe(20);
    for (const s of sealed) expect(openTotpSecret(s, key)).toBe(secret);
  });

  it.each([
    ['iv', 1],
    ['tag', 2],
    ['ciphertext', 3],
  ])('a changed %s does not open', (_, index) => {
    const sealed = sealTotpSecret(secret, key);
    expect(() => openTotpSecret(tamper(sealed, index), key)).toThrow(TotpSecretError);
  });

  it('another key does not open it', () => {
    const sealed = sealTotpSecret(secret, key);
    expect(() => openTotpSecret(sealed, randomBytes(32))).toThrow(TotpSecretError);
    // one bit off is another key too
    const near = Buffer.from(key);
    near[31] = near[31]! ^ 0x80;
    expect(() => openTotpSecret(sealed, near)).toThrow(/cannot be opened with this key/);
  });

  it('a legacy plain base32 secret (a row from before sealing) still opens, as itself', () => {
    expect(isSealedTotpSecret(secret)).toBe(false);
    expect(openTotpSecret(secret, key)).toBe(secret);
  });

  it.each([
    '',
    'v1:',
    'v1:a:b:c',
    'v2:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA',
    'jbswy3dpehpk3pxp',
    'v1:!!:??:**',
    `${secret}:x`,
  ])('refuses a stored value in no known form: %j', (stored) => {
    expect(() => openTotpSecret(stored, key)).toThrow(TotpSecretError);
  });

  it('a sealed value cut short does not open', () => {
    const sealed = sealTotpSecret(secret, key);
    expect(() => openTotpSecret(sealed.slice(0, -4), key)).toThrow(TotpSecretError);
  });

  it('seals only base32 secrets (never a sealed one twice)', () => {
    expect(() => sealTotpSecret(sealTotpSecret(secret, key), key)).toThrow(TotpSecretError);
    expect(() => sealTotpSecret('', key)).toThrow(TotpSecretError);
  });
});

describe('TOTP_KEY in the configuration', () => {
  const good = randomBytes(32);

  it.each([
    ['standard base64', good.toString('base64')],
    ['base64 without padding', good.toString('base64').replace(/=$/, '')],
    ['base64url', good.toString('base64url')],
    ['with a trailing newline', `${good.toString('base64')}\n`],
  ])('accepts %s of 32 bytes', (_, text) => {
    const env = readEnv({ TOTP_KEY: text });
    expect(loadTotpKey({ ...env, DATA_DIR: join(root, 'unused') })).toEqual({ key: good, source: 'env' });
    // the environment's key wins: no key file is made
    expect(existsSync(join(root, 'unused'))).toBe(false);
  });

  it.each([
    ['too short (31 bytes)', randomBytes(31).toString('base64')],
    ['too long (33 bytes)', randomBytes(33).toString('base64')],
    ['hex, not base64', randomBytes(32).toString('hex')],
    ['empty', ''],
    ['a passphrase', 'correct horse battery staple correct horse b'],
  ])('refuses a key that is %s, naming TOTP_KEY but never printing the value', (_, text) => {
    let message = '';
    try {
      readEnv({ TOTP_KEY: text });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/Invalid configuration:\n {2}TOTP_KEY: must be 32 random bytes in base64/);
    if (text) expect(message).not.toContain(text);
  });

  it('unset is fine (the key file is used)', () => {
    expect(readEnv({}).TOTP_KEY).toBeUndefined();
  });
});

describe('the key file <DATA_DIR>/totp.key', () => {
  it('is made on first use (32 random bytes in base64, mode 0600) and the same key is used after', () => {
    const dataDir = join(root, 'fresh');
    const first = loadTotpKey({ DATA_DIR: dataDir });
    expect(first.source).toBe('created');
    expect(first.path).toBe(join(dataDir, 'totp.key'));
    expect(first.key).toHaveLength(32);
    expect(statSync(first.path!).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(first.path!, 'utf8').trim(), 'base64')).toEqual(first.key);
    // no temporary file left beside it
    expect(readdirSync(dataDir)).toEqual(['totp.key']);

    const again = loadTotpKey({ DATA_DIR: dataDir });
    expect(again).toEqual({ key: first.key, source: 'file', path: first.path, looseMode: false });
    // another directory, another key
    expect(loadTotpKey({ DATA_DIR: join(root, 'other') }).key.equals(first.key)).toBe(false);
  });

  it('a key file others can read still works, and says so', () => {
    const dataDir = join(root, 'loose');
    const { path } = loadTotpKey({ DATA_DIR: dataDir });
    chmodSync(path!, 0o644);
    expect(loadTotpKey({ DATA_DIR: dataDir }).looseMode).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['truncated', randomBytes(32).toString('base64').slice(0, 30)],
    ['raw bytes', randomBytes(32)],
  ])('a malformed (%s) key file stops with a clear message and is never replaced', (what, content) => {
    const dataDir = join(root, `bad-${what}`);
    loadTotpKey({ DATA_DIR: dataDir });
    const path = join(dataDir, 'totp.key');
    writeFileSync(path, content);
    const before = readFileSync(path);
    expect(() => loadTotpKey({ DATA_DIR: dataDir })).toThrow(TotpKeyError);
    expect(() => loadTotpKey({ DATA_DIR: dataDir })).toThrow(
      `The TOTP key file ${path} is malformed: it must be 32 random bytes in base64`,
    );
    expect(readFileSync(path)).toEqual(before);
  });
});
