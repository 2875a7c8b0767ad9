/**
 * `npm run content:export` and `content:import` (api/cli/content-transfer.ts) on an embedded database in
 * a DATA_DIR, as a council runs them: export a version, import a pack as the draft (checked by the build's
 * schemas), never live until published.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PackDocument } from '#contract';
import { contentExport, contentImport } from '../../api/cli/content-transfer';
import { userCreate } from '../../api/cli/user-create';
import { openPglite } from '../../api/db/client';
import { prepareDatabase } from '../../api/db/prepare';
import { defaultEnv } from '../../api/env';
import { shippedPack } from '../../api/lib/content-pack';

const root = mkdtempSync(join(tmpdir(), 'content-transfer-'));
const env = defaultEnv({ NODE_ENV: 'test', DATA_DIR: join(root, 'data') });
const file = (name: string) => join(root, name);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function inDb<T>(fn: (db: Awaited<ReturnType<typeof openPglite>>) => Promise<T>): Promise<T> {
  const db = await openPglite(env.DATA_DIR);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe('content export and import', () => {
  // a new DATA_DIR: the migrations and version 1, written to disk once
  beforeAll(() => inDb(prepareDatabase), 180_000);

  it('exports the current version as one JSON document', async () => {
    await contentExport(['--out', file('v1.json')], env);
    expect(JSON.parse(readFileSync(file('v1.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(shippedPack)));
    await expect(contentExport(['--out', file('v9.json'), '--version', '9'], env)).rejects.toThrow(
      /no published version 9/,
    );
    await expect(contentExport([], env)).rejects.toThrow(/Usage/);
  });

  it('imports a pack as the draft, not live', async () => {
    const pack = JSON.parse(readFileSync(file('v1.json'), 'utf8')) as PackDocument;
    pack.text.en!.entitlements.setting_up_home!.summary = 'Money for your first home, from another council.';
    // a fact without its source may wait in the draft; publishing refuses it (content-studio.test.ts)
    delete (pack.contacts[0] as Partial<(typeof pack.contacts)[0]>).source;
    writeFileSync(file('other.json'), JSON.stringify(pack));
    await contentImport([file('other.json')], env);
    await inDb(async (db) => {
      const drafts = await db.query<{ key: string }>('select key from content_drafts order by key');
      expect(drafts.map((d) => d.key)).toEqual([
        `contacts.${pack.contacts[0]!.id}`,
        'text.en.entitlements.setting_up_home',
      ]);
      expect(await db.query('select version from content_versions')).toHaveLength(1);
      const [audit] = await db.query<{ details: { items: number; basedOn: number } }>(
        `select details from audit_log where action = 'content.import'`,
      );
      expect(audit!.details).toMatchObject({ items: 2, basedOn: 1 });
    });
  });

  it('refuses a pack the build schemas refuse, and keeps the draft there was', async () => {
    const pack = JSON.parse(readFileSync(file('v1.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(file('broken.json'), JSON.stringify({ ...pack, entitlements: [{ id: 'Not Snake' }] }));
    await expect(contentImport([file('broken.json')], env)).rejects.toThrow(
      /not a valid content pack[\s\S]*entitlements\.Not Snake\.theme/,
    );
    writeFileSync(file('not-json.json'), '{"manifest":');
    await expect(contentImport([file('not-json.json')], env)).rejects.toThrow(/Cannot read/);
    await inDb(async (db) => expect(await db.query('select key from content_drafts')).toHaveLength(2));
  });

  it('importing the published pack again leaves nothing to publish', async () => {
    await contentImport([file('v1.json')], env);
    await inDb(async (db) => expect(await db.query('select key from content_drafts')).toHaveLength(0));
  });
});

describe('npm run user:create for the content roles', () => {
  // refused before any password is read or any account is made
  it.each([
    [['--role', 'translator'], /--languages: a translator needs/],
    [['--role', 'translator', '--languages', 'en'], /--languages: must be a language code other than en/],
    [['--role', 'translator', '--languages', 'ar,ar'], /--languages: must not repeat/],
    [['--role', 'pa', '--languages', 'ar'], /--languages: only a translator/],
    [['--role', 'writer'], /--role: must be pa, commissioner, admin, editor or translator/],
  ])('%j is refused', async (args, message) => {
    await expect(userCreate(['--email', 'someone@example.test', ...args], env)).rejects.toThrow(message);
  });
});
