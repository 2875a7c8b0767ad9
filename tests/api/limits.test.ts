/**
 * Per-client rate limits (report creation, tracking-code look-ups, Open311 lists) that a spoofed
 * X-Forwarded-For cannot reset, kept in the database so that app servers share them, and the client
 * address rules behind them.
 * The TCP peer is given to app.request as the node-server bindings (`{ incoming: { socket } }`), which is
 * what @hono/node-server passes in production.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createApp } from '../../api/app';
import { defaultEnv, type Env } from '../../api/env';
import { clientIp, clientKey } from '../../api/lib/client-ip';
import { RateLimitStore, sweepRateLimits } from '../../api/lib/rate-limit';
import { newReport } from '../helpers/reports';
import { createTestDb } from '../helpers/test-db';

type TestDb = Awaited<ReturnType<typeof createTestDb>>;
let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.dropAll());

const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });
const appWith = (env: Partial<Env> = {}) => createApp({ db, env: defaultEnv({ NODE_ENV: 'test', ...env }) });

/** A tiny app answering the address client-ip.ts sees. */
function echo(env: Partial<Env>) {
  const e = defaultEnv(env);
  const app = new Hono();
  app.get('/', (c) => c.json({ ip: clientIp(c, e), key: clientKey(c, e) }));
  return async (peer: string, xff?: string) => {
    const res = await app.request('/', { headers: xff ? { 'x-forwarded-for': xff } : {} }, from(peer));
    return (await res.json()) as { ip: string; key: string };
  };
}

