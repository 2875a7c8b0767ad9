// An admin enters how many care leavers live in Thanet, with its source and date, from the staff bar's
// "Care leavers in each district"; a wrong number is refused next to its box; the dashboard then shows
// "per 100 care leavers" and says where the number comes from. The page fits 1366 × 768 and 390 px without the page scrolling sideways, and
// axe finds nothing; screenshots are kept for a person to look at. The same admin then makes a partner's
// API key on the other admin list page, and revokes it. Runs after `npm run build`.
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import { defaultEnv } from '../../api/env';
import { totpCode } from '../../api/modules/auth/totp';
import { axe, setupBrowser, type BrowserSession } from '../helpers/browser';
import { startServerWithStaff, type RunningServer } from '../helpers/server';
import { STAFF_PASSWORD, type TestStaff } from '../helpers/staff';

const ADMIN = 'care.leavers.admin@example.test';
const SHOTS = join(tmpdir(), 'clh-screenshots');
const SOURCE = 'Kent leaving care team list (synthetic test)';

let server: RunningServer;
let b: BrowserSession;
let page: Page;
let admin: TestStaff;
let dataDir: string;
const crashes: string[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const started = await startServerWithStaff([{ email: ADMIN, role: 'admin' }], {
    env: { TOTP_KEY: defaultEnv().TOTP_KEY! },
  });
  ({ server, dataDir } = started);
  admin = started.staff[0]!;
  b = await setupBrowser({ bypassCSP: true, viewport: { width: 1366, height: 768 } }); // axe is injected
  b.context.setDefaultTimeout(15_000);
  page = b.page;
  page.on('pageerror', (error) => crashes.push(error.message));
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const row = (name: string) => page.getByTestId('care-leavers-table').locator('tbody tr').filter({ hasText: name });
const noSidewaysScroll = () =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe('an admin enters care leavers per district', () => {
  it('signs in and opens "Care leavers in each district" from the staff bar', async () => {
    await page.goto(`${server.url}/staff/account?lang=en`);
    await page.waitForURL(/\/staff\/sign-in/);
    await page.getByLabel(en.auth.sign_in.email).fill(ADMIN);
    await page.getByLabel(en.auth.sign_in.password).fill(STAFF_PASSWORD);
    await page.getByRole('button', { name: en.auth.sign_in.submit }).click();
    await page.getByLabel(en.auth.sign_in.code).fill(totpCode(admin.totpSecret!));
    await page.getByRole('button', { name: en.auth.sign_in.submit }).click();
    await page.waitForURL(/\/staff\/account/);
    await page.getByRole('link', { name: en.dashboard.care_leavers.title }).click();
    await page.getByRole('heading', { level: 1, name: en.dashboard.care_leavers.title }).waitFor();
    await expect.poll(() => page.getByTestId('care-leavers-table').locator('tbody tr').count()).toBe(13);
    expect((await row('Thanet').locator('td').first().textContent())?.trim()).toBe(en.dashboard.care_leavers.none);
  });

  it('a number that cannot be right is refused next to its box, and nothing is saved', async () => {
    await row('Thanet').getByRole('button', { name: 'Change Thanet' }).click();
    await page.getByTestId('care-leavers-count').fill('0');
    await page.getByTestId('care-leavers-source').fill(SOURCE);
    await page.getByTestId('care-leavers-as-of').fill('2026-03-31');
    await page.getByRole('button', { name: en.common.save }).click();
    const error = page.locator('#care-leavers-count-error');
    expect(await error.textContent()).toBe(en.dashboard.care_leavers.count_invalid.replace('{max}', '20000'));
    expect(await page.getByTestId('care-leavers-count').getAttribute('aria-invalid')).toBe('true');
    expect(await axe(page)).toEqual([]);
  });

  it('saves 250 for Thanet with its source and date; the page fits 1366 × 768 and 390 px', async () => {
    await page.getByTestId('care-leavers-count').fill('250');
    await page.getByRole('button', { name: en.common.save }).click();
    await page.getByText(en.dashboard.care_leavers.saved.replace('{district}', 'Thanet')).waitFor();
    const cells = (await row('Thanet').locator('td').allTextContents()).map((c) => c.trim());
    expect(cells[0]).toBe('250');
    expect(cells[1]).toContain(SOURCE);
    expect(cells[1]).toContain(ADMIN);
    expect(cells[2]).toBe('31 March 2026');
    expect(await noSidewaysScroll()).toBe(true);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'care-leavers-1366.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await noSidewaysScroll()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'care-leavers-390.png'), fullPage: true });
    await row('Thanet').getByRole('button', { name: 'Change Thanet' }).click();
    await page.screenshot({ path: join(SHOTS, 'care-leavers-390-form.png') });
    expect(await noSidewaysScroll()).toBe(true);
    await page.getByRole('button', { name: en.common.cancel }).click();
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('the dashboard now shows reports per 100 care leavers', async () => {
    await page.getByRole('link', { name: en.nav.dashboard }).first().click();
    const table = page.getByTestId('district-table');
    await table.waitFor();
    await expect.poll(() => table.locator('thead').innerText(), { timeout: 15_000 }).toContain(en.dashboard.table.rate);
  });
});

describe('the same admin makes a partner an API key and revokes it', () => {
  const PARTNER = 'Thanet housing partner (synthetic test)';
  const listed = () => page.getByRole('listitem').filter({ hasText: PARTNER });
  const status = (text: string) => page.getByRole('status').filter({ hasText: text });

  it('opens "API keys for partner systems" from the staff bar: no keys yet', async () => {
    await page.getByRole('link', { name: en.api_keys.title }).click();
    await page.getByRole('heading', { level: 1, name: en.api_keys.title }).waitFor();
    await page.getByText(en.api_keys.empty).waitFor();
  });

  it('a key without a partner name is refused in words, and none is made', async () => {
    await page.getByRole('button', { name: en.api_keys.create }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe(en.api_keys.name_required);
    expect(await page.getByText(en.api_keys.empty).count()).toBe(1);
  });

  it('makes a key for Thanet only: the key is shown once, and the list names its district', async () => {
    await page.getByLabel(en.api_keys.name).fill(PARTNER);
    await page.getByLabel(en.api_keys.all_districts).uncheck();
    await page.getByLabel('Thanet', { exact: true }).check();
    await page.getByRole('button', { name: en.api_keys.create }).click();
    await status(en.api_keys.created_title.replace('{name}', PARTNER)).waitFor();
    expect((await page.getByTestId('new-api-key').textContent())?.trim().length).toBeGreaterThan(20);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await listed().innerText()).toContain(`${en.api_keys.districts}: Thanet`);
    expect(await listed().innerText()).toContain(en.api_keys.status_active);
    expect(await page.getByLabel(en.api_keys.name).inputValue()).toBe('');
    expect(await axe(page)).toEqual([]);
    await page.getByRole('button', { name: en.api_keys.done }).click();
    expect(await page.getByTestId('new-api-key').count()).toBe(0);
  });

  it('revokes the key once the admin says yes; opened again, the page reads it as revoked', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await listed().getByRole('button', { name: en.api_keys.revoke }).click();
    await status(en.api_keys.revoked.replace('{name}', PARTNER)).waitFor();
    await page.reload();
    await listed().waitFor();
    expect(await listed().innerText()).toContain(en.api_keys.status_revoked.split('{date}')[0]!.trim());
    expect(await listed().getByRole('button', { name: en.api_keys.revoke }).count()).toBe(0);
  });
});

describe('the admin pages', () => {
  it('no page crashed', () => {
    expect(crashes).toEqual([]);
  });
});
