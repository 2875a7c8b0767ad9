/**
 * Web Push for young people, against a local stand-in push service: the app's real aes128gcm request is
 * decrypted here with the subscription's keys (RFC 8291), and its VAPID signature checked (RFC 8292).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { DEFAULT_ALERT_SETTINGS } from '../../api/contract/alerts';
import type { AlertWorker } from '../../api/modules/alerts/alerts.worker';
import { startAlertApp } from '../helpers/alert-app';
import { decryptPush, newSubscription, startPushService, verifyVapid } from '../helpers/push-service';
import { newReport, postReport } from '../helpers/reports';
import { asStaff, createStaff, signIn } from '../helpers/staff';
import type { createTestDb } from '../helpers/test-db';

let db: Awaited<ReturnType<typeof createTestDb>>;
let push: Awaited<ReturnType<typeof startPushService>>;
let worker: AlertWorker;
let app: ReturnType<typeof createApp>;
let stop: () => Promise<void>;
let staff = '';

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
const change = (id: string, body: unknown) =>
  app.request(`/api/dashboard/reports/${id}`, asStaff(staff, { method: 'PATCH', body }));
const subscriptions = async () =>
  (await db.query<{ n: number }>('select count(*)::int as n from push_subscriptions'))[0]!.n;

beforeAll(async () => {
  push = await startPushService();
  ({ db, worker, app, stop } = await startAlertApp({ ALERT_DIGEST_HOUR: 3 }));
  staff = await signIn(app, await createStaff(db, { email: 'commissioner@kent.example', role: 'commissioner' }));
});
afterAll(async () => {
  await stop?.();
  await push?.close();
});

describe('Web Push', () => {
  it('GET /api/push/key: the VAPID public key, base64url of a 65-byte P-256 point', async () => {
    const res = await app.request('/api/push/key');
    expect(res.status).toBe(200);
    const { publicKey } = (await res.json()) as { publicKey: string };
    expect(publicKey).toMatch(/^[A-Za-z0-9_-]+$/);
    const bytes = Buffer.from(publicKey, 'base64url');
    expect(bytes.length).toBe(65);
    expect(bytes[0]).toBe(4);
  });

  it("a status change with a public note: one push, in the reporter's language, without the note", async () => {
    const report = await postReport(app, newReport({ categories: ['damp', 'mould'] }));
    const sub = newSubscription(`${push.origin}/push/ar-phone`);
    const res = await app.request(
      '/api/push/reports',
      json('POST', { subscription: sub.json, trackingCodes: [report.trackingCode], language: 'ar' }),
    );
    expect(res.status).toBe(204);

    const start = Date.now();
    expect(
      (await change(report.id, { status: 'acknowledged', publicNote: 'SECRET NOTE: Mr Smith visits 12 High Street' }))
        .status,
    ).toBe(200);
    expect(await push.waitFor(() => push.to('/push/ar-phone').length > 0)).toBe(true);
    const received = push.to('/push/ar-phone')[0]!;
    console.log(`status change → push: ${received.at - start} ms (${process.env.TEST_DB_ENGINE ?? 'pglite'})`);
    expect(received.at - start).toBeLessThan(10_000);
    await new Promise((r) => setTimeout(r, 800));
    expect(push.to('/push/ar-phone')).toHaveLength(1);

    expect(received.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(received.headers.ttl)).toBeGreaterThan(0);
    expect(received.headers.topic).toMatch(/^[0-9a-f]{32}$/);
    const { publicKey } = (await (await app.request('/api/push/key')).json()) as { publicKey: string };
    const vapid = verifyVapid(String(received.headers.authorization));
    expect(vapid.k).toBe(publicKey);
    expect(vapid.claims.aud).toBe(push.origin);

    const payload = decryptPush(sub, received.body);
    expect(JSON.parse(payload)).toEqual({
      title: 'Care Leaver Hub',
      body: 'يوجد جديد في بلاغك عن رطوبة',
      url: '/my-reports',
      tag: `report-${report.trackingCode}`,
    });
    expect(payload).not.toMatch(/SECRET|Smith|High Street/);
    // the same request decrypted with another phone's keys fails: it really is encrypted for this one
    expect(() => decryptPush(newSubscription('x'), received.body)).toThrow();
  });

  it('an internal note alone sends nothing; an English phone gets English', async () => {
    const report = await postReport(app, newReport({ categories: ['mould'] }));
    const sub = newSubscription(`${push.origin}/push/en-phone`);
    await app.request(
      '/api/push/reports',
      json('POST', { subscription: sub.json, trackingCodes: [report.trackingCode.toLowerCase()], language: 'en' }),
    );
    expect((await change(report.id, { internalNote: 'landlord called' })).status).toBe(200);
    await worker.runOnce({ scan: false });
    await new Promise((r) => setTimeout(r, 500));
    expect(push.to('/push/en-phone')).toHaveLength(0);
    await change(report.id, { publicNote: 'We will visit on Monday' });
    expect(await push.waitFor(() => push.to('/push/en-phone').length === 1)).toBe(true);
    expect(JSON.parse(decryptPush(sub, push.to('/push/en-phone')[0]!.body)).body).toBe(
      'Your report about mould has an update',
    );
  });

  it('410 from the push service removes the subscription', async () => {
    const report = await postReport(app, newReport());
    const sub = newSubscription(`${push.origin}/push/gone-phone`);
    await app.request(
      '/api/push/reports',
      json('POST', { subscription: sub.json, trackingCodes: [report.trackingCode], language: 'vi' }),
    );
    const before = await subscriptions();
    push.answers.set('/push/gone-phone', 410);
    await change(report.id, { status: 'acknowledged' });
    expect(await push.waitFor(() => push.to('/push/gone-phone').length === 1)).toBe(true);
    await worker.runOnce({ scan: false });
    expect(await subscriptions()).toBe(before - 1);
    const [delivery] = await db.query<{ state: string }>(`select state from alert_deliveries where recipient = $1`, [
      sub.json.endpoint,
    ]);
    expect(delivery!.state).toBe('gone');
  });

  it('"Remove from this phone" and "Forget me" unsubscribe on the server', async () => {
    const a = await postReport(app, newReport());
    const b = await postReport(app, newReport());
    const sub = newSubscription(`${push.origin}/push/forget-phone`);
    await app.request(
      '/api/push/reports',
      json('POST', { subscription: sub.json, trackingCodes: [a.trackingCode, b.trackingCode], language: 'sq' }),
    );
    const links = async () =>
      (
        await db.query<{ n: number }>('select count(*)::int as n from push_subscription_reports where endpoint = $1', [
          sub.json.endpoint,
        ])
      )[0]!.n;
    expect(await links()).toBe(2);
    expect(
      (
        await app.request(
          '/api/push/reports',
          json('DELETE', { endpoint: sub.json.endpoint, trackingCodes: [a.trackingCode] }),
        )
      ).status,
    ).toBe(204);
    expect(await links()).toBe(1);
    expect((await app.request('/api/push/reports', json('DELETE', { endpoint: sub.json.endpoint }))).status).toBe(204);
    expect(await links()).toBe(0);
    expect((await db.query('select 1 from push_subscriptions where endpoint = $1', [sub.json.endpoint])).length).toBe(
      0,
    );
    await change(b.id, { status: 'acknowledged' });
    await worker.runOnce({ scan: false });
    expect(push.to('/push/forget-phone')).toHaveLength(0);
  });

  it('refuses endpoints that are not https (except this machine outside production) and unknown codes', async () => {
    const report = await postReport(app, newReport());
    const bad = newSubscription('http://192.0.2.1/push/x');
    const res = await app.request(
      '/api/push/reports',
      json('POST', { subscription: bad.json, trackingCodes: [report.trackingCode] }),
    );
    expect(res.status).toBe(400);
    const unknown = newSubscription(`${push.origin}/push/unknown`);
    const res2 = await app.request(
      '/api/push/reports',
      json('POST', { subscription: unknown.json, trackingCodes: ['KNT-AAAA-AAAA-AAAA-AAAA'] }),
    );
    expect(res2.status).toBe(404);
    expect(await subscriptions()).toBeGreaterThanOrEqual(0);
    expect((await db.query('select 1 from push_subscriptions where endpoint like $1', ['%/push/unknown'])).length).toBe(
      0,
    );
  });
});

describe('Web Push for staff', () => {
  const THANET = 'E07000114';
  const DOVER = 'E07000108';
  const subscribeStaff = async (email: string, district: string, pushUrgent = true) => {
    const cookie = await signIn(app, await createStaff(db, { email, role: 'commissioner', districts: [district] }));
    if (!pushUrgent) {
      const res = await app.request(
        '/api/alerts/settings',
        asStaff(cookie, { method: 'PUT', body: { ...DEFAULT_ALERT_SETTINGS, pushUrgent: false } }),
      );
      expect(res.status).toBe(200);
    }
    const sub = newSubscription(`${push.origin}/push/${email}`);
    const res = await app.request(
      '/api/push/staff',
      asStaff(cookie, { method: 'POST', body: { subscription: sub.json } }),
    );
    expect(res.status).toBe(204);
    return sub;
  };

  it('an urgent report reaches the browsers of staff who cover its district and want it, with no description', async () => {
    const thanet = await subscribeStaff('push.thanet@kent.example', THANET);
    await subscribeStaff('push.dover@kent.example', DOVER);
    await subscribeStaff('quiet.thanet@kent.example', THANET, false);
    const report = await postReport(
      app,
      newReport({ district: THANET, feelsSafe: 'no', description: 'SECRET-DESCRIPTION mould by the cot' }),
    );
    expect(await push.waitFor(() => push.to('/push/push.thanet@kent.example').length > 0)).toBe(true);
    await worker.runOnce({ scan: false });
    await new Promise((r) => setTimeout(r, 800));
    expect(push.to('/push/push.thanet@kent.example')).toHaveLength(1);
    expect(push.to('/push/push.dover@kent.example')).toHaveLength(0);
    expect(push.to('/push/quiet.thanet@kent.example')).toHaveLength(0);
    const payload = decryptPush(thanet, push.to('/push/push.thanet@kent.example')[0]!.body);
    const message = JSON.parse(payload) as { title: string; body: string; url: string };
    expect(message.title).toBe(`Urgent housing report ${report.trackingCode} in Thanet`);
    expect(message.url).toBe(`/dashboard/reports/${report.id}`);
    expect(payload).not.toMatch(/SECRET|cot|latitude|51\.\d/);
  });

  it('signing out of push on one browser stops its alerts', async () => {
    const email = 'leaving.thanet@kent.example';
    const cookie = await signIn(app, await createStaff(db, { email, role: 'commissioner', districts: [THANET] }));
    const sub = newSubscription(`${push.origin}/push/${email}`);
    await app.request('/api/push/staff', asStaff(cookie, { method: 'POST', body: { subscription: sub.json } }));
    const res = await app.request(
      '/api/push/staff',
      asStaff(cookie, { method: 'DELETE', body: { endpoint: sub.json.endpoint } }),
    );
    expect(res.status).toBe(204);
    await postReport(app, newReport({ district: THANET, feelsSafe: 'no' }));
    await worker.runOnce({ scan: false });
    await new Promise((r) => setTimeout(r, 800));
    expect(push.to(`/push/${email}`)).toHaveLength(0);
  });
});