describe('client address', () => {
  it('is the socket address, and X-Forwarded-For is ignored, without TRUST_PROXY', async () => {
    const ask = echo({ TRUST_PROXY: false });
    expect(await ask('203.0.113.9', '198.51.100.1')).toMatchObject({ ip: '203.0.113.9' });
    expect(await ask('::ffff:203.0.113.9')).toMatchObject({ ip: '203.0.113.9' });
  });

  it('behind a trusted proxy is the right-most X-Forwarded-For hop: entries a client adds on the left are never read', async () => {
    const ask = echo({ TRUST_PROXY: true });
    expect(await ask('10.0.0.2', '198.51.100.7')).toMatchObject({ ip: '198.51.100.7' });
    expect(await ask('10.0.0.2', '1.2.3.4, 5.6.7.8, 198.51.100.7')).toMatchObject({ ip: '198.51.100.7' });
    expect(await ask('10.0.0.2', 'garbage, 198.51.100.7:5555')).toMatchObject({ ip: '198.51.100.7' });
    // no header, or a right-most hop that is not an address: the proxy itself
    expect(await ask('10.0.0.2')).toMatchObject({ ip: '10.0.0.2' });
    expect(await ask('10.0.0.2', '198.51.100.7, <script>')).toMatchObject({ ip: '10.0.0.2' });
  });

  it('skips only the proxies listed in TRUSTED_PROXIES, and ignores the header from a peer not listed', async () => {
    const ask = echo({ TRUST_PROXY: true, TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.1' });
    expect(await ask('10.0.0.2', '1.1.1.1, 198.51.100.7, 192.0.2.1, 10.9.9.9')).toMatchObject({ ip: '198.51.100.7' });
    // a client reaching the server around the proxy cannot choose its address
    expect(await ask('203.0.113.50', '198.51.100.7')).toMatchObject({ ip: '203.0.113.50' });
  });

  it('counts an IPv6 client by its /64', async () => {
    const ask = echo({ TRUST_PROXY: false });
    const a = await ask('2001:db8:1:2:aaaa::1');
    const b = await ask('2001:db8:1:2:bbbb:cccc:dddd:eeee');
    const other = await ask('2001:db8:1:3::1');
    expect(a.key).toBe('2001:0db8:0001:0002::/64');
    expect(b.key).toBe(a.key);
    expect(other.key).not.toBe(a.key);
  });
});

describe('token buckets in the database', () => {
  const bucket = { name: 'test', burst: 3, perMinute: 6 }; // one back every 10 s

  it('allow a burst, then refuse with the wait in seconds, spending nothing when they refuse', async () => {
    const store = new RateLimitStore(db);
    expect(await Promise.all([0, 1, 2, 3, 4].map(() => store.take('a', [bucket])))).toEqual(
      expect.arrayContaining([0, 0, 0]),
    );
    const waits = await Promise.all([0, 1].map(() => store.take('a', [bucket])));
    for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(9);
    // refusals spent nothing: one token is back 10 s after the burst, as if they had not been asked
    await db.query(`update rate_limits set at = at - interval '10 seconds' where key = 'test:a'`);
    expect(await store.take('a', [bucket])).toBe(0);
    expect(await store.take('a', [bucket])).toBeGreaterThan(0);
    // another client has its own bucket
    expect(await store.take('b', [bucket])).toBe(0);
  });

  it('a bucket only looked at must hold a token, and spends none', async () => {
    const store = new RateLimitStore(db);
    const peeked = { name: 'peeked', burst: 1, perMinute: 1 };
    for (let i = 0; i < 3; i++) expect(await store.take('c', [bucket], [peeked])).toBe(0);
    expect(await store.take('c', [peeked])).toBe(0);
    expect(await store.take('c', [], [peeked])).toBeGreaterThanOrEqual(50);
  });

  it('are swept once full again', async () => {
    const store = new RateLimitStore(db);
    await store.take('sweep-me', [bucket]);
    await db.query(`update rate_limits set full_at = now() - interval '1 second' where key = 'test:sweep-me'`);
    expect(await sweepRateLimits(db)).toBeGreaterThanOrEqual(1);
    expect(await db.query(`select 1 from rate_limits where key = 'test:sweep-me'`)).toHaveLength(0);
  });
});

describe('rate limit on report creation', () => {
  const post = (app: ReturnType<typeof appWith>, peer: string, headers: Record<string, string> = {}) =>
    app.request(
      '/api/reports',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `key-${Math.random().toString(36).slice(2)}`,
          ...headers,
        },
        // invalid on purpose (nothing stored): the limit is spent before the body is read
        body: JSON.stringify({ categories: 'not a list' }),
      },
      from(peer),
    );

  it('gives 429 with Retry-After and the JSON error shape after the burst, per client', async () => {
    const app = appWith();
    for (let i = 0; i < 10; i++) expect((await post(app, '203.0.113.1')).status).toBe(400);
    const limited = await post(app, '203.0.113.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('content-type')).toMatch(/application\/json/);
    expect(await limited.json()).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    // another client is not affected
    expect((await post(app, '203.0.113.2')).status).toBe(400);
  });

  it('cannot be reset by a spoofed X-Forwarded-For, without a proxy or behind one', async () => {
    const direct = appWith({ TRUST_PROXY: false });
    const proxied = appWith({ TRUST_PROXY: true });
    for (let i = 0; i < 10; i++) {
      await post(direct, '203.0.113.3', { 'x-forwarded-for': `198.51.100.${i}` });
      await post(proxied, '10.0.0.2', { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.3` });
    }
    expect((await post(direct, '203.0.113.3', { 'x-forwarded-for': '198.51.100.200' })).status).toBe(429);
    expect((await post(proxied, '10.0.0.2', { 'x-forwarded-for': '198.51.100.200, 203.0.113.3' })).status).toBe(429);
    // behind the proxy, a different real client is still served
    expect((await post(proxied, '10.0.0.2', { 'x-forwarded-for': '203.0.113.4' })).status).toBe(400);
  });

  it('is one budget for two app servers on one database', async () => {
    const a = appWith();
    const other = await db.connectAgain();
    try {
      const b = createApp({ db: other, env: defaultEnv({ NODE_ENV: 'test' }) });
      const statuses = await Promise.all(
        Array.from({ length: 16 }, (_, n) => Promise.resolve(post(n % 2 ? a : b, '203.0.113.6')).then((r) => r.status)),
      );
      expect(statuses.filter((s) => s === 400)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    } finally {
      await other.close();
    }
  });

  it('is off with RATE_LIMIT=off (load tests only)', async () => {
    const app = appWith({ RATE_LIMIT: 'off' });
    for (let i = 0; i < 15; i++) expect((await post(app, '203.0.113.5')).status).toBe(400);
  });
});

describe('tracking-code look-ups', () => {
  const lookUp = (app: ReturnType<typeof appWith>, code: string, peer: string) =>
    app.request(`/api/reports/${encodeURIComponent(code)}`, {}, from(peer));

  it('answer a wrong code slowly, then 429 after 10 misses, while a real code still works from elsewhere', async () => {
    const app = appWith();
    const created = await app.request(
      '/api/reports',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'limits-test-report-1' },
        body: JSON.stringify(newReport()),
      },
      from('203.0.113.20'),
    );
    expect(created.status).toBe(201);
    const { trackingCode } = (await created.json()) as { trackingCode: string };

    const started = Date.now();
    for (let i = 0; i < 10; i++) {
      const res = await lookUp(app, `KNT-0000-0000-0000-${String(i).padStart(4, '0')}`, '203.0.113.21');
      expect(res.status).toBe(404);
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(10 * 240);
    const limited = await lookUp(app, 'KNT-0000-0000-0000-0099', '203.0.113.21');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    // the guesser cannot read even a real code until the bucket refills …
    expect((await lookUp(app, trackingCode, '203.0.113.21')).status).toBe(429);
    // … and the young person, elsewhere, is not affected; found codes do not count as misses
    for (let i = 0; i < 12; i++) expect((await lookUp(app, trackingCode, '203.0.113.22')).status).toBe(200);
  });

  it('HEAD is counted and slowed like GET', async () => {
    const app = appWith();
    const started = Date.now();
    for (let i = 0; i < 10; i++) {
      const res = await app.request(
        `/api/reports/KNT-0000-0000-0001-${String(i).padStart(4, '0')}`,
        { method: 'HEAD' },
        from('203.0.113.23'),
      );
      expect(res.status).toBe(404);
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(10 * 240);
    expect(
      (await app.request('/api/reports/KNT-0000-0000-0001-0099', { method: 'HEAD' }, from('203.0.113.23'))).status,
    ).toBe(429);
    expect((await lookUp(app, 'KNT-0000-0000-0001-0099', '203.0.113.23')).status).toBe(429);
  });
});

describe('Open311 lists', () => {
  it("are limited per client, with a key or without, in the spec's error list", async () => {
    const app = appWith();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await app.request(
        `/open311/v2/requests.json${i % 2 ? '?api_key=o311_unknown' : ''}`,
        {},
        from('203.0.113.30'),
      );
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await res.json()).toEqual([{ code: 429, description: expect.stringMatching(/Too many/) }]);
      }
    }
    expect(statuses.slice(0, 10).every((s) => s === 403)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
