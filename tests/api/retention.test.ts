/**
 * Photos, contact details and exact locations of reports closed or resolved more than
 * RETENTION_DAYS ago are deleted, with an update row on each report and an audit row for the run. Open
 * reports and recently closed ones are left alone; the public view and the figures keep working.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { openPglite, type Db } from '../../api/db/client';
import { prepareDatabase } from '../../api/db/prepare';
import { applyRetention } from '../../api/modules/retention/retention';
import { defaultEnv } from '../../api/env';
import { NewReport } from '../../api/contract/housing-reports';
import { hashRequest } from '../../api/modules/housing-reports/housing-reports.routes';
import { newReport, postReport } from '../helpers/reports';
import { createTestApp } from '../helpers/test-app';
import { freshDataDir } from '../helpers/server';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const personal = (overrides: Record<string, unknown> = {}) =>
  newReport({
    location: { lat: 51.3813, lng: 1.3862 },
    district: null,
    contact: { method: 'phone', value: '07700 900123' },
    provider: 'Example Lettings',
    ...overrides,
  });

async function addPhotos(db: Db, reportId: string, n: number) {
  for (let i = 0; i < n; i++) {
    await db.query(
      `insert into report_photos (report_id, position, content_type, width, height, bytes) values ($1, $2, 'image/jpeg', 1, 1, $3)`,
      [reportId, i, new Uint8Array([0xff, 0xd8, i])],
    );
  }
}

/** Moves a report to `status`, `daysAgo` days ago (as the dashboard workflow would have). */
async function finish(db: Db, id: string, status: 'closed' | 'resolved' | 'acknowledged', daysAgo: number) {
  const at = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  await db.query(
    `update reports set status = $2,
            closed_at = case when $2 = 'closed' then $3::timestamptz end,
            closed_reason = case when $2 = 'closed' then 'duplicate' end,
            resolved_at = case when $2 = 'resolved' then $3::timestamptz end,
            acknowledged_at = $3::timestamptz, updated_at = $3::timestamptz
      where id = $1`,
    [id, status, at],
  );
}

const row = async (id: string) =>
  (
    await t.db.query<{
      contact_method: string;
      contact_value: string | null;
      lat: number | null;
      lng: number | null;
      description: string;
      provider: string | null;
      categories: string[];
      district_code: string;
    }>(
      'select contact_method, contact_value, lat, lng, description, provider, categories, district_code from reports where id = $1',
      [id],
    )
  )[0]!;
const photoCount = async (id: string) =>
  Number(
    (await t.db.query<{ n: number }>('select count(*)::int as n from report_photos where report_id = $1', [id]))[0]!.n,
  );
const retentionUpdates = async (id: string) =>
  t.db.query<{ internal_note: string; public_note: string | null }>(
    `select internal_note, public_note from report_updates where report_id = $1 and actor = 'retention'`,
    [id],
  );

