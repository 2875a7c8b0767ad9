/**
 * `npm run content:export -- --out pack.json [--version <n>]`: writes a published version (the current one
 * by default) as one JSON document.
 * `npm run content:import -- pack.json`: checks a pack with the build's schemas and makes it the draft
 * (replacing the draft there was). Nothing is live until an editor publishes it. Facts may still lack a
 * source in the draft; publishing refuses them. On PGlite run it while the server is stopped.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openDb } from '../db/client';
import { prepareDatabase } from '../db/prepare';
import type { Env } from '../env';
import { draftProblems, withShippedTemplates } from '../lib/content-pack';
import { currentVersion, packOf, replaceDraft } from '../modules/content/content.queries';
import type { PackDocument } from '#contract';
import { CliError } from './cli-error';

const EXPORT_USAGE = 'Usage: npm run content:export -- --out <file.json> [--version <n>]';
const IMPORT_USAGE = 'Usage: npm run content:import -- <file.json>';

function parse<T extends Record<string, { type: 'string' }>>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true });
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\n${usage}`, 2);
  }
}

async function withDb<T>(env: Env, fn: (db: Awaited<ReturnType<typeof openDb>>) => Promise<T>): Promise<T> {
  const db = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await prepareDatabase(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

export async function contentExport(args: string[], env: Env): Promise<void> {
  const { values, positionals } = parse(args, { out: { type: 'string' }, version: { type: 'string' } }, EXPORT_USAGE);
  if (!values.out || positionals.length) throw new CliError(EXPORT_USAGE, 2);
  if (values.version !== undefined && !/^[1-9][0-9]{0,8}$/.test(values.version))
    throw new CliError(`--version must be a version number.\n${EXPORT_USAGE}`, 2);
  await withDb(env, async (db) => {
    const n = values.version ? Number(values.version) : (await currentVersion(db))!.version;
    const pack = await packOf(db, n);
    if (!pack) throw new CliError(`There is no published version ${n}.`);
    await writeFile(values.out!, `${JSON.stringify(pack, null, 2)}\n`);
    console.log(`Wrote version ${n} to ${values.out}.`);
  });
}

export async function contentImport(args: string[], env: Env): Promise<void> {
  const { positionals } = parse(args, {}, IMPORT_USAGE);
  if (positionals.length !== 1) throw new CliError(IMPORT_USAGE, 2);
  const file = positionals[0]!;
  let pack: unknown;
  try {
    pack = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CliError(`Cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const problems = Object.entries(draftProblems(pack));
  if (problems.length) {
    const shown = problems.slice(0, 20).map(([path, problem]) => `  ${path}: ${problem}`);
    throw new CliError(`${file} is not a valid content pack (${problems.length} problems):\n${shown.join('\n')}`);
  }
  await withDb(env, async (db) => {
    // a pack exported before templates were part of it keeps the templates, as its version would
    const keys = await db.transaction((tx) => replaceDraft(tx, withShippedTemplates(pack as PackDocument), null));
    const current = (await currentVersion(db))!;
    console.log(
      `Imported ${file} as the draft: ${keys.length} items differ from version ${current.version}. Nothing is live until an editor publishes it.`,
    );
  });
}
