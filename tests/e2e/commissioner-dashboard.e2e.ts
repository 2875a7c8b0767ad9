// End to end in a real browser against the built app and the real server: a young person sends a
// report; a commissioner signs in, sees the district table, opens the report, acknowledges it with a public
// note; the young person's "My reports" (by tracking code, from the phone's IndexedDB) shows "acknowledged"
// and the note. Runs after `npm run build`.
import { rmSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import { setupBrowser, type BrowserSession } from '../helpers/browser';
import { fileReport } from '../helpers/report-form';
import { startServerWithStaff, type RunningServer } from '../helpers/server';
import { STAFF_PASSWORD } from '../helpers/staff';

const COMMISSIONER = 'thanet.commissioner@example.test';
const NOTE = 'Synthetic test: we have asked your landlord to visit this week.';

let server: RunningServer;
let b: BrowserSession;
let staffContext: BrowserContext;
let staff: Page;
let dataDir: string;
let trackingCode = '';

beforeAll(async () => {
  ({ server, dataDir } = await startServerWithStaff([
    { email: COMMISSIONER, role: 'commissioner', districts: ['E07000114'] },
  ]));
  b = await setupBrowser();
  // the member of staff uses another browser profile: cookies and storage apart from the young person's
  staffContext = await b.browser.newContext({ viewport: { width: 1280, height: 900 } });
  staff = await staffContext.newPage();
});

afterAll(async () => {
  await staffContext?.close();
  await b?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a commissioner acknowledges a report and the young person sees it', () => {
  it('the young person sends a report about their home in Thanet', async () => {
    await b.page.goto(`${server.url}/report?lang=en`);
    await fileReport(b.page, {
      categories: ['mould'],
      where: 'E07000114',
      description: 'Synthetic test: mould on the bedroom ceiling.',
    });
    await expect
      .poll(() => b.page.getByTestId('report-result').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('sent');
    trackingCode = (await b.page.getByTestId('tracking-code').first().textContent())!.trim();
    expect(trackingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it('a dashboard page asks the commissioner to sign in, then shows the district table', async () => {
    await staff.goto(`${server.url}/dashboard?lang=en`);
    await staff.waitForURL(/\/staff\/sign-in\?next=/);
    await staff.getByLabel(en.auth.sign_in.email).fill(COMMISSIONER);
    await staff.getByLabel(en.auth.sign_in.password).fill(STAFF_PASSWORD);
    await staff.getByRole('button', { name: en.auth.sign_in.submit }).click();
    await staff.waitForURL(/\/dashboard(\?|$)/);
    const table = staff.getByTestId('district-table');
    await table.waitFor();
    // limited to Thanet: one district row, with the one report
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => rows.first().locator('th').textContent()).toContain('Thanet');
    expect((await rows.first().locator('td').first().textContent())?.trim()).toBe('1');
  });

  it('opens the report from the list: description, history, no other district', async () => {
    await staff.getByRole('link', { name: en.dashboard.reports.open_list }).click();
    const list = staff.getByTestId('report-list');
    await list.locator('li').first().waitFor();
    expect(await list.locator('li').count()).toBe(1);
    await list.locator('li a').first().click();
    await staff.getByTestId('report-description').waitFor();
    expect(await staff.getByTestId('report-description').textContent()).toContain('mould on the bedroom ceiling');
    expect(await staff.getByTestId('report-status').textContent()).toContain(en.dashboard.status.new);
  });

  it('acknowledges it with a public note', async () => {
    const form = staff.getByTestId('report-update');
    await form.getByLabel(en.dashboard.report.new_status).selectOption('acknowledged');
    await form.getByLabel(en.dashboard.report.public_note).fill(NOTE);
    await form.getByRole('button', { name: en.common.save }).click();
    await expect
      .poll(() => staff.getByTestId('report-status').textContent())
      .toContain(en.dashboard.status.acknowledged);
    expect(await staff.getByTestId('report-history').textContent()).toContain(NOTE);
  });

  it('"My reports" on the young person\'s phone shows "acknowledged" and the note', async () => {
    await b.page.goto(`${server.url}/my-reports`);
    const item = b.page.getByTestId('my-report').filter({ hasText: trackingCode });
    await expect
      .poll(() => item.getByTestId('my-report-state').textContent(), { timeout: 20_000 })
      .toBe(en.my_reports.state.acknowledged);
    expect(await item.getByTestId('my-report-notes').textContent()).toContain(NOTE);
    expect(b.errors.filter((e) => !/ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|tile/i.test(e))).toEqual([]);
  });
});
