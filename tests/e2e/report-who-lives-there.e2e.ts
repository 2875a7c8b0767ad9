// "Who is affected" from the young person's phone to the staff report page: children, someone disabled and
// someone pregnant are ticked on the details step, kept in the draft across a reload, shown on the check
// step and sent; the commissioner sees each as a flag at the top of the report, and finds the report with
// the "children" filter. A screenshot of the boxes on a phone is kept for a person to look at. Runs after
// `npm run build`.
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import { setupBrowser, type BrowserSession } from '../helpers/browser';
import { fileReport } from '../helpers/report-form';
import { startServerWithStaff, type RunningServer } from '../helpers/server';
import { STAFF_PASSWORD } from '../helpers/staff';

const COMMISSIONER = 'thanet.flags@example.test';
const TICKED = ['children', 'disabled', 'pregnant'] as const;
const SHOTS = join(tmpdir(), 'clh-screenshots');
const LABELS = [en.report.details.children, en.report.details.disabled, en.report.details.pregnant];

let server: RunningServer;
let b: BrowserSession;
let staffContext: BrowserContext;
let staff: Page;
let dataDir: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ server, dataDir } = await startServerWithStaff([
    { email: COMMISSIONER, role: 'commissioner', districts: ['E07000114'] },
  ]));
  b = await setupBrowser({ viewport: { width: 390, height: 844 } });
  b.context.setDefaultTimeout(15_000);
  staffContext = await b.browser.newContext({ viewport: { width: 1366, height: 768 } });
  staff = await staffContext.newPage();
});

afterAll(async () => {
  await staffContext?.close();
  await b?.close();
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The check step's row for "Who lives there", or null when it is not shown. */
const whoRow = (page: Page) =>
  page
    .locator('.report-summary__row')
    .filter({ has: page.locator('dt', { hasText: en.report.check.affected }) })
    .locator('dd')
    .first();

describe('who lives in the home, from the phone to the staff report page', () => {
  it('the details step asks it; the check step shows it, and it survives a reload in the draft', async () => {
    await b.page.goto(`${server.url}/report?lang=en`);
    await fileReport(b.page, {
      categories: ['mould'],
      where: 'E07000114',
      description: 'Synthetic test: mould in the room where the children sleep.',
      affected: [...TICKED],
      onCheckStep: async (page) => {
        expect(await whoRow(page).textContent()).toBe(LABELS.join(', '));
        await page.waitForTimeout(600); // the draft is saved a moment after the last change
        await page.reload();
        await page.getByRole('button', { name: en.report.draft.resume }).click();
        await page.getByTestId('report-step-check').waitFor();
        expect(await whoRow(page).textContent()).toBe(LABELS.join(', '));
        // and the boxes are still ticked on the details step
        await page.getByTestId('check-change-details').first().click();
        for (const who of TICKED) expect(await page.getByTestId(`affected-${who}`).isChecked()).toBe(true);
        await page.getByTestId('affected-children').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(SHOTS, 'report-who-lives-there-390.png') });
        expect(await page.getByTestId('affected-baby').isChecked()).toBe(false);
        for (let i = 0; i < 3; i++) await page.getByTestId('report-next').click();
        await page.getByTestId('report-step-check').waitFor();
      },
    });
    await expect
      .poll(() => b.page.getByTestId('report-result').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('sent');
  });

  it('a report with nothing ticked has no such row on its check step', async () => {
    await b.page.goto(`${server.url}/report?lang=en`);
    await fileReport(b.page, {
      description: 'Synthetic test: a second report, nobody vulnerable.',
      onCheckStep: async (page) => expect(await whoRow(page).count()).toBe(0),
    });
    await expect
      .poll(() => b.page.getByTestId('report-result').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('sent');
  });

  it('the commissioner finds it with the "children" filter and sees the three flags at the top', async () => {
    await staff.goto(`${server.url}/dashboard/reports?lang=en&flag=children`);
    await staff.waitForURL(/\/staff\/sign-in\?next=/);
    await staff.getByLabel(en.auth.sign_in.email).fill(COMMISSIONER);
    await staff.getByLabel(en.auth.sign_in.password).fill(STAFF_PASSWORD);
    await staff.getByRole('button', { name: en.auth.sign_in.submit }).click();
    await staff.waitForURL(/\/dashboard\/reports/);
    const list = staff.getByTestId('report-list');
    await list.locator('li').first().waitFor();
    // only the report that said children live there
    await expect.poll(() => list.locator('li').count()).toBe(1);
    await list.locator('li a').first().click();
    const flags = staff.getByTestId('report-flags');
    await flags.waitFor();
    const shown = await flags.locator('[data-flag]').evaluateAll((li) => li.map((x) => x.getAttribute('data-flag')));
    expect(shown.sort()).toEqual([...TICKED].sort());
    expect(await flags.innerText()).toContain(en.dashboard.report.flag.pregnant);
  });
});
