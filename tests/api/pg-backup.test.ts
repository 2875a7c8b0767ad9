/**
 * The PostgreSQL backup and restore that docs/operations.md gives, run for real: pg_dump in the custom
 * format, the data gone, pg_restore, and a report with its photo is back, byte for byte. PostgreSQL only
 * (PGlite's own backup is tests/api/backup.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { openPostgres } from '../../api/db/client';
import { prepareDatabase } from '../../api/db/prepare';
import { defaultEnv } from '../../api/env';
import { newReport } from '../helpers/reports';
import { testDatabaseUrl } from '../helpers/test-db';

describe.runIf(testDatabaseUrl)('PostgreSQL backup and restore (pg_dump / pg_restore)', () => {
  const schema = `bk_${crypto.randomUUID().slice(0, 8)}`;
  const dir = mkdtempSync(join(tmpdir(), 'clh-pgdump-'));
  const admin = () => new pg.Client({ connectionString: testDatabaseUrl });

  beforeAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`create schema ${schema}`);
    await c.end();
  });
  afterAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`drop schema if exists ${schema} cascade`);
    await c.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('brings back a report and its photo after the data is lost', async () => {
    const db = await openPostgres(testDatabaseUrl!, { searchPath: schema, max: 2 });
    await prepareDatabase(db);
    const app = createApp({ db, env: defaultEnv({ NODE_ENV: 'test', RATE_LIMIT: 'off' }) });
    const form = new FormData();
    form.set('report', JSON.stringify(newReport({ description: 'Water coming through the ceiling' })));
    const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#5a6a7a' } })
      .jpeg()
      .toBuffer();
    form.append('photos', new Blob([photo as BlobPart], { type: 'image/jpeg' }), 'ceiling.jpg');
    const res = await app.request('/api/reports', {
      method: 'POST',
      headers: { 'idempotency-key': `bk-${crypto.randomUUID()}` },
      body: form,
    });
    expect(res.status).toBe(201);
    const { id, trackingCode } = (await res.json()) as { id: string; trackingCode: string };
    const [stored] = await db.query<{ bytes: Uint8Array }>('select bytes from report_photos where report_id = $1', [
      id,
    ]);
    await db.close();

    // the commands of docs/operations.md, with this test's schema
    const file = join(dir, 'hub.dump');
    execFileSync('pg_dump', [
      '--format=custom',
      '--no-owner',
      `--schema=${schema}`,
      `--file=${file}`,
      testDatabaseUrl!,
    ]);
    expect(statSync(file).size).toBeGreaterThan(1000);

    const c = admin();
    await c.connect();
    await c.query(`drop schema ${schema} cascade`);
    await c.end();

    execFileSync('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${testDatabaseUrl!}`, file]);

    const restored = await openPostgres(testDatabaseUrl!, { searchPath: schema, max: 2 });
    try {
      const reports = await restored.query<{ description: string; tracking_code: string }>(
        'select description, tracking_code from reports where id = $1',
        [id],
      );
      expect(reports).toEqual([{ description: 'Water coming through the ceiling', tracking_code: trackingCode }]);
      const [photoRow] = await restored.query<{ bytes: Uint8Array }>(
        'select bytes from report_photos where report_id = $1',
        [id],
      );
      expect(Buffer.from(photoRow!.bytes).equals(Buffer.from(stored!.bytes))).toBe(true);
      // the app runs on the restored data: the report is found by its code
      const again = createApp({ db: restored, env: defaultEnv({ NODE_ENV: 'test', RATE_LIMIT: 'off' }) });
      expect((await again.request(`/api/reports/${trackingCode}`)).status).toBe(200);
    } finally {
      await restored.close();
    }
  });
});
