/**
 * The production layout, for real: Caddy (deploy/Caddyfile, `tls internal`) in front of two app servers
 * on one PostgreSQL, and headless Chromium going through https://. Runs wherever Caddy and PostgreSQL
 * (TEST_DATABASE_URL) are present, as in CI; elsewhere it says why it did not run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Db } from '../../api/db/client';
import { defaultEnv } from '../../api/env';
import { IDLE_CONNECTION_MS } from '../../api/lib/keep-alive';
import { exited, freePort, waitForHealth } from '../../bench/lib/server';
import { launchChromium, setOffline } from '../helpers/browser';
import { newReport } from '../helpers/reports';
import { SERVER } from '../helpers/server';
import { throwawaySchema } from '../helpers/test-db';
import { startSmtpSink } from '../helpers/smtp-sink';
import { createStaff, STAFF_PASSWORD } from '../helpers/staff';

const CADDY = '/usr/bin/caddy';
const CADDYFILE = join(import.meta.dirname, '../../deploy/Caddyfile');
const databaseUrl = process.env.TEST_DATABASE_URL;
const missing = [!existsSync(CADDY) && 'Caddy (Debian package caddy)', !databaseUrl && 'PostgreSQL (TEST_DATABASE_URL)']
  .filter(Boolean)
  .join(' and ');
if (missing) console.warn(`production.e2e.ts not run: it needs ${missing}; CI has both.`);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request (HTTPS through Caddy, or HTTP to a server) from a chosen loopback address: a "phone" per address. */
function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; from?: string } = {},
) {
  return new Promise<Answer>((resolve, reject) => {
    const req = (url.startsWith('https:') ? httpsRequest : httpRequest)(
      url,
      {
        method: init.method ?? 'GET',
        headers: init.headers,
        rejectUnauthorized: false,
        localAddress: init.from,
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

interface AppServer {
  port: number;
  child: ChildProcess;
  output: () => string;
}

describe.runIf(!missing)('production layout: Caddy over TLS, two app servers, one PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof throwawaySchema>>;
  const dirs: string[] = [];
  const servers: AppServer[] = [];
  let caddy: ChildProcess | undefined;
  let caddyLog = '';
  let origin = '';
  let db: Db;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  const totpKey = defaultEnv().TOTP_KEY!;

  const tempDir = (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `clh-prod-${name}-`));
    dirs.push(dir);
    return dir;
  };

  const post = (report: unknown, key: string, from = '127.0.0.1') =>
    call(`${origin}/api/reports`, {
      method: 'POST',
      from,
      headers: { 'content-type': 'application/json', 'idempotency-key': key, origin },
      body: JSON.stringify(report),
    });

  beforeAll(async () => {
    database = await throwawaySchema('prod');
    smtp = await startSmtpSink({ port: await freePort() });

    const [httpsPort, httpPort] = [await freePort(), await freePort()];
    origin = `https://localhost:${httpsPort}`;
    // both servers start at once: the migrations' advisory lock makes one of them apply them
    const ports = [await freePort(), await freePort()];
    await Promise.all(
      ports.map(async (port) => {
        let log = '';
        const child = spawn(process.execPath, [SERVER], {
          env: {
            ...process.env,
            NODE_ENV: 'production',
            PORT: String(port),
            HOST: '127.0.0.1',
            DATA_DIR: tempDir('data'),
            DATABASE_URL: database.url,
            PUBLIC_ORIGIN: origin,
            TRUST_PROXY: 'true',
            TOTP_KEY: totpKey,
            LOG_REQUESTS: 'true',
            SMTP_URL: smtp.url,
            ALERT_POLL_SECONDS: '0.3',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        child.stdout!.on('data', (d) => (log += d));
        child.stderr!.on('data', (d) => (log += d));
        servers.push({ port, child, output: () => log });
        await waitForHealth(`http://127.0.0.1:${port}`, child, () => log, 90_000);
      }),
    );

    const caddyHome = tempDir('caddy');
    caddy = spawn(CADDY, ['run', '--config', CADDYFILE, '--adapter', 'caddyfile'], {
      env: {
        ...process.env,
        HOME: caddyHome,
        XDG_DATA_HOME: join(caddyHome, 'data'),
        XDG_CONFIG_HOME: join(caddyHome, 'config'),
        HUB_SITE: `localhost:${httpsPort}`,
        HUB_TLS: 'tls internal',
        HUB_UPSTREAMS: ports.map((p) => `127.0.0.1:${p}`).join(' '),
        HUB_ADMIN: 'off',
        HUB_HTTP_PORT: String(httpPort),
        HUB_HTTPS_PORT: String(httpsPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    caddy.stdout!.on('data', (d) => (caddyLog += d));
    caddy.stderr!.on('data', (d) => (caddyLog += d));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ok = await call(`${origin}/api/health`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`Caddy did not answer over TLS:\n${caddyLog.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    db = await openPostgres(databaseUrl!, { searchPath: database.schema, max: 2 });
    // Caddy's internal CA is not in this throwaway profile's trust store
    browser = await launchChromium(['--ignore-certificate-errors']);
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    caddy?.kill('SIGTERM');
    await exited(caddy);
    for (const server of servers) {
      server.child.kill('SIGTERM');
      await exited(server.child);
    }
    await db?.close();
    await smtp?.close();
    await database?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the app over HTTP/2 with HSTS, installs the service worker and works offline', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const first = await page.goto(`${origin}/?lang=en`);
    expect(first?.status()).toBe(200);
    expect(await first?.headerValue('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    expect(
      await page.evaluate(
        () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).nextHopProtocol,
      ),
    ).toBe('h2');
    await page
      .waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 })
      .catch(async () => {
        await page.reload();
        await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
      });
    await setOffline(context, true);
    await page.reload();
    await expect.poll(() => page.locator('h1').first().textContent()).toBeTruthy();
    await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
    await context.close();
  });

  it('signs in with a __Host- Secure HttpOnly cookie that works on whichever server answers', async () => {
    await createStaff(db, {
      email: 'prod.commissioner@example.test',
      role: 'commissioner',
      districts: null,
      totpKey: Buffer.from(totpKey, 'base64'),
    });
    const login = await call(`${origin}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ email: 'prod.commissioner@example.test', password: STAFF_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const setCookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).find((c) => c.startsWith('__Host-'));
    expect(setCookie).toBeDefined();
    expect(setCookie).toMatch(/;\s*Secure/i);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
    expect(setCookie).not.toMatch(/;\s*Domain=/i);
    const cookie = setCookie!.split(';')[0]!;

    const before = servers.map((s) => (s.output().match(/"route":"\/api\/auth\/me"/g) ?? []).length);
    for (let i = 0; i < 6; i++) {
      const me = await call(`${origin}/api/auth/me`, { headers: { cookie } });
      expect(me.status).toBe(200);
      expect(JSON.parse(me.body)).toMatchObject({ email: 'prod.commissioner@example.test' });
    }
    const after = servers.map((s) => (s.output().match(/"route":"\/api\/auth\/me"/g) ?? []).length);
    // round robin: both servers answered, and both knew the session
    expect(after[0]! - before[0]!).toBeGreaterThan(0);
    expect(after[1]! - before[1]!).toBeGreaterThan(0);
  });

  it('stores a report posted twice with one key through the proxy once', async () => {
    const key = `prod-${crypto.randomUUID()}`;
    const report = newReport();
    const first = await post(report, key, '127.0.0.2');
    const second = await post(report, key, '127.0.0.2');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['idempotency-replayed']).toBe('true');
    const rows = await db.query<{ n: number }>('select count(*)::int n from reports where idempotency_key = $1', [key]);
    expect(rows[0]!.n).toBe(1);
  });

  it('mails each urgent report once to each person who should know, whichever of the two servers sends it', async () => {
    await createStaff(db, { email: 'thanet.prod@kent.example', role: 'commissioner', districts: ['E07000114'] });
    await db.query(
      `insert into district_duty_inboxes (district_code, email) values ('E07000114', 'duty.prod@kent.example')`,
    );
    // straight to each server in turn: both workers race for every event
    const codes = await Promise.all(
      [0, 1, 2, 3, 4, 5].map(async (i) => {
        const res = await call(`http://127.0.0.1:${servers[i % 2]!.port}/api/reports`, {
          method: 'POST',
          from: `127.0.0.${30 + i}`,
          headers: { 'content-type': 'application/json', 'idempotency-key': `prod-alert-${i}-${crypto.randomUUID()}` },
          body: JSON.stringify(newReport({ feelsSafe: 'no', description: 'SECRET mould by the cot' })),
        });
        expect(res.status).toBe(201);
        return (JSON.parse(res.body) as { trackingCode: string }).trackingCode;
      }),
    );
    const urgentMails = () => smtp.mails.filter((m) => /^Urgent housing report/.test(m.subject));
    const deadline = Date.now() + 30_000;
    while (urgentMails().length < codes.length * 3 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 2000));
    for (const code of codes) {
      const mails = urgentMails().filter((m) => m.text.includes(code));
      // (the all-district commissioner of the sign-in test is told too)
      expect(mails.map((m) => m.to[0]).sort(), code).toEqual([
        'duty.prod@kent.example',
        'prod.commissioner@example.test',
        'thanet.prod@kent.example',
      ]);
      for (const m of mails) expect(m.raw).not.toContain('SECRET');
    }
    expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(smtp.mails.length);
  });

  it('counts the rate limit by the real client address; a spoofed X-Forwarded-For does not reset it', async () => {
    const from = '127.0.0.3';
    let refused: Answer | undefined;
    for (let i = 0; i < 40 && !refused; i++) {
      const res = await post(newReport(), `limit-${i}-${crypto.randomUUID()}`, from);
      if (res.status === 429) refused = res;
      else expect(res.status).toBe(201);
    }
    expect(refused, 'the report-creation limit never answered 429').toBeDefined();
    expect(refused!.headers['retry-after']).toBeDefined();
    for (const spoof of ['203.0.113.7', '127.0.0.99', '10.1.2.3, 198.51.100.4']) {
      const again = await call(`${origin}/api/reports`, {
        method: 'POST',
        from,
        headers: {
          'content-type': 'application/json',
          'idempotency-key': `spoof-${crypto.randomUUID()}`,
          origin,
          'x-forwarded-for': spoof,
        },
        body: JSON.stringify(newReport()),
      });
      expect(again.status).toBe(429);
    }
    // another phone is not affected
    expect((await post(newReport(), `other-${crypto.randomUUID()}`, '127.0.0.4')).status).toBe(201);
  });

  it('keeps an idle connection to an app server open longer than Caddy does, so Caddy never sends on a closing one', async () => {
    const caddyIdle = /keepalive (\d+)s/.exec(readFileSync(CADDYFILE, 'utf8'))?.[1];
    expect(Number(caddyIdle) * 1000).toBeLessThan(IDLE_CONNECTION_MS);
    // past Node's own 5 s, the app still holds the connection: the second request goes on the same socket
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const health = () =>
      new Promise<boolean>((resolve, reject) => {
        const req = httpRequest(`http://127.0.0.1:${servers[0]!.port}/api/health`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(req.reusedSocket));
        });
        req.on('error', reject);
        req.end();
      });
    expect(await health()).toBe(false);
    await new Promise((r) => setTimeout(r, 6_000));
    expect(await health()).toBe(true);
    agent.destroy();
  });

  it('reports the time of a report POST through Caddy and straight to one app server (figures, no limit)', async () => {
    const timed = async (base: string, count: number, subnet: number) => {
      const times: number[] = [];
      for (let i = 0; i < count; i++) {
        // 10 reports per address: under the per-client limit
        const from = `127.0.${subnet}.${Math.floor(i / 10) + 1}`;
        const started = performance.now();
        const res = await call(`${base}/api/reports`, {
          method: 'POST',
          from,
          headers: { 'content-type': 'application/json', 'idempotency-key': `time-${crypto.randomUUID()}`, origin },
          body: JSON.stringify(newReport()),
        }).catch((error: Error) => ({ status: 0, body: error.message }) as Answer);
        expect(res.status, res.body).toBe(201);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
      return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`;
    };
    const viaCaddy = await timed(origin, 100, 3);
    const direct = await timed(`http://127.0.0.1:${servers[1]!.port}`, 100, 4);
    console.info(
      `report POST, one at a time, a new connection each: through Caddy to two servers ${viaCaddy}; straight to one server ${direct}`,
    );
  });

  it('loses no report when one app server dies mid-burst: the phones retry and land on the other', async () => {
    // 4 reports per phone: retries of a report the dead server stored count against the same phone's limit
    const phones = Array.from({ length: 12 }, (_, i) => `127.0.1.${i + 1}`);
    const keys = phones.flatMap((from) =>
      Array.from({ length: 4 }, (_, j) => ({ from, key: `burst-${from}-${j}-${crypto.randomUUID()}` })),
    );
    let retries = 0;
    const failures = new Map<string, number>();
    const slowest: number[] = [];
    // like the phone's outbox: the same key again after a network error or a 5xx, with a short backoff
    const deliver = async ({ from, key }: { from: string; key: string }) => {
      const started = Date.now();
      const report = newReport({ description: `burst ${key}` });
      for (let attempt = 0; attempt < 30; attempt++) {
        const res = await post(report, key, from).catch(() => undefined);
        if (res?.status === 201) {
          slowest.push(Date.now() - started);
          return;
        }
        if (res && res.status < 500 && res.status !== 429) throw new Error(`${res.status}: ${res.body}`);
        retries++;
        const why = res ? `${res.status} ${res.body.slice(0, 60)}` : 'network';
        failures.set(why, (failures.get(why) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 100 * (attempt + 1)));
      }
      throw new Error(`report ${key} never delivered`);
    };
    const victim = servers[0]!;
    const burst = Promise.all(keys.map((k, i) => new Promise((r) => setTimeout(r, i * 15)).then(() => deliver(k))));
    await new Promise((r) => setTimeout(r, 200));
    victim.child.kill('SIGKILL');
    await exited(victim.child);
    await burst;

    const rows = await db.query<{ key: string; n: number }>(
      `select idempotency_key key, count(*)::int n from reports where idempotency_key like 'burst-%' group by 1`,
    );
    expect(rows.length).toBe(keys.length);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    slowest.sort((a, b) => a - b);
    console.info(
      `one server killed mid-burst: ${keys.length} reports from ${phones.length} phones, all stored once; ` +
        `${retries} retries (${[...failures].map(([why, n]) => `${why}×${n}`).join(', ')}); slowest acknowledgement ${slowest.at(-1)} ms, median ${slowest[Math.floor(slowest.length / 2)]} ms`,
    );
  });
});
