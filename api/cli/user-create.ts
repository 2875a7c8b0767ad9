/**
 * `npm run user:create -- --email <address> --role pa|commissioner|admin|editor|translator
 * [--districts E07000114,…|all] [--languages ar,ti]`: makes a staff account. A commissioner needs
 * `--districts`: the districts they cover, or `all`; a translator needs `--languages`, the languages they
 * translate. The password is read from standard input when something is piped in
 * (`printf '%s' "$PASSWORD" | npm run user:create -- …`); otherwise a strong one is generated and printed
 * once. An admin account always gets a TOTP secret (admins must use an authenticator app), printed once as
 * an otpauth:// URI, and stored sealed with the server's key (TOTP_KEY, or DATA_DIR/totp.key, made if
 * missing): run it with the server's configuration. On PGlite (one process per DATA_DIR) run it while the
 * server is stopped.
 */
import { parseArgs } from 'node:util';
import { PASSWORD_MAX, PASSWORD_MIN, StaffDistricts, StaffEmail, StaffLanguages, StaffRole } from '../contract/staff';
import { openDb } from '../db/client';
import { prepareDatabase } from '../db/prepare';
import type { Env } from '../env';
import { insertStaff } from '../modules/auth/auth.queries';
import { audit } from '../modules/auth/audit';
import { generatePassword, hashPassword } from '../modules/auth/passwords';
import { newTotpSecret, otpauthUri } from '../modules/auth/totp';
import { loadTotpKey, sealTotpSecret } from '../modules/auth/totp-secrets';
import { DISTRICT_NAMES, districtCodes } from './district-option';
import { CliError } from './cli-error';

const USAGE = [
  'Usage: npm run user:create -- --email <address> --role pa|commissioner|admin|editor|translator',
  '  [--districts <name or ONS code>,…|all] [--languages ar,ti] (a commissioner needs --districts, a translator --languages)',
  `Districts: ${DISTRICT_NAMES}`,
].join('\n');

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export async function userCreate(args: string[], env: Env): Promise<void> {
  let values: { email?: string; role?: string; districts?: string; languages?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        email: { type: 'string' },
        role: { type: 'string' },
        districts: { type: 'string' },
        languages: { type: 'string' },
      },
    }));
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, 2);
  }
  const problems: string[] = [];
  const email = StaffEmail.safeParse(values.email ?? '');
  const role = StaffRole.safeParse(values.role ?? '');
  const list = districtCodes(values.districts);
  const districts = list === null ? { success: true as const, data: null } : StaffDistricts.safeParse(list);
  if (!email.success) problems.push(`  --email: ${email.error.issues[0]!.message}`);
  if (!role.success) problems.push(`  --role: ${role.error.issues[0]!.message}`);
  if (!districts.success) problems.push(`  --districts: ${districts.error.issues[0]!.message}`);
  const languageList = values.languages
    ?.split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  const languages =
    languageList === undefined ? { success: true as const, data: undefined } : StaffLanguages.safeParse(languageList);
  if (!languages.success) problems.push(`  --languages: ${languages.error.issues[0]!.message}`);
  if (role.success && role.data === 'translator' && languages.success && !languages.data)
    problems.push('  --languages: a translator needs the languages they translate');
  if (role.success && role.data !== 'translator' && languages.success && languages.data)
    problems.push('  --languages: only a translator holds languages');
  if (role.success && role.data === 'admin' && districts.success && districts.data)
    problems.push('  --districts: an admin covers every district');
  // every district must be a choice someone made, never what a forgotten option gives
  if (role.success && role.data === 'commissioner' && values.districts === undefined) {
    problems.push(
      '  --districts: say which districts this commissioner covers (names or ONS codes, comma-separated), or --districts all for every district',
    );
  }
  if (problems.length || !email.success || !role.success || !districts.success || !languages.success)
    throw new CliError(`${problems.join('\n')}\n${USAGE}`, 2);

  const piped = await readStdin();
  if (piped && (piped.length < PASSWORD_MIN || piped.length > PASSWORD_MAX)) {
    throw new CliError(`The password on standard input must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters.`, 2);
  }
  const password = piped || generatePassword();
  const totpSecret = role.data === 'admin' ? newTotpSecret() : null;

  const db = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await prepareDatabase(db);
    // the same key as the server's (TOTP_KEY or DATA_DIR/totp.key): run it with the server's configuration
    const totpKey = totpSecret ? loadTotpKey(env) : null;
    if (totpKey?.source === 'created')
      console.log(
        `Created ${totpKey.path}, the key to staff TOTP secrets: the server must use the same one. Back it up apart from the database.`,
      );
    const sealed = totpSecret && totpKey ? sealTotpSecret(totpSecret, totpKey.key) : null;
    const row = await db.transaction(async (tx) => {
      const created = await insertStaff(tx, {
        email: email.data,
        role: role.data,
        districts: districts.data,
        languages: languages.data ?? null,
        passwordHash: await hashPassword(password),
        totpSecret: sealed,
      });
      if (created)
        await audit(tx, {
          actorId: null,
          action: 'staff.create',
          details: {
            email: created.email,
            role: created.role,
            districts: created.districts,
            languages: created.languages,
            by: 'cli',
          },
        });
      return created;
    });
    if (!row)
      throw new CliError(`There is already an account for ${email.data}. An admin can reset its password in the app.`);
    const scope =
      (row.districts ? row.districts.join(', ') : 'every district') +
      (row.languages ? `; languages ${row.languages.join(', ')}` : '');
    console.log(`Created ${row.role} ${row.email} (${scope}).`);
    if (!piped) console.log(`Password (shown this once): ${password}`);
    if (totpSecret) {
      console.log('Second factor (required for admins): add this to an authenticator app, shown this once:');
      console.log(`  ${otpauthUri(totpSecret, row.email)}`);
      console.log(`  or type the key: ${totpSecret}`);
    }
  } finally {
    await db.close();
  }
}
