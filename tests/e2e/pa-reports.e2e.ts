// "Through my PA" reaches the PA, end to end in a real browser against the built app and the real server:
// a young person sends a report naming their PA (the form's POST /api/reports, through the phone's
// outbox); the PA signs in, lands on "Reports from my young people", finds it there with the report from
// their district whose young person asked for their PA (and not a report that names another PA, nor one
// from their district by phone), opens it and sends the young person a message, all with the keyboard
// only. The message is in the report's public history. The PA's pages are checked with axe at 1366 × 768
// and for sideways scroll on a 390 px phone; screenshots are kept for a person to look at. Runs after
// `npm run build`.
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import { SUPPORTED_LOCALES } from '../../locales/index';
import { axe, setupBrowser, type BrowserSession } from '../helpers/browser';
import { fileReport, photoWithGps } from '../helpers/report-form';
import { newReport, overHttp, postReport } from '../helpers/reports';
import { startServerWithStaff, type RunningServer } from '../helpers/server';
import { STAFF_PASSWORD } from '../helpers/staff';

const PA = 'sam.okafor@kent.example.test';
const DOVER = 'E07000108';
const NOTE = 'Synthetic test: I will come round on Thursday to look at it with you.';
const SHOTS = join(tmpdir(), 'clh-screenshots');

let server: RunningServer;
let b: BrowserSession;
let dataDir: string;
let paContext: BrowserContext;
let pa: Page;
let trackingCode = '';
let otherId = '';
let reportId = '';
let dover = '';