describe('retention', () => {
  const ids: Record<string, { id: string; trackingCode: string }> = {};

  beforeAll(async () => {
    for (const name of [
      'closedLongAgo',
      'resolvedLongAgo',
      'resolvedRecently',
      'openAndOld',
      'closedWithin365',
    ] as const) {
      ids[name] = await postReport(t.app, personal({ description: `The ${name} report` }));
      await addPhotos(t.db, ids[name].id, 2);
    }
    await finish(t.db, ids.closedLongAgo!.id, 'closed', 200);
    await finish(t.db, ids.resolvedLongAgo!.id, 'resolved', 181);
    await finish(t.db, ids.resolvedRecently!.id, 'resolved', 10);
    await finish(t.db, ids.openAndOld!.id, 'acknowledged', 400);
    await t.db.query(`update reports set received_at = now() - interval '500 days' where id = $1`, [
      ids.openAndOld!.id,
    ]);
    await finish(t.db, ids.closedWithin365!.id, 'closed', 300);
  });

  it('with a longer period, leaves reports closed within it alone', async () => {
    const result = await applyRetention(t.db, { days: 365 });
    expect(result).toMatchObject({ reports: 0, photos: 0 });
    expect(await photoCount(ids.closedWithin365!.id)).toBe(2);
  });

  it('deletes photos, contact details and the exact location of reports closed or resolved over 180 days ago', async () => {
    const result = await applyRetention(t.db, { days: 180 });
    expect(result).toMatchObject({ reports: 3, photos: 6 });
    for (const name of ['closedLongAgo', 'resolvedLongAgo', 'closedWithin365']) {
      const id = ids[name]!.id;
      expect(await photoCount(id), name).toBe(0);
      const r = await row(id);
      expect(r, name).toMatchObject({ contact_value: null, lat: null, lng: null });
      // what the figures and the history need stays
      expect(r).toMatchObject({
        contact_method: 'phone',
        description: `The ${name} report`,
        categories: ['damp'],
        district_code: 'E07000114',
      });
      const updates = await retentionUpdates(id);
      expect(updates).toHaveLength(1);
      expect(updates[0]!.internal_note).toMatch(/2 photo\(s\), contact details and exact location deleted 180 days/);
      expect(updates[0]!.public_note).toBeNull();
    }
  });

  it('leaves open reports, however old, and recently resolved ones untouched', async () => {
    for (const name of ['resolvedRecently', 'openAndOld']) {
      const id = ids[name]!.id;
      expect(await photoCount(id), name).toBe(2);
      expect(await row(id), name).toMatchObject({ contact_value: '07700 900123', lat: 51.3813, lng: 1.3862 });
      expect(await retentionUpdates(id)).toEqual([]);
    }
  });

  it('writes an audit row for each run', async () => {
    const audit = await t.db.query<{
      actor_id: string | null;
      details: { days: number; reports: number; photos: number } | string;
    }>(`select actor_id, details from audit_log where action = 'retention.run' order by id`);
    const details = audit.map(
      (a) => (typeof a.details === 'string' ? JSON.parse(a.details) : a.details) as { days: number; reports: number },
    );
    expect(details).toEqual([
      expect.objectContaining({ days: 365, reports: 0 }),
      expect.objectContaining({ days: 180, reports: 3, photos: 6 }),
    ]);
    expect(audit.every((a) => a.actor_id === null)).toBe(true);
  });

  it('is safe to run again: nothing more is touched and no second update row is written', async () => {
    expect(await applyRetention(t.db, { days: 180 })).toMatchObject({ reports: 0, photos: 0 });
    expect(await retentionUpdates(ids.closedLongAgo!.id)).toHaveLength(1);
  });

  it('leaves nothing from which the wiped phone number could be found again (no hash of the report as sent)', async () => {
    const phone = '07700 900777';
    const body = personal({
      contact: { method: 'phone', value: phone },
      description: 'A report whose phone number is wiped',
    });
    const { id } = await postReport(t.app, body);
    const hashWith = (value: string) =>
      hashRequest(NewReport.parse({ ...body, contact: { method: 'phone', value } }), []);
    const stored = async () =>
      (await t.db.query<Record<string, unknown>>('select * from reports where id = $1', [id]))[0]!;
    // before: the row holds a plain hash of the body, from which the number could be found by trying them all
    expect((await stored()).request_hash).toBe(hashWith(phone));
    await finish(t.db, id, 'closed', 200);
    await applyRetention(t.db, { days: 180 });
    const row = JSON.stringify([
      await stored(),
      await t.db.query('select * from report_updates where report_id = $1', [id]),
    ]);
    expect((await stored()).request_hash).toBe('');
    // an attacker holding the row tries every number of the form 07700 900xxx: nothing matches
    const candidates = Array.from({ length: 1000 }, (_, i) => `07700 900${String(i).padStart(3, '0')}`);
    expect(candidates.filter((candidate) => row.includes(hashWith(candidate)) || row.includes(candidate))).toEqual([]);
  });

  it('the young person can still follow the cleared report by its tracking code', async () => {
    const res = await t.app.request(`/api/reports/${ids.closedLongAgo!.trackingCode}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'closed' });
  });
});

describe('npm run retention', () => {
  const CLI = join(import.meta.dirname, '../../build/cli/cli.js');
  const dir = mkdtempSync(join(tmpdir(), 'clh-retention-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('clears reports closed longer ago than RETENTION_DAYS in DATA_DIR', async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
    const db = await openPglite(await freshDataDir(dir));
    await prepareDatabase(db);
    const app = createApp({ db, env: defaultEnv({ NODE_ENV: 'test', RATE_LIMIT: 'off' }) });
    const old = await postReport(app, personal());
    const recent = await postReport(app, personal());
    await addPhotos(db, old.id, 1);
    await finish(db, old.id, 'closed', 40);
    await finish(db, recent.id, 'closed', 20);
    await db.close();

    const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dir, RETENTION_DAYS: '30' };
    delete env.DATABASE_URL;
    const run = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'retention'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d));
      child.stderr.on('data', (d: Buffer) => (output += d));
      child.on('exit', (code) => resolve({ code, output }));
    });
    expect(run.output).toMatch(/Retention \(30 days.*1 reports cleared, 1 photos deleted/);
    expect(run.code).toBe(0);

    const after = await openPglite(dir);
    try {
      const rows = await after.query<{ id: string; contact_value: string | null }>(
        'select id, contact_value from reports',
      );
      expect(rows.find((r) => r.id === old.id)?.contact_value).toBeNull();
      expect(rows.find((r) => r.id === recent.id)?.contact_value).toBe('07700 900123');
    } finally {
      await after.close();
    }
  });
});
