/**
 * Staff alerts by email through a real SMTP server in this process (smtp-server), with the app's own
 * worker, on PGlite and PostgreSQL: who gets what, what a mail may hold, retries, the at-most-once rule,
 * the deadline scan, and two servers on one database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { DEFAULT_ALERT_SETTINGS } from '../../api/contract/alerts';
import type { Env } from '../../api/env';
import { scanDeadlines, scanDigest } from '../../api/modules/alerts/alert-scan';
import { markAbandoned } from '../../api/modules/alerts/alert-sender';
import { startAlertWorker } from '../../api/modules/alerts/alerts.worker';
import { createMailer } from '../../api/modules/alerts/mail';
import { startAlertApp } from '../helpers/alert-app';
import { newReport, postReport } from '../helpers/reports';
import { startSmtpSink } from '../helpers/smtp-sink';
import { asStaff, createStaff, signIn } from '../helpers/staff';
import type { createTestDb } from '../helpers/test-db';

const THANET = 'E07000114';
const DOVER = 'E07000108';
const ukHour = Number(
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', hourCycle: 'h23' }).format(new Date()),
);

let db: Awaited<ReturnType<typeof createTestDb>>;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let env: Env;
let rig: Awaited<ReturnType<typeof startAlertApp>>;
let app: ReturnType<typeof createApp>;
let admin = '';
let thanetCookie = '';
let doverCookie = '';
const busy = new Set<string>();

const urgentIn = (district: string) =>
  newReport({
    district,
    feelsSafe: 'no',
    categories: ['damp'],
    description: 'SECRET-DESCRIPTION mould behind the bed',
  });
const deliveries = (reportId: string) =>
  db.query<{ recipient: string; state: string; attempts: number }>(
    `select d.recipient, d.state, d.attempts from alert_deliveries d join alert_events e on e.id = d.event_id where e.report_id = $1 order by d.recipient`,
    [reportId],
  );

beforeAll(async () => {
  smtp = await startSmtpSink({ refuse: (to) => busy.has(to) && (busy.delete(to), true) });
  // the digest hour is far from now: no digest in these tests
  rig = await startAlertApp({
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Hub <alerts@hub.example>',
    ALERT_DIGEST_HOUR: (ukHour + 12) % 24,
  });
  ({ db, env, app } = rig);
  const thanet = await createStaff(db, { email: 'thanet@kent.example', role: 'commissioner', districts: [THANET] });
  doverCookie = await signIn(
    app,
    await createStaff(db, { email: 'dover@kent.example', role: 'commissioner', districts: [DOVER] }),
  );
  admin = await signIn(app, await createStaff(db, { email: 'admin@kent.example', role: 'admin' }));
  thanetCookie = await signIn(app, thanet);
  const res = await app.request(
    `/api/alerts/duty-inboxes/${THANET}`,
    asStaff(admin, { method: 'PUT', body: { email: 'Duty.Thanet@kent.example' } }),
  );
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await rig?.stop();
  await smtp?.close();
});

describe('staff alerts by email', () => {
  it('an urgent report in Thanet: one mail each to the Thanet commissioner and duty inbox within seconds, none to Dover, no description or place', async () => {
    const before = smtp.mails.length;
    const start = Date.now();
    const report = await postReport(app, urgentIn(THANET));
    await smtp.waitFor(before + 2);
    const elapsed = Math.max(...smtp.mails.slice(before).map((m) => m.at)) - start;
    console.log(
      `report → email: ${elapsed} ms (${env.SMTP_URL ? 'SMTP' : 'log'}, ${process.env.TEST_DB_ENGINE ?? 'pglite'})`,
    );
    expect(elapsed).toBeLessThan(10_000);
    // nothing more comes
    await new Promise((r) => setTimeout(r, 1000));
    const mails = smtp.mails.slice(before);
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['duty.thanet@kent.example', 'thanet@kent.example']);
    expect(smtp.to('dover@kent.example')).toEqual([]);
    for (const mail of mails) {
      expect(mail.text).toContain(report.trackingCode);
      expect(mail.text).toContain('District: Thanet');
      expect(mail.text).toContain(`http://localhost/dashboard/reports/${report.id}`);
      for (const text of [mail.raw, mail.text]) {
        expect(text).not.toContain('SECRET-DESCRIPTION');
        expect(text).not.toMatch(/mould behind|latitude|longitude|51\.\d{3}/i);
      }
      expect(mail.messageId).toMatch(/^<alert-[0-9a-f-]{36}@hub\.example>$/);
      expect(mail.subject).toMatch(/^Urgent housing report/);
    }
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(2);
    expect((await deliveries(report.id)).map((d) => d.state)).toEqual(['sent', 'sent']);
  });

  it('a report that is not urgent alerts no staff', async () => {
    const before = smtp.mails.length;
    const report = await postReport(app, newReport({ district: THANET }));
    await rig.worker.runOnce({ scan: false });
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.mails.length).toBe(before);
    expect(await deliveries(report.id)).toEqual([]);
  });

  it('each person chooses: a commissioner who turned urgent emails off gets none', async () => {
    const off = {
      emailUrgent: false,
      emailDeadlines: true,
      emailDigest: true,
      emailMyReports: true,
      pushUrgent: true,
      pushDeadlines: true,
    };
    expect(
      (await app.request('/api/alerts/settings', asStaff(thanetCookie, { method: 'PUT', body: off }))).status,
    ).toBe(200);
    expect(await (await app.request('/api/alerts/settings', asStaff(thanetCookie))).json()).toEqual(off);
    const before = smtp.mails.length;
    await postReport(app, urgentIn(THANET));
    await smtp.waitFor(before + 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.mails.slice(before).map((m) => m.to[0])).toEqual(['duty.thanet@kent.example']);
    await app.request(
      '/api/alerts/settings',
      asStaff(thanetCookie, { method: 'PUT', body: { ...off, emailUrgent: true } }),
    );
  });

  it('a server that says "try later" (451) gets the mail again after a backoff: delivered once', async () => {
    busy.add('thanet@kent.example');
    const before = smtp.to('thanet@kent.example').length;
    const report = await postReport(app, urgentIn(THANET));
    const end = Date.now() + 20_000;
    while (smtp.to('thanet@kent.example').length === before && Date.now() < end)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.to('thanet@kent.example').length).toBe(before + 1);
    const mine = (await deliveries(report.id)).find((d) => d.recipient === 'thanet@kent.example')!;
    expect(mine).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('a delivery left "sending" by a server that died is never sent again, and the dashboard says so', async () => {
    const status = async () =>
      (await app.request('/api/alerts/status', asStaff(thanetCookie))).json() as Promise<{
        email: string;
        notDelivered: number;
      }>;
    expect(await status()).toEqual({ email: 'smtp', notDelivered: 0 });
    await rig.worker.stop();
    const report = await postReport(app, urgentIn(THANET));
    const second = startAlertWorker({ db, env, mailer: createMailer(env), timers: false });
    await second.runOnce({ scan: false }).catch(() => undefined);
    // as if the process had claimed it and died before marking it: 'sending' with a lease already over
    const before = smtp.mails.length;
    await db.query(
      `update alert_deliveries set state = 'pending' where state = 'sent' and event_id in (select id from alert_events where report_id = $1)`,
      [report.id],
    );
    await db.query(
      `update alert_deliveries set state = 'sending', lease_until = now() - interval '1 second' where event_id in (select id from alert_events where report_id = $1)`,
      [report.id],
    );
    expect(await markAbandoned(db)).toBe(2);
    await second.runOnce({ scan: false });
    expect(smtp.mails.length).toBe(before);
    expect((await deliveries(report.id)).map((d) => d.state)).toEqual(['unconfirmed', 'unconfirmed']);
    expect(await status()).toEqual({ email: 'smtp', notDelivered: 2 });
    await second.stop();
    rig.worker = rig.startWorker();
  });

  it('due soon and overdue are found by the scan once per report, kind and deadline', async () => {
    const old = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const report = await postReport(app, newReport({ district: DOVER, createdAt: old }));
    // a deadline passed an hour ago
    await db.query(`update reports set due_at = now() - interval '1 hour' where id = $1`, [report.id]);
    const before = smtp.to('dover@kent.example').length;
    expect(await scanDeadlines(db)).toBeGreaterThanOrEqual(1);
    expect(await scanDeadlines(db)).toBe(0);
    await smtp.waitFor(smtp.mails.length + 1);
    await rig.worker.runOnce({ scan: false });
    const dover = smtp.to('dover@kent.example').slice(before);
    expect(dover.map((m) => m.subject)).toEqual([expect.stringMatching(/^Overdue: housing report/)]);
    expect(dover[0]!.text).toContain(report.trackingCode);
  });
});

describe('the daily digest', () => {
  it('goes out once a day during its hour: each commissioner for their districts, each duty inbox for its own', async () => {
    // one moment for the whole test, so that the hour cannot turn meanwhile
    const now = new Date();
    const hour = Number(
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', hourCycle: 'h23' }).format(now),
    );
    expect(await scanDigest(db, (hour + 1) % 24, now)).toBe(false);
    const before = smtp.mails.length;
    expect(await scanDigest(db, hour, now)).toBe(true);
    expect(await scanDigest(db, hour, now)).toBe(false);
    const digests = () => smtp.mails.slice(before).filter((m) => m.subject.startsWith('Housing reports today'));
    const end = Date.now() + 15_000;
    while (digests().length < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    expect(
      digests()
        .map((m) => m.to[0])
        .sort(),
    ).toEqual(['dover@kent.example', 'duty.thanet@kent.example', 'thanet@kent.example']);
    const thanet = digests().find((m) => m.to[0] === 'thanet@kent.example')!;
    expect(thanet.text).toMatch(/^Thanet: \d+ overdue, \d+ due within 2 days/m);
    expect(thanet.text).not.toContain('Dover:');
    expect(digests().find((m) => m.to[0] === 'dover@kent.example')!.text).toMatch(/^Dover: 1 overdue/m);
    for (const m of digests()) expect(m.text).not.toContain('SECRET-DESCRIPTION');
  });
});

describe('the PA named on a report', () => {
  const PA = 'pat.pa@kent.example';
  const throughPa = (overrides: Record<string, unknown> = {}) =>
    newReport({
      district: DOVER,
      description: 'SECRET-DESCRIPTION damp in the kitchen',
      contact: { method: 'pa' },
      pa: { name: 'Pat Adviser', email: 'Pat.PA@Kent.example' },
      ...overrides,
    });
  const toPa = (code: string) => smtp.to(PA).filter((m) => m.text.includes(code));
  const waitForPa = async (code: string, n: number) => {
    const deadline = Date.now() + 10_000;
    while (toPa(code).length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    return toPa(code);
  };

  it('is emailed when the report is made, urgent or not, with no description, contact or place', async () => {
    const report = await postReport(app, throughPa());
    const [mail, extra] = await waitForPa(report.trackingCode, 1);
    expect(extra).toBeUndefined();
    expect(mail!.subject).toBe(`Housing report ${report.trackingCode} names you as PA`);
    expect(mail!.text).toContain('District: Dover');
    // their own page, not the dashboard (which answers a PA with 403)
    expect(mail!.text).toContain(`http://localhost/pa/reports/${report.id}`);
    expect(mail!.text).not.toContain('/dashboard/');
    for (const text of [mail!.raw, mail!.text]) {
      expect(text).not.toContain('SECRET-DESCRIPTION');
      expect(text).not.toMatch(/latitude|longitude/i);
    }
    // a non-urgent report in Dover alerts no commissioner
    expect(smtp.to('dover@kent.example').filter((m) => m.text.includes(report.trackingCode))).toEqual([]);
  });

  it('is emailed when staff change the status, and when they send a note from a template only', async () => {
    const report = await postReport(app, throughPa());
    await waitForPa(report.trackingCode, 1);
    const patch = (body: unknown) =>
      app.request(`/api/dashboard/reports/${report.id}`, asStaff(doverCookie, { method: 'PATCH', body }));
    expect((await patch({ status: 'acknowledged' })).status).toBe(200);
    await waitForPa(report.trackingCode, 2);
    expect((await patch({ template: { id: 'received', fields: {} } })).status).toBe(200);
    const mails = await waitForPa(report.trackingCode, 3);
    expect(mails.map((m) => m.subject)).toEqual([
      `Housing report ${report.trackingCode} names you as PA`,
      `Housing report ${report.trackingCode} has an update (status or a message for the young person)`,
      `Housing report ${report.trackingCode} has an update (status or a message for the young person)`,
    ]);
    // an internal note is not news for the PA
    expect((await patch({ internalNote: 'Synthetic: called the landlord.' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1000));
    expect(toPa(report.trackingCode)).toHaveLength(3);
  });

  it("is emailed when the young person answers, and the answer is not pushed back to the young person's phone", async () => {
    const report = await postReport(app, throughPa());
    await waitForPa(report.trackingCode, 1);
    const res = await app.request(`/api/reports/${report.trackingCode.toLowerCase().replaceAll('-', '')}/replies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `reply-${crypto.randomUUID()}` },
      body: JSON.stringify({ kind: 'not_fixed' }),
    });
    expect(res.status).toBe(201);
    const mails = await waitForPa(report.trackingCode, 2);
    expect(mails[1]!.subject).toMatch(/^The young person answered on housing report/);
    expect(mails[1]!.text).not.toContain('SECRET-DESCRIPTION');
    const channels = await db.query<{ channel: string }>(
      `select d.channel from alert_deliveries d join alert_events e on e.id = d.event_id where e.report_id = $1`,
      [report.id],
    );
    expect(channels.map((c) => c.channel)).not.toContain('push');
  });

  it('gets nothing when the PA is staff who turned these emails off', async () => {
    const pa = await createStaff(db, { email: 'quiet.pa@kent.example', role: 'pa', districts: [DOVER] });
    const cookie = await signIn(app, pa);
    const settings = await app.request(
      '/api/alerts/settings',
      asStaff(cookie, { method: 'PUT', body: { ...DEFAULT_ALERT_SETTINGS, emailMyReports: false } }),
    );
    expect(settings.status).toBe(200);
    const report = await postReport(app, throughPa({ pa: { name: 'Quiet', email: 'quiet.pa@kent.example' } }));
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.to('quiet.pa@kent.example').filter((m) => m.text.includes(report.trackingCode))).toEqual([]);
    expect(await deliveries(report.id)).toEqual([]);
  });
});

describe('two app servers on one database', () => {
  it('every event is mailed once to each recipient, whichever server sends it', async () => {
    await rig.worker.stop();
    const other = await db.connectAgain();
    const a = rig.startWorker(db);
    const b = rig.startWorker(other);
    const appB = createApp({ db: other, env, alerts: b });
    const before = smtp.mails.length;
    const reports = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => postReport(i % 2 ? app : appB, urgentIn(THANET))));
    await smtp.waitFor(before + reports.length * 2, 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    // (the new servers' first deadline scan may add due-soon mails about earlier reports: those are not counted)
    const mails = smtp.mails.slice(before).filter((m) => reports.some((r) => m.text.includes(r.trackingCode)));
    expect(mails.length).toBe(reports.length * 2);
    expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(smtp.mails.length);
    for (const r of reports)
      expect(
        mails
          .filter((m) => m.text.includes(r.trackingCode))
          .map((m) => m.to[0])
          .sort(),
      ).toEqual(['duty.thanet@kent.example', 'thanet@kent.example']);
    await a.stop();
    await b.stop();
    await other.close();
    rig.worker = rig.startWorker();
  });
});
