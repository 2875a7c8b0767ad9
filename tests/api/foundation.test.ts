import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { KENT_AREA_CODES } from '../../api/contract/content';
import { defaultEnv } from '../../api/env';
import { createTestApp } from '../helpers/test-app';
import { testDatabaseUrl } from '../helpers/test-db';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GET /api/health (readiness) and /api/health/live (liveness)', () => {
  it('answers ok after a database write read back, with room on the disk and every migration applied', async () => {
    const res = await t.app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      database: testDatabaseUrl ? 'postgres' : 'pglite',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      checks: { database: 'ok', diskFreeBytes: expect.any(Number), disk: 'ok', migrations: 'current' },
    });
    expect(await t.db.query('select id from health_probe')).toEqual([{ id: 1 }]);
    expect(await (await t.app.request('/api/health/live')).json()).toEqual({ status: 'ok' });
  });

  it('503 when the disk is low, a migration is missing, the database fails, or the server is stopping; liveness stays 200', async () => {
    const ready = async (app: { request(path: string): Response | Promise<Response> }) => {
      const res = await app.request('/api/health');
      return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, unknown> } };
    };
    const env = defaultEnv({ NODE_ENV: 'test', RATE_LIMIT: 'off' });
    const low = await ready(createApp({ db: t.db, env: { ...env, HEALTH_MIN_FREE_MB: 1_000_000_000 } }));
    expect(low).toMatchObject({ status: 503, body: { status: 'failing', checks: { disk: 'low', database: 'ok' } } });

    await t.db.query(`delete from schema_migrations where id = '007-security'`);
    try {
      expect(await ready(createApp({ db: t.db, env }))).toMatchObject({
        status: 503,
        body: { checks: { migrations: 'behind' } },
      });
    } finally {
      await t.db.query(`insert into schema_migrations (id) values ('007-security')`);
    }

    await t.db.query('alter table health_probe rename to health_probe_gone');
    try {
      expect(await ready(createApp({ db: t.db, env }))).toMatchObject({
        status: 503,
        body: { checks: { database: 'failed' } },
      });
    } finally {
      await t.db.query('alter table health_probe_gone rename to health_probe');
    }

    const state = { stopping: false };
    const app = createApp({ db: t.db, env, state });
    expect((await ready(app)).status).toBe(200);
    state.stopping = true;
    expect(await ready(app)).toMatchObject({ status: 503, body: { status: 'stopping' } });
    expect((await app.request('/api/health/live')).status).toBe(200);
  });
});

describe('GET /api/districts', () => {
  it('lists the 12 Kent districts and Medway', async () => {
    const list = (await (await t.app.request('/api/districts')).json()) as { code: string; name: string }[];
    expect(list).toHaveLength(13);
    expect(list.map((d) => d.code).sort()).toEqual([...KENT_AREA_CODES].sort());
  });
});

describe('GET /api/districts/locate', () => {
  const locate = (query: string) => t.app.request(`/api/districts/locate?${query}`);

  it.each([
    ['Margate', 51.3813, 1.3862, 'Thanet'],
    ['Chatham', 51.38, 0.527, 'Medway'],
    ['Canterbury Cathedral', 51.2798, 1.0828, 'Canterbury'],
  ])('finds %s in %s', async (_place, lat, lng, name) => {
    const res = await locate(`lat=${lat}&lng=${lng}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name });
  });

  it('says a point in Paris is outside', async () => {
    const res = await locate('lat=48.8566&lng=2.3522');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'outside' } });
  });

  it.each([
    ['lat=abc&lng=1', 'lat'],
    ['lng=1', 'lat'],
    ['lat=51', 'lng'],
    ['lat=91&lng=1', 'lat'],
    ['lat=51&lng=-181', 'lng'],
  ])('rejects %s naming the field %s', async (query, field) => {
    const res = await locate(query);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: Record<string, string> } };
    expect(Object.keys(body.error.fields)).toContain(field);
  });
});

describe('unknown API paths', () => {
  it('answer a JSON 404, never the app shell', async () => {
    const res = await t.app.request('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('migrations', () => {
  it('are safe to run twice', async () => {
    const { migrate } = await import('../../api/db/migrate');
    expect(await migrate(t.db)).toEqual([]);
    const rows = await t.db.query<{ id: string }>('select id from schema_migrations order by id');
    expect(rows.map((r) => r.id)).toContain('001-foundation');
  });
});