beforeAll(async () => {
  // a PA for Dover: the reports that name them, and Dover's reports whose young person chose "Through my PA"
  ({ server, dataDir } = await startServerWithStaff([{ email: PA, role: 'pa', districts: [DOVER] }]));
  b = await setupBrowser();
  // the PA's own browser profile, at a laptop's size; axe is injected as a script, past the app's CSP
  paContext = await b.browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  pa = await paContext.newPage();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await paContext?.close();
  await b?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (body: Record<string, unknown>) =>
  postReport(overHttp(server.url), newReport(body), `pa-e2e-${crypto.randomUUID()}`);

const scrollsSideways = () =>
  pa.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/** Presses Tab until the focused element matches `selector` (and holds `text`), as a keyboard user would. */
async function tabTo(page: Page, selector: string, text = '', most = 60): Promise<void> {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press('Tab');
    const found = await page.evaluate(
      ([sel, txt]) => !!document.activeElement?.matches(sel!) && document.activeElement.textContent!.includes(txt!),
      [selector, text],
    );
    if (found) return;
  }
  throw new Error(`${selector} ${text} was not reached with Tab`);
}

describe('a PA named on a report sees it and answers', () => {
  it('the young person sends a report "Through my PA", naming the PA; the check step shows who', async () => {
    await b.page.goto(`${server.url}/report?lang=en`);
    await fileReport(b.page, {
      categories: ['mould'],
      where: 'E07000114',
      description: 'Synthetic test: mould behind the wardrobe.',
      pa: { name: 'Sam Okafor', email: 'Sam.Okafor@Kent.example.test', firstName: 'Jo' },
      onCheckStep: async (page) => {
        const summary = await page.getByTestId('report-step-check').innerText();
        expect(summary).toContain('Through my PA: Sam Okafor (Sam.Okafor@Kent.example.test)');
        expect(summary).toContain(`${en.report.contact.first_name_label}\nJo`);
      },
    });
    await expect
      .poll(() => b.page.getByTestId('report-result').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('sent');
    trackingCode = (await b.page.getByTestId('tracking-code').first().textContent())!.trim();
    expect(trackingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

    // others: one names another PA (in Thanet); two are from Dover, through a PA and by phone
    otherId = (await post({ pa: { name: 'Alex Other', email: 'alex.other@kent.example.test' } })).id;
    dover = (await post({ district: DOVER, description: 'Synthetic test: the heating is broken.' })).trackingCode;
    await post({ district: DOVER, contact: { method: 'phone', value: '07700 900123' } });
  });

  it('the PA signs in and lands on "Reports from my young people", with that report only', async () => {
    await pa.goto(`${server.url}/staff/sign-in?lang=en`);
    await pa.getByLabel(en.auth.sign_in.email).fill(PA);
    await pa.getByLabel(en.auth.sign_in.password).fill(STAFF_PASSWORD);
    await pa.getByRole('button', { name: en.auth.sign_in.submit }).click();
    await pa.waitForURL(/\/pa\/reports$/);
    expect(await pa.locator('main h1').textContent()).toBe(en.pa.title);
    const list = pa.getByTestId('pa-report-list');
    await list.locator('li').first().waitFor();
    expect(await list.locator('li').count()).toBe(2);
    const item = await list.locator('li').filter({ hasText: trackingCode }).innerText();
    expect(item).toContain('From Jo');
    expect(item).toContain(en.pa.reason.named);
    const inArea = await list.locator('li').filter({ hasText: dover }).innerText();
    expect(inArea).toContain(en.pa.no_name);
    expect(inArea).toContain(en.pa.reason.district);
    // the staff navigation leads here too
    expect(
      await pa.getByRole('navigation', { name: en.auth.bar.label }).getByRole('link', { name: en.pa.title }).count(),
    ).toBe(1);
    expect(await scrollsSideways()).toBe(false);
    await pa.screenshot({ path: join(SHOTS, 'pa-reports-1366.png') });
    expect(await axe(pa)).toEqual([]);
  });

  it('opens it and sends a template message and their own words, with the keyboard only', async () => {
    await tabTo(pa, 'a', trackingCode);
    await pa.keyboard.press('Enter');
    await pa.waitForURL(/\/pa\/reports\/[0-9a-f-]{36}$/);
    reportId = pa.url().split('/').pop()!;
    await pa.getByTestId('pa-report-description').waitFor();
    expect(await pa.getByTestId('pa-report-description').textContent()).toContain('mould behind the wardrobe');
    expect(await pa.getByTestId('pa-report-code').textContent()).toBe(trackingCode);
    expect(await pa.getByTestId('pa-report-language').textContent()).toBe('English');
    expect(await pa.getByTestId('pa-report-basis').textContent()).toContain(en.dashboard.basis.target);

    // the first template ("We have got your report"), then their own words, then Send
    await tabTo(pa, '[data-testid="template-select"]');
    await pa.keyboard.press('ArrowDown');
    await expect.poll(() => pa.getByTestId('template-select').inputValue()).toBe('received');
    await expect.poll(() => pa.getByTestId('template-preview').innerText()).toContain('We have got your report.');
    await tabTo(pa, '[data-testid="pa-note-text"]');
    await pa.keyboard.type(NOTE);
    await tabTo(pa, 'button[type="submit"]', en.pa.note.send);
    await pa.screenshot({ path: join(SHOTS, 'pa-report-1366.png'), fullPage: true });
    expect(await axe(pa)).toEqual([]);
    await pa.keyboard.press('Enter');

    await expect.poll(() => pa.getByTestId('pa-note').getByRole('status').textContent()).toBe(en.pa.note.sent);
    const history = await pa.getByTestId('pa-report-history').innerText();
    expect(history).toContain(NOTE);
    expect(history).toContain('We have got your report.');

    // what the young person's phone reads with the tracking code: the template and the words
    const res = await fetch(`${server.url}/api/reports/${trackingCode.toLowerCase().replace(/-/g, '')}`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as { updates: { note?: string; template?: { id: string } }[] };
    expect(report.updates).toContainEqual(
      expect.objectContaining({ note: NOTE, template: { id: 'received', fields: {} } }),
    );
  });

  it('fits a 390 px phone: no sideways scroll on the list or the report', async () => {
    await pa.setViewportSize({ width: 390, height: 844 });
    try {
      for (const path of ['/pa/reports', `/pa/reports/${reportId}`]) {
        await pa.goto(`${server.url}${path}?lang=en`);
        await pa.locator('main h1').waitFor();
        await pa.waitForLoadState('networkidle');
        expect(await scrollsSideways(), path).toBe(false);
      }
      await pa.screenshot({ path: join(SHOTS, 'pa-report-390.png'), fullPage: true });
    } finally {
      await pa.setViewportSize({ width: 1366, height: 768 });
    }
  });

  it('in all 8 languages: no axe violations, and no sideways scroll on a 390 px phone', async () => {
    const problems: string[] = [];
    await pa.setViewportSize({ width: 390, height: 844 });
    try {
      for (const { code } of SUPPORTED_LOCALES) {
        for (const [path, ready] of [
          ['/pa/reports', 'pa-report-list'],
          [`/pa/reports/${reportId}`, 'pa-report-history'],
        ] as const) {
          await pa.goto(`${server.url}${path}?lang=${code}`);
          await pa.getByTestId(ready).waitFor();
          await expect.poll(() => pa.evaluate(() => document.documentElement.lang)).toBe(code);
          if (await scrollsSideways()) problems.push(`${code} ${path}: sideways scroll at 390 px`);
          problems.push(...(await axe(pa)).map((v) => `${code} ${path}: ${v}`));
          if (code === 'ar' && ready === 'pa-report-history')
            await pa.screenshot({ path: join(SHOTS, 'pa-report-ar-390.png'), fullPage: true });
        }
      }
    } finally {
      await pa.setViewportSize({ width: 1366, height: 768 });
    }
    expect(problems).toEqual([]);
  });

  it("another PA's report is not theirs: the page says so in plain words", async () => {
    await pa.goto(`${server.url}/pa/reports/${otherId}?lang=en`);
    await expect.poll(() => pa.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect
      .poll(() => pa.getByRole('alert').first().textContent(), { timeout: 10_000 })
      .toContain(en.pa.report.not_found);
    expect(await pa.getByTestId('pa-report-description').count()).toBe(0);
    expect(b.errors.filter((e) => !/ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|tile/i.test(e))).toEqual([]);
  });
  it('makes a report with a young person from their page, with a photo: sent as theirs and in their list', async () => {
    await pa.goto(`${server.url}/pa/reports?lang=en`);
    await pa.getByTestId('pa-make-report').click();
    await pa.getByTestId('report-by-pa').waitFor();
    await fileReport(pa, { where: DOVER, photos: [await photoWithGps()] });
    await expect
      .poll(() => pa.getByTestId('report-result').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('sent');
    const code = (await pa.getByTestId('tracking-code').textContent())!.trim();
    await pa.goto(`${server.url}/pa/reports?lang=en`);
    const item = pa.getByTestId('pa-report-list').locator('li').filter({ hasText: code });
    await item.waitFor();
    expect(await item.innerText()).toContain(en.pa.reason.named);
    // recorded as made by the PA, with its photo, through their session
    const stored = await fetch(`${server.url}/api/reports/${code}`);
    expect(stored.status).toBe(200);
  });
});
