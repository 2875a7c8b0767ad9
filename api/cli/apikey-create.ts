/**
 * `npm run apikey:create -- --name "Thanet District Council" [--districts E07000114,E07000108] [--own]`:
 * makes an Open311 API key (api/modules/open311/open311.keys.ts) and prints it once; only its hash is
 * stored. Without --districts the key covers every district; with --own it reads only the requests it
 * submits (a housing provider's key), else every report of its districts (a council's). Admins can also make and revoke keys in the app
 * (/api/admin/api-keys). On PGlite (one process per DATA_DIR) run it while the server is stopped.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { CreateApiKey } from '../contract/open311';
import { openDb } from '../db/client';
import { prepareDatabase } from '../db/prepare';
import type { Env } from '../env';
import { districtName } from '../lib/content';
import { createApiKey } from '../modules/open311/open311.keys';
import { DISTRICT_NAMES, districtCodes } from './district-option';
import { CliError } from './cli-error';

const USAGE = `Usage: npm run apikey:create -- --name "<partner>" [--districts <name or ONS code>,…] [--own]\nDistricts: ${DISTRICT_NAMES}`;

export async function apikeyCreate(args: string[], env: Env): Promise<void> {
  let values: { name?: string; districts?: string; own?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: { name: { type: 'string' }, districts: { type: 'string' }, own: { type: 'boolean' } },
    }));
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, 2);
  }
  const districts = districtCodes(values.districts);
  const parsed = CreateApiKey.safeParse({
    name: values.name ?? '',
    districts,
    scope: values.own ? 'own' : 'districts',
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  --${String(i.path[0] ?? 'name')}: ${i.message}`).join('\n');
    throw new CliError(`${problems}\n${USAGE}`, 2);
  }

  const db = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await prepareDatabase(db);
    const { apiKey, key } = await createApiKey(db, { ...parsed.data, createdBy: `cli:${safeUser()}` });
    const where =
      apiKey.districts === null
        ? 'every district'
        : apiKey.districts.map((d) => `${districtName(d)} (${d})`).join(', ');
    const reads = apiKey.scope === 'own' ? 'reads only the requests it submits' : 'reads every report there';
    console.log(`API key "${apiKey.name}" (id ${apiKey.id}) for ${where}; it ${reads}:`);
    console.log('');
    console.log(`  ${key}`);
    console.log('');
    console.log('It is shown this once and cannot be recovered: give it to the partner through a safe channel.');
    console.log(
      'Send it as api_key (or the X-Api-Key header) to /open311/v2/. Revoke it in the app (Staff → API keys).',
    );
  } finally {
    await db.close();
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
