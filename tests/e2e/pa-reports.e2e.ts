// "Through my PA" reaches the PA, end to end in a real browser against the built app and the real server:
// a young person sends a report naming their PA (the form's POST /api/reports, through the phone's
// outbox); the PA signs in, lands on "Reports from my young people", finds it there with the report from
// their district whose young person asked for their PA (and not a report that names another PA, nor one
// from their district by phone), opens it and sends the young person a message, all with the keyboard
// only. The message is in the report's public history. The PA's pages are checked with axe at 1366 × 768
// and for sideways scroll on a 390 px phone; screenshots are kept for a person to look at. Runs after
// `npm run build`.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import { SUPPORTED_LOCALES } from '../../locales/index';
import { axe } from '../helpers/browser';
import { fileReport, photoWithGps } from '../helpers/report-form';
import { newReport, overHttp, postReport } from '../helpers/reports';
import { STAFF_PASSWORD } from '../helpers/staff';
import { SHOTS, startStaffDesk } from '../helpers/staff-desk';

const PA = 'sam.okafor@kent.example.test';
const DOVER = 'E07000108';
const NOTE = 'Synthetic test: I will come round on Thursday to look at it with you.';

// a PA for Dover: the reports that name them, and Dover's reports whose young person chose "Through my PA";
// the young person's phone is desk.b, the PA's laptop desk.page
const desk = startStaffDesk([{ email: PA, role: 'pa', districts: [DOVER] }]);
let trackingCode = '';
let otherId = '';
let reportId = '';
let dover = '';

const post = (body: Record<string, unknown>) =>
  postReport(overHttp(desk.server.url), newReport(body), `pa-e2e-${crypto.randomUUID()}`);

