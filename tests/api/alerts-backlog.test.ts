/**
 * A large alert backlog does not shut the service: the app answers over a real socket while the alert worker
 * drains thousands of waiting alerts. On PGlite every query runs inside this process, so a worker that
 * never paused would hold the one connection, and the event loop, until the last alert was out.
 * The proof is the order of things, not a stopwatch: each answer comes while alerts are still waiting.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../api/app';
import { KENT_AREA_CODES } from '../../api/contract/content';
import { defaultEnv } from '../../api/env';
import { startAlertWorker, type AlertWorker } from '../../api/modules/alerts/alerts.worker';
import { createMailer } from '../../api/modules/alerts/mail';
import { createStaff } from '../helpers/staff';
import { createTestDb } from '../helpers/test-db';

/** Urgent reports waiting to be fanned out: one event each, and one email each to the commissioner. */
const BACKLOG = 2000;

let db: Awaited<ReturnType<typeof createTestDb>>;
let server: ServerType;
let url = '';
let worker: AlertWorker | undefined;

const waiting = async () => {
  const [row] = await db.query<{ events: number; deliveries: number }>(
    `select (select count(*) from alert_events where expanded_at is null)::int as events,
            (select count(*) from alert_deliveries where state = 'pending')::int as deliveries`,
  );
  return row!;
};

beforeAll(async () => {
  db = await createTestDb();
  const env = defaultEnv({ NODE_ENV: 'test', RATE_LIMIT: 'off', PUBLIC_ORIGIN: 'http://localhost' });
  await createStaff(db, { email: 'all.districts@kent.example', role: 'commissioner', districts: null });
  // one statement: the reports' trigger writes an alert event for each, as a burst of arrivals would
  await db.query(
    `insert into reports (id, tracking_code, idempotency_key, request_hash, urgent, categories, category_groups,
       feels_safe, district_code, description, accommodation_type, contact_method, response)
     select gen_random_uuid(), 'BACKLOG-' || g, 'backlog-' || g, 'backlog', true, '{damp}', '{damp_mould}', 'no',
       ($1::text[])[1 + g % array_length($1::text[], 1)], 'A report of the backlog test.', 'supported', 'none', '{}'
       from generate_series(1, $2::int) as g`,
    [[...KENT_AREA_CODES], BACKLOG],
  );
  const app = createApp({ db, env });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  worker = startAlertWorker({ db, env, mailer: createMailer(env, () => undefined), timers: false });
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await new Promise((resolve) => server?.close(resolve));
  await db?.dropAll();
});

describe('alert backlog', () => {
  it(`answers requests while a backlog of ${BACKLOG} alerts drains, and still sends every alert`, async () => {
    expect(await waiting()).toEqual({ events: BACKLOG, deliveries: 0 });
    expect((await fetch(`${url}/api/health`)).status).toBe(200); // the connection is open before the drain

    let drained = false;
    const draining = worker!.runOnce().then(() => (drained = true));
    const seen: { status: number; drained: boolean; events: number; deliveries: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${url}/api/health`);
      seen.push({ status: res.status, drained, ...(await waiting()) });
    }
    // every answer came while the worker was still busy: alerts were waiting, to fan out or to send
    for (const s of seen) {
      expect(s).toMatchObject({ status: 200, drained: false });
      expect(s.events + s.deliveries).toBeGreaterThan(0);
    }

    await draining;
    expect(await waiting()).toEqual({ events: 0, deliveries: 0 });
    const [sent] = await db.query<{ n: number }>(
      `select count(*)::int as n from alert_deliveries where state = 'sent'`,
    );
    expect(sent!.n).toBe(BACKLOG);
  }, 180_000);
});
