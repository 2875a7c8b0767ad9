// Push for a young person, in headless Chromium against the built app and the real server. Headless
// Chromium has no push service to subscribe with offline, so PushManager.subscribe is the one thing
// stood in for: it hands the page a subscription whose keys this test holds, at a local push service.
// The rest is real: the permission flow (granted, and an iPhone without the home-screen app), the app's
// POST of the subscription, the server's encrypted push (decrypted here), a real push event delivered to
// the service worker over CDP, the notification it shows, and what tapping it opens (offline).
import type { Page } from 'playwright-core';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../api/db/client';
import { setupBrowser, type BrowserSession } from '../helpers/browser';
import { decryptPush, newSubscription, startPushService } from '../helpers/push-service';
import { fileReport } from '../helpers/report-form';
import { freshDataDir, startServer, type RunningServer } from '../helpers/server';
import { createStaff, STAFF_PASSWORD } from '../helpers/staff';

let push: Awaited<ReturnType<typeof startPushService>>;
let server: RunningServer;
let b: BrowserSession;
let page: Page;
let dataDir = '';
const sub = { current: newSubscription('http://127.0.0.1/unset') };
let canNotify = false;

async function staffCookie() {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ email: 'thanet@kent.example', password: STAFF_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

beforeAll(async () => {
  push = await startPushService();
  sub.current = newSubscription(`${push.origin}/push/browser`);
  dataDir = await freshDataDir();
  const db = await openPglite(dataDir);
  await createStaff(db, { email: 'thanet@kent.example', role: 'commissioner', districts: ['E07000114'] });
  await db.close();
  server = await startServer({ dataDir, env: { ALERT_POLL_SECONDS: '0.3', RATE_LIMIT: 'off' } });
  b = await setupBrowser();
  page = b.page;
  await b.context.grantPermissions(['notifications'], { origin: server.url });
  // the stand-in for the browser's push service registration (see above)
  await b.context.addInitScript((json) => {
    const fake = {
      endpoint: json.endpoint,
      toJSON: () => json,
      unsubscribe: async () => (localStorage.removeItem('test.subscribed'), true),
    };
    PushManager.prototype.subscribe = async () => (
      localStorage.setItem('test.subscribed', '1'),
      fake as unknown as PushSubscription
    );
    PushManager.prototype.getSubscription = async () =>
      localStorage.getItem('test.subscribed') ? (fake as unknown as PushSubscription) : null;
  }, sub.current.json);
  // the npm-packaged Chromium (a headless shell, used where Debian's is missing) refuses every notification
  // permission, so nothing here can be shown on it; Debian's Chromium, as in CI, grants it
  await page.goto(`${server.url}/api/health`);
  canNotify = await page.evaluate(() => Notification.permission === 'granted');
  if (!canNotify)
    console.warn(
      `alerts-push.e2e.ts not run: ${await b.context.browser()?.version()} refuses notifications; Debian's chromium (as in CI) grants them.`,
    );
});
afterAll(async () => {
  await b?.close();
  await server?.stop();
  await push?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('news of a report on this phone', () => {
  it('offered only after sending; a status change pushes "has an update" without the note; tapping opens My reports offline', async (ctx) => {
    if (!canNotify) return ctx.skip();
    await page.goto(`${server.url}/report?lang=en`);
    await b.waitForServiceWorker();
    expect(await page.getByTestId('report-news').count()).toBe(0);
    await fileReport(page);
    await page.locator('[data-testid="report-result"][data-state="sent"]').waitFor();
    await page.locator('[data-testid="report-news"][data-availability="ok"]').waitFor();
    const posted = page.waitForRequest((r) => r.url().endsWith('/api/push/reports') && r.method() === 'POST');
    await page.getByTestId('report-news-toggle').click();
    expect(JSON.parse((await posted).postData()!)).toMatchObject({ subscription: sub.current.json, language: 'en' });
    await page.locator('[data-testid="report-news"][data-on="true"]').waitFor();

    // staff change its status, with a message for the young person
    const cookie = await staffCookie();
    const list = (await (await fetch(`${server.url}/api/dashboard/reports`, { headers: { cookie } })).json()) as {
      reports: { id: string }[];
    };
    const start = Date.now();
    const patched = await fetch(`${server.url}/api/dashboard/reports/${list.reports[0]!.id}`, {
      method: 'PATCH',
      headers: { cookie, origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'acknowledged', publicNote: 'SECRET NOTE: the landlord Mr Smith will come' }),
    });
    expect(patched.status).toBe(200);
    expect(await push.waitFor(() => push.to('/push/browser').length === 1)).toBe(true);
    console.log(`status change → push (browser test): ${push.to('/push/browser')[0]!.at - start} ms`);
    const payload = decryptPush(sub.current, push.to('/push/browser')[0]!.body);
    expect(JSON.parse(payload)).toMatchObject({ body: 'Your report about damp has an update', url: '/my-reports' });
    expect(payload).not.toMatch(/SECRET|Smith|landlord/);

    // the same bytes, as the push service would hand them to the browser: a real push event in the worker
    const cdp = await b.context.newCDPSession(page);
    const registrations = new Promise<{ registrationId: string; scopeURL: string }[]>((resolve) =>
      cdp.on(
        'ServiceWorker.workerRegistrationUpdated',
        (e: { registrations: { registrationId: string; scopeURL: string }[] }) => resolve(e.registrations),
      ),
    );
    await cdp.send('ServiceWorker.enable');
    const [registration] = (await registrations).filter((r) => r.scopeURL.startsWith(server.url));
    await cdp.send('ServiceWorker.deliverPushMessage', {
      origin: server.url,
      registrationId: registration!.registrationId,
      data: payload,
    });
    const notifications = () =>
      page.evaluate(async () =>
        (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
          title: n.title,
          body: n.body,
          url: (n.data as { url: string }).url,
        })),
      );
    const end = Date.now() + 10_000;
    while ((await notifications()).length === 0 && Date.now() < end) await page.waitForTimeout(100);
    expect(await notifications()).toEqual([
      { title: 'Care Leaver Hub', body: 'Your report about damp has an update', url: '/my-reports' },
    ]);

    // tapping it, offline, from another page of the app
    await page.goto(`${server.url}/about`);
    await b.goOffline();
    const worker = b.context.serviceWorkers().find((w) => w.url().startsWith(server.url))!;
    // (runs in the worker: its types are not this file's, hence the loose ones)
    await worker.evaluate(async () => {
      const sw = self as unknown as {
        registration: { getNotifications(): Promise<unknown[]> };
        dispatchEvent(e: Event): boolean;
      };
      const [notification] = await sw.registration.getNotifications();
      const NotificationEventOf = (
        self as unknown as { NotificationEvent: new (type: string, init: { notification: unknown }) => Event }
      ).NotificationEvent;
      const event = new NotificationEventOf('notificationclick', { notification });
      // a script-made event may not extend itself; the handler's promise is awaited here instead
      let done: Promise<unknown> = Promise.resolve();
      Object.defineProperty(event, 'waitUntil', { value: (p: Promise<unknown>) => (done = p) });
      sw.dispatchEvent(event);
      await done;
    });
    await page.waitForURL(/\/my-reports$/);
    await page.getByRole('heading', { level: 1, name: 'My reports' }).waitFor();
    await page.getByTestId('my-report').first().waitFor();
    await b.goOnline();
  });

  it('"Remove from this phone" unsubscribes on the server; an iPhone without the home-screen app is told to add it first', async (ctx) => {
    if (!canNotify) return ctx.skip();
    await page.goto(`${server.url}/my-reports`);
    await page.getByTestId('my-report').first().waitFor();
    const removed = page.waitForRequest((r) => r.url().endsWith('/api/push/reports') && r.method() === 'DELETE');
    await page.getByRole('button', { name: 'Remove from this phone' }).click();
    await page.getByTestId('my-report-remove-yes').click();
    expect(JSON.parse((await removed).postData()!)).toMatchObject({ endpoint: sub.current.json.endpoint });
    await page.getByTestId('my-reports-empty').waitFor();

    const iphone = await b.context.newPage();
    await iphone.addInitScript(() => {
      Object.defineProperty(navigator, 'userAgent', {
        value: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
      });
      delete (window as { PushManager?: unknown }).PushManager;
    });
    await iphone.goto(`${server.url}/report?lang=en`);
    await fileReport(iphone);
    await iphone.locator('[data-testid="report-news"][data-availability="ios-home-screen"]').waitFor();
    expect(await iphone.getByTestId('report-news').textContent()).toContain('add this app to your home screen');
    expect(await iphone.getByTestId('report-news-toggle').count()).toBe(0);
  });
});