const scrollsSideways = () =>
  desk.page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

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
    await desk.b.page.goto(`${desk.server.url}/report?lang=en`);
    await fileReport(desk.b.page, {
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
      .poll(() => desk.b.page.getByTestId('report-result').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('sent');
    trackingCode = (await desk.b.page.getByTestId('tracking-code').first().textContent())!.trim();
    expect(trackingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

    // others: one names another PA (in Thanet); two are from Dover, through a PA and by phone
    otherId = (await post({ pa: { name: 'Alex Other', email: 'alex.other@kent.example.test' } })).id;
    dover = (await post({ district: DOVER, description: 'Synthetic test: the heating is broken.' })).trackingCode;
    await post({ district: DOVER, contact: { method: 'phone', value: '07700 900123' } });
  });

  it('the PA signs in and lands on "Reports from my young people", with that report only', async () => {
    await desk.page.goto(`${desk.server.url}/staff/sign-in?lang=en`);
    await desk.page.getByLabel(en.auth.sign_in.email).fill(PA);
    await desk.page.getByLabel(en.auth.sign_in.password).fill(STAFF_PASSWORD);
    await desk.page.getByRole('button', { name: en.auth.sign_in.submit }).click();
    await desk.page.waitForURL(/\/pa\/reports$/);
    expect(await desk.page.locator('main h1').textContent()).toBe(en.pa.title);
    const list = desk.page.getByTestId('pa-report-list');
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
      await desk.page
        .getByRole('navigation', { name: en.auth.bar.label })
        .getByRole('link', { name: en.pa.title })
        .count(),
    ).toBe(1);
    expect(await scrollsSideways()).toBe(false);
    await desk.page.screenshot({ path: join(SHOTS, 'pa-reports-1366.png') });
    expect(await axe(desk.page)).toEqual([]);
  });

  it('opens it and sends a template message and their own words, with the keyboard only', async () => {
    await tabTo(desk.page, 'a', trackingCode);
    await desk.page.keyboard.press('Enter');
    await desk.page.waitForURL(/\/pa\/reports\/[0-9a-f-]{36}$/);
    reportId = desk.page.url().split('/').pop()!;
    await desk.page.getByTestId('pa-report-description').waitFor();
    expect(await desk.page.getByTestId('pa-report-description').textContent()).toContain('mould behind the wardrobe');
    expect(await desk.page.getByTestId('pa-report-code').textContent()).toBe(trackingCode);
    expect(await desk.page.getByTestId('pa-report-language').textContent()).toBe('English');
    expect(await desk.page.getByTestId('pa-report-basis').textContent()).toContain(en.dashboard.basis.target);

    // the first template ("We have got your report"), then their own words, then Send
    await tabTo(desk.page, '[data-testid="template-select"]');
    await desk.page.keyboard.press('ArrowDown');
    await expect.poll(() => desk.page.getByTestId('template-select').inputValue()).toBe('received');
    await expect
      .poll(() => desk.page.getByTestId('template-preview').innerText())
      .toContain('We have got your report.');
    await tabTo(desk.page, '[data-testid="pa-note-text"]');
    await desk.page.keyboard.type(NOTE);
    await tabTo(desk.page, 'button[type="submit"]', en.pa.note.send);
    await desk.page.screenshot({ path: join(SHOTS, 'pa-report-1366.png'), fullPage: true });
    expect(await axe(desk.page)).toEqual([]);
    await desk.page.keyboard.press('Enter');

    await expect.poll(() => desk.page.getByTestId('pa-note').getByRole('status').textContent()).toBe(en.pa.note.sent);
    const history = await desk.page.getByTestId('pa-report-history').innerText();
    expect(history).toContain(NOTE);
    expect(history).toContain('We have got your report.');

    // what the young person's phone reads with the tracking code: the template and the words
    const res = await fetch(`${desk.server.url}/api/reports/${trackingCode.toLowerCase().replace(/-/g, '')}`);
    expect(res.status).toBe(200);
    const report = (await res.json()) as { updates: { note?: string; template?: { id: string } }[] };
    expect(report.updates).toContainEqual(
      expect.objectContaining({ note: NOTE, template: { id: 'received', fields: {} } }),
    );
  });

  it('fits a 390 px phone: no sideways scroll on the list or the report', async () => {
    await desk.page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const path of ['/pa/reports', `/pa/reports/${reportId}`]) {
        await desk.page.goto(`${desk.server.url}${path}?lang=en`);
        await desk.page.locator('main h1').waitFor();
        await desk.page.waitForLoadState('networkidle');
        expect(await scrollsSideways(), path).toBe(false);
      }
      await desk.page.screenshot({ path: join(SHOTS, 'pa-report-390.png'), fullPage: true });
    } finally {
      await desk.page.setViewportSize({ width: 1366, height: 768 });
    }
  });

  it('in all 8 languages: no axe violations, and no sideways scroll on a 390 px phone', async () => {
    const problems: string[] = [];
    await desk.page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const { code } of SUPPORTED_LOCALES) {
        for (const [path, ready] of [
          ['/pa/reports', 'pa-report-list'],
          [`/pa/reports/${reportId}`, 'pa-report-history'],
        ] as const) {
          await desk.page.goto(`${desk.server.url}${path}?lang=${code}`);
          await desk.page.getByTestId(ready).waitFor();
          await expect.poll(() => desk.page.evaluate(() => document.documentElement.lang)).toBe(code);
          if (await scrollsSideways()) problems.push(`${code} ${path}: sideways scroll at 390 px`);
          problems.push(...(await axe(desk.page)).map((v) => `${code} ${path}: ${v}`));
          if (code === 'ar' && ready === 'pa-report-history')
            await desk.page.screenshot({ path: join(SHOTS, 'pa-report-ar-390.png'), fullPage: true });
        }
      }
    } finally {
      await desk.page.setViewportSize({ width: 1366, height: 768 });
    }
    expect(problems).toEqual([]);
  });

  it("another PA's report is not theirs: the page says so in plain words", async () => {
    await desk.page.goto(`${desk.server.url}/pa/reports/${otherId}?lang=en`);
    await expect.poll(() => desk.page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect
      .poll(() => desk.page.getByRole('alert').first().textContent(), { timeout: 10_000 })
      .toContain(en.pa.report.not_found);
    expect(await desk.page.getByTestId('pa-report-description').count()).toBe(0);
    expect(desk.b.errors.filter((e) => !/ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|tile/i.test(e))).toEqual([]);
  });
  it('makes a report with a young person from their page, with a photo: sent as theirs and in their list', async () => {
    await desk.page.goto(`${desk.server.url}/pa/reports?lang=en`);
    await desk.page.getByTestId('pa-make-report').click();
    await desk.page.getByTestId('report-by-pa').waitFor();
    await fileReport(desk.page, { where: DOVER, photos: [await photoWithGps()] });
    await expect
      .poll(() => desk.page.getByTestId('report-result').getAttribute('data-state'), { timeout: 20_000 })
      .toBe('sent');
    const code = (await desk.page.getByTestId('tracking-code').textContent())!.trim();
    await desk.page.goto(`${desk.server.url}/pa/reports?lang=en`);
    const item = desk.page.getByTestId('pa-report-list').locator('li').filter({ hasText: code });
    await item.waitFor();
    expect(await item.innerText()).toContain(en.pa.reason.named);
    // recorded as made by the PA, with its photo, through their session
    const stored = await fetch(`${desk.server.url}/api/reports/${code}`);
    expect(stored.status).toBe(200);
  });
});
