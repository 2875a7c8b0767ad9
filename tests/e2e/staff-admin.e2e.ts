// Staff administration in a real browser against the built app and the real server: an admin
// signs in with a code from the authenticator app, makes a commissioner limited to Thanet, sees the new
// password once, and disables the account, after which that person is signed out and cannot sign in; the
// audit log shows both, by the admin; "My account" shows a person's role and districts; a commissioner
// who opens the admin pages gets a plain "not allowed"; axe-core finds no violations. Runs after
// `npm run build`.
import { rmSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import { openPglite } from '../../api/db/client';
import { defaultEnv } from '../../api/env';
import { totpCode } from '../../api/modules/auth/totp';
import { axe, setupBrowser, type BrowserSession } from '../helpers/browser';
import { freshDataDir, startServer, type RunningServer } from '../helpers/server';
import { createStaff, STAFF_PASSWORD, type TestStaff } from '../helpers/staff';

const ADMIN = 'kent.admin@example.test';
const VIEWER = 'dover.commissioner@example.test';
const NEWCOMER = 'thanet.newcomer@example.test';
const VIEWPORT = { width: 1280, height: 900 };

let server: RunningServer;
let b: BrowserSession;
let admin: TestStaff;
let dataDir: string;
/** Other people, each in a browser profile of their own: cookies apart. */
const others: BrowserContext[] = [];
/** Uncaught errors of every page (a crash), by page. */
const crashes: string[] = [];
let newcomerPassword = '';

beforeAll(async () => {
  // accounts are made before the server starts (PGlite has one owner at a time)
  dataDir = await freshDataDir();
  const db = await openPglite(dataDir);
  try {
    admin = await createStaff(db, { email: ADMIN, role: 'admin' }); // admins always have an authenticator app
    await createStaff(db, { email: VIEWER, role: 'commissioner', districts: ['E07000108'] });
  } finally {
    await db.close();
  }
  // createStaff seals the admin's TOTP secret with this process's key: the server opens it with the same
  server = await startServer({ dataDir, env: { TOTP_KEY: defaultEnv().TOTP_KEY! } });
  // axe is injected as a script: the app's CSP (script-src 'self') would block it, so bypass it in the test only
  b = await setupBrowser({ bypassCSP: true, viewport: VIEWPORT });
  b.context.setDefaultTimeout(10_000); // a broken step fails in seconds, not in the default 30
  b.page.on('pageerror', (error) => crashes.push(`admin: ${error.message}`));
});

afterAll(async () => {
  for (const context of others) await context.close();
  await b?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function otherPerson(name: string): Promise<Page> {
  const context = await b.browser.newContext({ bypassCSP: true, viewport: VIEWPORT });
  others.push(context);
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => crashes.push(`${name}: ${error.message}`));
  return page;
}

/** The sign-in form as a person fills it in (already on the sign-in page). */
async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel(en.auth.sign_in.email).fill(email);
  await page.getByLabel(en.auth.sign_in.password).fill(password);
  await page.getByRole('button', { name: en.auth.sign_in.submit }).click();
}

/** The facts on "My account", as label → value. */
async function accountFacts(page: Page): Promise<Record<string, string>> {
  await page.locator('dl dt').first().waitFor();
  const facts = await page.locator('dl').evaluate((dl) => {
    const out: [string, string][] = [];
    for (const dt of dl.querySelectorAll('dt'))
      out.push([dt.textContent!.trim(), dt.nextElementSibling!.textContent!.trim()]);
    return out;
  });
  return Object.fromEntries(facts);
}

/** What a page's own request to the API answers (its cookies, same origin). */
const statusOf = (page: Page, path: string) => page.evaluate(async (p) => (await fetch(p)).status, path);

/** For waitForURL: the page itself, not a `?next=` that names it. */
const at = (path: string) => (url: URL) => url.pathname === path;
const fill = (template: string, email: string) => template.replace('{email}', email);
const accountRow = (page: Page, email: string) =>
  page.locator('tbody tr').filter({ has: page.getByRole('cell', { name: email, exact: true }) });

describe('an admin manages staff accounts', () => {
  it('signs in with password and a code from the authenticator app, and opens Staff accounts', async () => {
    await b.page.goto(`${server.url}/staff/accounts?lang=en`);
    await b.page.waitForURL((url) => url.pathname === '/staff/sign-in' && url.searchParams.has('next'));
    await fillSignIn(b.page, ADMIN, STAFF_PASSWORD);
    // an admin must give the code: the form asks for it
    const code = b.page.getByLabel(en.auth.sign_in.code);
    await code.waitFor();
    expect(await b.page.getByRole('alert').textContent()).toContain(en.auth.sign_in.code_needed);
    await code.fill(totpCode(admin.totpSecret!));
    await b.page.getByRole('button', { name: en.auth.sign_in.submit }).click();
    await b.page.waitForURL(at('/staff/accounts'));
    await b.page.getByRole('heading', { level: 1, name: en.auth.staff.title }).waitFor();
    await accountRow(b.page, VIEWER).waitFor();
    expect(await accountRow(b.page, ADMIN).locator('td').nth(1).textContent()).toBe(en.auth.role.admin);
  });

  it('creates a commissioner limited to Thanet and sees the new password once', async () => {
    await b.page.getByLabel(en.auth.sign_in.email).fill(NEWCOMER);
    await b.page.getByLabel(en.auth.staff.role).selectOption('commissioner');
    await b.page.getByLabel(en.auth.staff.all_districts).uncheck();
    await b.page.getByLabel('Thanet', { exact: true }).check();
    await b.page.getByRole('button', { name: en.auth.staff.create }).click();

    const secrets = b.page.getByTestId('staff-secrets');
    await secrets.waitFor();
    expect(await secrets.textContent()).toContain(fill(en.auth.staff.secrets_once, NEWCOMER));
    newcomerPassword = (await secrets.locator('code').first().textContent())!.trim();
    expect(newcomerPassword.length).toBeGreaterThanOrEqual(12);
    expect(
      await b.page
        .getByRole('status')
        .filter({ hasText: fill(en.auth.staff.created, NEWCOMER) })
        .count(),
    ).toBe(1);

    const cells = await accountRow(b.page, NEWCOMER).locator('td').allTextContents();
    expect(cells.slice(0, 5).map((c) => c.trim())).toEqual([
      NEWCOMER,
      en.auth.role.commissioner,
      'Thanet',
      en.common.no,
      en.auth.staff.is_active,
    ]);
    expect(await axe(b.page)).toEqual([]);

    // shown once: after a reload the password is nowhere on the page
    await b.page.reload();
    await accountRow(b.page, NEWCOMER).waitFor();
    expect(await b.page.getByTestId('staff-secrets').count()).toBe(0);
    expect(await b.page.content()).not.toContain(newcomerPassword);
  });

  it('the new commissioner signs in with it; "My account" shows their role and district', async () => {
    const page = await otherPerson('newcomer');
    await page.goto(`${server.url}/staff/sign-in?lang=en`);
    await fillSignIn(page, NEWCOMER, newcomerPassword);
    await page.waitForURL(at('/dashboard'));
    await page.getByRole('link', { name: en.auth.account.title }).click();
    await page.waitForURL(at('/staff/account'));
    // the district by its name, not its code (E07000114)
    await expect.poll(async () => (await accountFacts(page))[en.auth.staff.districts]).toBe('Thanet');
    const facts = await accountFacts(page);
    expect(facts[en.auth.sign_in.email]).toBe(NEWCOMER);
    expect(facts[en.auth.staff.role]).toBe(en.auth.role.commissioner);
    expect(facts[en.auth.account.totp]).toBe(en.auth.account.totp_off);
    expect(await axe(page)).toEqual([]);
  });

  it('disables the account: that person is signed out and can no longer sign in', async () => {
    let question = '';
    b.page.once('dialog', (dialog) => {
      question = dialog.message();
      void dialog.accept();
    });
    await accountRow(b.page, NEWCOMER).getByRole('button', { name: en.auth.staff.disable }).click();
    await b.page
      .getByRole('status')
      .filter({ hasText: fill(en.auth.staff.disabled, NEWCOMER) })
      .waitFor();
    expect(question).toBe(fill(en.auth.staff.disable_confirm, NEWCOMER));
    expect((await accountRow(b.page, NEWCOMER).locator('td').nth(4).textContent())?.trim()).toBe(
      en.auth.staff.is_disabled,
    );

    const page = others[0]!.pages()[0]!;
    expect(await statusOf(page, '/api/auth/me')).toBe(401);
    await page.goto(`${server.url}/staff/account?lang=en`);
    await page.waitForURL((url) => url.pathname === '/staff/sign-in' && url.searchParams.has('next'));
    await fillSignIn(page, NEWCOMER, newcomerPassword);
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(en.auth.sign_in.wrong);
    expect(page.url()).toContain('/staff/sign-in');
    expect(await statusOf(page, '/api/auth/me')).toBe(401);
  });

  it('the audit log lists the creation and the disabling, with the admin as the one who did them', async () => {
    await b.page.getByRole('link', { name: en.auth.audit.title }).click();
    await b.page.waitForURL(at('/staff/audit'));
    await b.page.locator('tbody tr').first().waitFor();
    const rows = await b.page
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
    // newest first: [when, who, what, report]
    const created = rows.findIndex((r) => r[2]!.includes(fill(en.auth.staff.created, NEWCOMER)));
    const disabled = rows.findIndex((r) => r[2]!.includes(fill(en.auth.staff.disabled, NEWCOMER)));
    expect(created, JSON.stringify(rows)).toBeGreaterThanOrEqual(0);
    expect(disabled, JSON.stringify(rows)).toBeGreaterThanOrEqual(0);
    expect(disabled).toBeLessThan(created);
    expect(rows[created]![1]).toBe(ADMIN);
    expect(rows[disabled]![1]).toBe(ADMIN);
    expect(rows[created]![0]).toMatch(/\d/);
    expect(await axe(b.page)).toEqual([]);
  });

  it('"New password" on an account makes a new one and shows it once', async () => {
    await b.page.goto(`${server.url}/staff/accounts?lang=en`);
    await accountRow(b.page, NEWCOMER).getByRole('button', { name: en.auth.staff.reset_password }).click();
    await b.page
      .getByRole('status')
      .filter({ hasText: fill(en.auth.staff.password_reset, NEWCOMER) })
      .waitFor();
    const secrets = b.page.getByTestId('staff-secrets');
    expect(await secrets.textContent()).toContain(fill(en.auth.staff.secrets_once, NEWCOMER));
    const password = (await secrets.locator('code').first().textContent())!.trim();
    expect(password.length).toBeGreaterThanOrEqual(12);
    expect(password).not.toBe(newcomerPassword);
  });

  it('"My account" shows the admin\'s role, all districts and the authenticator app', async () => {
    await b.page.getByRole('link', { name: en.auth.account.title }).click();
    await b.page.waitForURL(at('/staff/account'));
    const facts = await accountFacts(b.page);
    expect(facts[en.auth.sign_in.email]).toBe(ADMIN);
    expect(facts[en.auth.staff.role]).toBe(en.auth.role.admin);
    expect(facts[en.auth.staff.districts]).toBe(en.auth.staff.all_districts);
    expect(facts[en.auth.account.totp]).toBe(en.auth.account.totp_on);
    expect(await axe(b.page)).toEqual([]);
  });
});

describe('a commissioner cannot use the admin pages', () => {
  let page: Page;

  it.each(['/staff/accounts', '/staff/audit'])('%s: a plain "not allowed", no admin data, no crash', async (path) => {
    if (!page) {
      page = await otherPerson('commissioner');
      await page.goto(`${server.url}/staff/sign-in?lang=en`);
      await fillSignIn(page, VIEWER, STAFF_PASSWORD);
      await page.waitForURL(at('/dashboard'));
    }
    await page.goto(`${server.url}${path}?lang=en`);
    await page.waitForURL((url) => url.pathname === '/staff/sign-in' && url.searchParams.get('reason') === 'forbidden');
    await page.getByText(en.auth.sign_in.forbidden).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(en.auth.sign_in.title);
    expect(await page.locator('table').count()).toBe(0);
    const text = await page.locator('main').innerText();
    expect(text).not.toContain(ADMIN);
    expect(text).not.toContain(NEWCOMER);
    // the API refuses too, whatever the page does
    expect(await statusOf(page, path === '/staff/accounts' ? '/api/auth/staff' : '/api/auth/audit')).toBe(403);
    expect(await axe(page)).toEqual([]);
  });

  it('no page crashed', () => {
    expect(crashes).toEqual([]);
  });
});
