/**
 * Concurrent reports share one INSERT statement (housing-reports.queries.ts, ReportBatcher): check that they
 * really do, and that sharing loses, duplicates and mixes up nothing — a report the database refuses fails
 * alone, one Idempotency-Key stays one report, and every answer carries its own report.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, json } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;

const report = (description: string, district = 'E07000114') => ({
  categories: ['damp'],
  feelsSafe: 'yes',
  location: null,
  district,
  description,
  accommodationType: 'private_rented',
  contact: { method: 'none' },
  createdAt: new Date().toISOString(),
});

const post = (body: unknown, key = `batch-${randomUUID()}`) =>
  t.app.request('/api/reports', json(body, { 'idempotency-key': key }));

/** Writing statements so far: the triggers draw one number per statement (006-report-stats-deltas.sql). */
const statements = async () =>
  (await t.db.query<{ n: number }>('select last_value::int as n from report_stats_flush_seq'))[0]!.n;

beforeAll(async () => {
  t = await createTestApp();
  await post(report('Synthetic: the first report, before the test starts counting.'));
});
afterAll(() => t.close());

describe('reports posted at the same time', () => {
  it('share statements, and each answer and row is its own report', async () => {
    const before = await statements();
    const descriptions = Array.from({ length: 24 }, (_, i) => `Synthetic batched report number ${i}.`);
    const answers = await Promise.all(descriptions.map((d) => post(report(d))));
    expect(answers.map((a) => a.status)).toEqual(descriptions.map(() => 201));
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as { id: string; trackingCode: string }[];
    expect(new Set(bodies.map((b) => b.trackingCode)).size).toBe(24);
    // fewer statements than reports: they were shared
    expect((await statements()) - before).toBeLessThan(24);
    for (const [i, body] of bodies.entries()) {
      const [row] = await t.db.query<{ description: string; tracking_code: string; history: number }>(
        `select description, tracking_code, (select count(*)::int from report_updates u where u.report_id = r.id) as history
           from reports r where id = $1`,
        [body.id],
      );
      expect(row).toEqual({ description: descriptions[i], tracking_code: body.trackingCode, history: 1 });
    }
  });

  it('refuse only the report the database cannot store; the others are stored once', async () => {
    const before = Number((await t.db.query<{ n: number }>('select count(*)::int as n from reports'))[0]!.n);
    const bodies = Array.from({ length: 12 }, (_, i) =>
      report(i === 5 ? 'Synthetic: a NUL \u0000 in the text.' : `Synthetic neighbour ${i}.`),
    );
    const answers = await Promise.all(bodies.map((b) => post(b)));
    expect(answers.map((a) => a.status)).toEqual(bodies.map((_, i) => (i === 5 ? 400 : 201)));
    expect(((await answers[5]!.json()) as { error: { code: string } }).error.code).toBe('invalid_character');
    const after = Number((await t.db.query<{ n: number }>('select count(*)::int as n from reports'))[0]!.n);
    expect(after - before).toBe(11);
  });

  it('store one report for one key sent many times at once, and answer each with it', async () => {
    const key = `batch-same-${randomUUID()}`;
    const body = report('Synthetic: sent ten times at once with one key.');
    // another report first, so that the ten wait together and share the next statement
    const [first, ...answers] = await Promise.all([
      post(report('Synthetic: ahead of the ten.')),
      ...Array.from({ length: 10 }, () => post(body, key)),
    ]);
    expect(first!.status).toBe(201);
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 10 }, () => 201));
    const codes = new Set(
      ((await Promise.all(answers.map((a) => a.json()))) as { trackingCode: string }[]).map((b) => b.trackingCode),
    );
    expect(codes.size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotency-replayed') === 'true')).toHaveLength(9);
    const rows = await t.db.query('select id from reports where idempotency_key = $1', [key]);
    expect(rows).toHaveLength(1);
  });

  it('refuse a different report under a key already in the same batch', async () => {
    const key = `batch-clash-${randomUUID()}`;
    const [, ...answers] = await Promise.all([
      post(report('Synthetic: ahead of the two.')),
      post(report('Synthetic: the first body.'), key),
      post(report('Synthetic: another body.'), key),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
    expect(await t.db.query('select id from reports where idempotency_key = $1', [key])).toHaveLength(1);
  });
});
