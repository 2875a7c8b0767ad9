import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/test-app';
import { testDatabaseUrl } from '../helpers/test-db';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GET /api/health', () => {
  it('answers ok and names the database engine', async () => {
    const res = await t.app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      database: testDatabaseUrl ? 'postgres' : 'pglite',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    });
  });
});

describe('GET /api/districts', () => {
  it('lists the 12 Kent districts and Medway', async () => {
    const list = (await (await t.app.request('/api/districts')).json()) as { code: string; name: string }[];
    expect(list).toHaveLength(13);
    expect(list.map((d) => d.code).sort()).toEqual([
      'E06000035', 'E07000105', 'E07000106', 'E07000107', 'E07000108', 'E07000109', 'E07000110',
      'E07000111', 'E07000112', 'E07000113', 'E07000114', 'E07000115', 'E07000116',
    ]);
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
