import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { timedDb } from '../../api/db/timed';
import { defaultEnv } from '../../api/env';
import { createLogger } from '../../api/lib/log';
import { createMetrics } from '../../api/lib/metrics';
import { newReport, postReport } from '../helpers/reports';
import { createTestDb } from '../helpers/test-db';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
// what a young person typed: none of it may reach a log line
const PRIVATE = {
  description: 'Mould behind the cot in Flat 9 Zebrafinch Court',
  phone: '07700900123',
  lat: 51.38912,
  lng: 1.38654,
};

describe('logs and metrics', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  let db: Awaited<ReturnType<typeof createTestDb>>;
  let app: ReturnType<typeof createApp>;
  let trackingCode = '';

  beforeAll(async () => {
    db = await createTestDb();
    const metrics = createMetrics();
    app = createApp({
      db: timedDb(db, (seconds) => metrics.dbQueryDuration.observe(seconds)),
      env: defaultEnv({ NODE_ENV: 'test', RATE_LIMIT: 'off', METRICS_TOKEN }),
      log: createLogger({ level: 'trace', format: 'json' }, sink),
      metrics,
    });
    const report = newReport({
      description: PRIVATE.description,
      location: { lat: PRIVATE.lat, lng: PRIVATE.lng },
      district: null,
      contact: { method: 'phone', value: PRIVATE.phone },
      feelsSafe: 'no',
    });
    const key = `log-${crypto.randomUUID()}`;
    trackingCode = (await postReport(app, report, key)).trackingCode;
    await postReport(app, report, key); // a phone's retry: a replay
    await app.request(`/api/reports/${trackingCode}`);
    await app.request(`/api/reports/${trackingCode.toLowerCase()}x`);
    await app.request('/api/reports', { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } });
  });
  afterAll(() => db.dropAll());

  it('logs one JSON line per request with id, route pattern, status and duration', async () => {
    const res = await app.request('/api/districts');
    const id = res.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const line = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.reqId === id);
    expect(line).toMatchObject({ msg: 'request', method: 'GET', route: '/api/districts', status: 200, level: 30 });
    expect(typeof line?.ms).toBe('number');
    const lookup = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.method === 'GET');
    expect(lookup.some((l) => l.route === '/api/reports/:trackingCode')).toBe(true);
  });

  it("writes none of a report's private fields, its tracking code or its place to any line", () => {
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const all = lines.join('\n');
    for (const secret of [PRIVATE.description, 'Zebrafinch', PRIVATE.phone, String(PRIVATE.lat), String(PRIVATE.lng)]) {
      expect(all).not.toContain(secret);
    }
    expect(trackingCode.length).toBeGreaterThan(6);
    expect(all.toUpperCase()).not.toContain(trackingCode.toUpperCase());
    expect(all.toUpperCase()).not.toContain(trackingCode.replace(/-/g, '').toUpperCase());
  });

  it('keeps a request id a proxy passed on, and ignores one that is not a plain token', async () => {
    const kept = await app.request('/api/districts', { headers: { 'x-request-id': 'caddy-1234abcd' } });
    expect(kept.headers.get('x-request-id')).toBe('caddy-1234abcd');
    const replaced = await app.request('/api/districts', { headers: { 'x-request-id': 'a b<script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses /metrics without the token or an allowed address', async () => {
    const none = await app.request('/metrics');
    expect(none.status).toBe(403);
    expect(await none.json()).toMatchObject({ error: { code: 'forbidden' } });
    const wrong = await app.request('/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN.replace('0', '1')}` },
    });
    expect(wrong.status).toBe(403);
  });

  it('serves Prometheus text with request times, reports by urgency, replays and query times', async () => {
    const res = await app.request('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(
      /^http_request_duration_seconds_count\{route="\/api\/reports",method="POST",status="201"\} 2$/m,
    );
    expect(text).toMatch(/^reports_received_total\{urgent="true"\} 1$/m);
    expect(text).toMatch(/^idempotent_replays_total 1$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(Number(/^db_query_duration_seconds_count (\d+)/m.exec(text)?.[1])).toBeGreaterThan(0);
    expect(text).not.toContain(trackingCode);
  });
});
