// XSS in the pages: a young person's report with script payloads in its description and
// provider, and a staff note with more, are shown as plain text on the phone (the form's check step,
// "My reports") and in the dashboard — no dialog, no injected element, the text exactly as typed.
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../api/db/client';
import { prepareDatabase } from '../../api/db/prepare';
import { setupBrowser, type BrowserSession } from '../helpers/browser';
import { freshDataDir, startServer, type RunningServer } from '../helpers/server';
import { createStaff, STAFF_PASSWORD } from '../helpers/staff';

const DESCRIPTION = `Mould on every wall <img src=x onerror="window.__xss=(window.__xss||0)+1;alert('description')"> <script>window.__xss=1</script> {{ 7*7 }}`;
const PROVIDER = `<img src=x onerror="alert('provider')"> Homes`;
const NOTE = `We will call you. <img src=x onerror="alert('note')"><svg onload="alert('svg')"></svg> {{ 6*7 }}`;
const COMMISSIONER = 'xss-commissioner@example.test';

let dataDir: string;
let server: RunningServer;
let b: BrowserSession;
const dialogs: string[] = [];
let reportId = '';

beforeAll(async () => {
  dataDir = await freshDataDir();
  // a commissioner account in the server's database (PGlite: written while no server holds it)
  const db = await openPglite(dataDir);
  await prepareDatabase(db);
  await createStaff(db, { email: COMMISSIONER, role: 'commissioner' });
  await db.close();
  server = await startServer({ dataDir });
  b = await setupBrowser();
  b.page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Nothing ran: no dialog, no flag set by a payload, no element a payload would have made. */
async function expectNothingRan(page: Page) {
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await page.locator('img[src="x"], svg[onload], script:not([src])').count()).toBe(0);
}

const next = (page: Page) => page.getByTestId('report-next').click();

describe('script payloads are shown as text', () => {
  it('in the report form, as typed, up to the check step', async () => {
    const page = b.page;
    await page.goto(`${server.url}/report?lang=en`);
    await page.getByTestId('report-step-problem').waitFor();
    await page.getByTestId('category-damp').click();
    await next(page);
    await page.getByTestId('feels-safe-yes').check();
    await next(page);
    await page.getByTestId('where-district').check();
    await page.getByTestId('district-select').selectOption('E07000114');
    await next(page);
    await page.getByTestId('description').fill(DESCRIPTION);
    await page.getByTestId('accommodation-private_rented').check();
    await page.locator('#report-provider').fill(PROVIDER);
    await next(page);
    await next(page); // no photos
    await page.getByTestId('contact-pa').check();
    await next(page);

    await page.getByTestId('report-step-check').waitFor();
    const summary = await page.locator('.report-summary').innerText();
    expect(summary).toContain(DESCRIPTION);
    expect(summary).toContain(PROVIDER);
    expect(summary).not.toContain('49');
    await expectNothingRan(page);

    await page.getByTestId('report-send').click();
    await page.getByTestId('report-result').waitFor();
    await expect
      .poll(() => page.getByTestId('report-result').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('sent');
    await expectNothingRan(page);
  });

  it('in "My reports", with a staff note full of markup', async () => {
    // the commissioner acknowledges the report with a public note (through the API, as the dashboard does)
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: COMMISSIONER, password: STAFF_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const staff = { cookie, origin: server.url };
    const list = (await (await fetch(`${server.url}/api/dashboard/reports`, { headers: staff })).json()) as {
      reports: { id: string }[];
    };
    expect(list.reports).toHaveLength(1);
    reportId = list.reports[0]!.id;
    const patched = await fetch(`${server.url}/api/dashboard/reports/${list.reports[0]!.id}`, {
      method: 'PATCH',
      headers: { ...staff, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'acknowledged', publicNote: NOTE }),
    });
    expect(patched.status, await patched.clone().text()).toBe(200);
    const detail = (await patched.json()) as { description: string; provider: string };
    expect(detail).toMatchObject({ description: DESCRIPTION, provider: PROVIDER });

    const page = b.page;
    await page.goto(`${server.url}/my-reports?lang=en`);
    const notes = page.getByTestId('my-report-notes');
    await notes.waitFor({ timeout: 20_000 });
    expect(await notes.innerText()).toContain(NOTE);
    expect(await notes.innerText()).not.toContain('42');
    expect(await page.getByTestId('my-report').getAttribute('data-state')).toBe('acknowledged');
    await expectNothingRan(page);
  });

  it('in the dashboard: the report page, the list and the providers, for a signed-in commissioner', async () => {
    const page = b.page;
    await page.goto(`${server.url}/staff/sign-in?lang=en`);
    await page.locator('#staff-email').fill(COMMISSIONER);
    await page.locator('#staff-password').fill(STAFF_PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/staff/sign-in'), { timeout: 20_000 });

    await page.goto(`${server.url}/dashboard/reports/${reportId}?lang=en`);
    const description = page.getByTestId('report-description');
    await description.waitFor({ timeout: 20_000 });
    expect(await description.innerText()).toBe(DESCRIPTION);
    const text = await page.locator('main').innerText();
    expect(text).toContain(PROVIDER);
    await expect.poll(() => page.getByTestId('report-history').innerText()).toContain(NOTE);
    expect(text).not.toMatch(/\b(49|42)\b/);
    await expectNothingRan(page);

    await page.goto(`${server.url}/dashboard/reports?lang=en`);
    await expect.poll(() => page.getByTestId('report-list').innerText(), { timeout: 20_000 }).toContain(PROVIDER);
    await expectNothingRan(page);

    await page.goto(`${server.url}/dashboard?lang=en`);
    await expect.poll(() => page.locator('main').innerText(), { timeout: 20_000 }).toContain(PROVIDER);
    await expectNothingRan(page);

    // what a signed-in member of staff saw is in no cache of the service worker
    const cached = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      }
      return urls;
    });
    expect(cached.length).toBeGreaterThan(0);
    expect(cached.filter((path) => path.startsWith('/api/'))).toEqual([]);
  });
});
