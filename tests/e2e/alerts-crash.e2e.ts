// Alerts survive a crash, and a crash never makes a second mail: the real server (a child process) on
// PGlite, and on PostgreSQL when TEST_DATABASE_URL is set, SIGKILLed, restarted on the same data, mailing a
// real SMTP server in this process.
// 1. The SMTP server says "try later" (451), the server is killed before it tries again: after the
//    restart each recipient gets the alert exactly once.
// 2. The server is killed while the SMTP server holds a mail it has fully received (no "250" yet): after
//    the restart that recipient gets no second mail, and the next recipient gets theirs.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../api/db/client';
import { prepareDatabase } from '../../api/db/prepare';
import { freePort } from '../../bench/lib/server';
import { newReport } from '../helpers/reports';
import { freshDataDir, startServer, type RunningServer } from '../helpers/server';
import { startSmtpSink } from '../helpers/smtp-sink';
import { createStaff } from '../helpers/staff';
import { throwawaySchema } from '../helpers/test-db';

const THANET = 'E07000114';
const RECIPIENTS = ['duty.thanet@kent.example', 'thanet@kent.example'];
const ukHour = Number(
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: 'numeric', hourCycle: 'h23' }).format(new Date()),
);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let mode: 'refuse' | 'hold' | 'accept' = 'refuse';
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let server: RunningServer;
let dataDir = '';

async function postUrgent() {
  const res = await fetch(`${server.url}/api/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `alerts-crash-${crypto.randomUUID()}` },
    body: JSON.stringify(newReport({ district: THANET, feelsSafe: 'no' })),
  });
  expect(res.status).toBe(201);
  return { ...((await res.json()) as { trackingCode: string }), at: Date.now() };
}

const mailsAbout = (code: string) => smtp.mails.filter((m) => m.text.includes(code));

async function until(predicate: () => boolean, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!predicate() && Date.now() < end) await sleep(50);
  return predicate();
}

const engines = process.env.TEST_DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

describe.each(engines)('alerts and SIGKILL on %s', (engine) => {
  let database: Awaited<ReturnType<typeof throwawaySchema>> | undefined;

  beforeAll(async () => {
    smtp = await startSmtpSink({
      port: await freePort(),
      refuse: () => mode === 'refuse',
      hold: () => mode === 'hold',
    });
    dataDir = await freshDataDir();
    if (engine === 'postgres') database = await throwawaySchema('crash');
    const db = await openDb({ databaseUrl: database?.url, dataDir });
    await prepareDatabase(db);
    await createStaff(db, { email: 'thanet@kent.example', role: 'commissioner', districts: [THANET] });
    await createStaff(db, { email: 'dover@kent.example', role: 'commissioner', districts: ['E07000108'] });
    await db.query(`insert into district_duty_inboxes (district_code, email) values ($1, 'duty.thanet@kent.example')`, [
      THANET,
    ]);
    await db.close();
    server = await startServer({
      dataDir,
      env: {
        SMTP_URL: smtp.url,
        ALERT_POLL_SECONDS: '0.3',
        ALERT_DIGEST_HOUR: String((ukHour + 12) % 24),
        RATE_LIMIT: 'off',
        ...(database ? { DATABASE_URL: database.url } : {}),
      },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('killed before the alert went out: after the restart it arrives exactly once', async () => {
    mode = 'refuse';
    const report = await postUrgent();
    // both recipients were tried and told "later" (the next try is 5 s away): kill now
    expect(await until(() => smtp.refused.length >= 2)).toBe(true);
    await sleep(300);
    await server.kill();
    expect(mailsAbout(report.trackingCode)).toEqual([]);
    mode = 'accept';
    const restart = Date.now();
    await server.restart();
    expect(await until(() => mailsAbout(report.trackingCode).length >= 2)).toBe(true);
    await sleep(2000);
    const mails = mailsAbout(report.trackingCode);
    expect(mails.map((m) => m.to[0]).sort()).toEqual(RECIPIENTS);
    expect(smtp.to('dover@kent.example')).toEqual([]);
    console.log(
      `alerts after SIGKILL (${engine}): report → email ${Math.max(...mails.map((m) => m.at)) - report.at} ms, restart → email ${Math.max(...mails.map((m) => m.at)) - restart} ms`,
    );
  });

  it('killed between sending and marking: no second mail after the restart', async () => {
    mode = 'hold';
    const report = await postUrgent();
    // the first recipient's mail is fully received, its "250" held back: the sender is mid-send
    expect(await until(() => mailsAbout(report.trackingCode).length === 1)).toBe(true);
    await server.kill();
    const first = mailsAbout(report.trackingCode)[0]!.to[0];
    mode = 'accept';
    await server.restart();
    // the other recipient's alert was never claimed: it goes out now
    expect(await until(() => mailsAbout(report.trackingCode).length >= 2)).toBe(true);
    await sleep(3000);
    const mails = mailsAbout(report.trackingCode);
    expect(mails.map((m) => m.to[0]).sort()).toEqual(RECIPIENTS);
    expect(mails.filter((m) => m.to[0] === first)).toHaveLength(1);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(2);
  });
});
