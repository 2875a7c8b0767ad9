// Following a report and answering it, as a young person does, in headless Chromium against the built app and
// the real server (one server and one browser for the file):
// - a report made in Arabic is stored as Arabic, and a staff note from a template (posted through the real
//   staff API by a signed-in commissioner) reaches the phone in Arabic, not English;
// - after "Forget me", the tracking code typed in lower case without dashes brings the report back with its notes;
// - "It came back" on a resolved report, pressed offline, waits on the phone (with "Undo"), and is delivered
//   once when the phone is back online: the report is reopened, with exactly one answer; "Forget me" warns
//   that an answer still waiting would be lost.
// SHOTS=<folder> also saves screenshots (390 × 844 and 320 px, Arabic and English) of the new states.
// Runs after `npm run build`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackingCheckSymbol, type PublicReport, type ReportDetail } from '#contract';
import templates from '../../content/kent/response-templates.json';
import ar from '../../locales/ar.json';
import en from '../../locales/en.json';
import { axe, setupBrowser, type BrowserSession } from '../helpers/browser';
import { fileReport } from '../helpers/report-form';
import { startServerWithStaff, type RunningServer } from '../helpers/server';
import { STAFF_PASSWORD } from '../helpers/staff';

let server: RunningServer;
let b: BrowserSession;
let page: Page;
let code = '';
let reportId = '';
let cookie = '';
const SHOTS = process.env.SHOTS;

const visitOn = templates.templates.find((t) => t.id === 'visit_on')!;
/** The Arabic words of the template around its date, and the English ones (which must not show). */
const arabicWords = visitOn.text.ar.text.split('{date}')[0]!.trim();
const englishWords = visitOn.text.en.text.split('{date}')[0]!.trim();

beforeAll(async () => {
  ({ server } = await startServerWithStaff(
    [{ email: 'thanet@kent.example', role: 'commissioner', districts: ['E07000114'] }],
    { env: { RATE_LIMIT: 'off' } },
  ));
  // axe is injected as a script: the app's CSP would block it, so it is bypassed in this test only
  b = await setupBrowser({ bypassCSP: true });
  page = b.page;
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
});

async function staff(path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { cookie, origin: server.url, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  expect(res.status, `${init.method ?? 'GET'} ${path}: ${await res.clone().text()}`).toBe(200);
  return res.json();
}

const publicView = async () => (await (await fetch(`${server.url}/api/reports/${code}`)).json()) as PublicReport;

async function shot(name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [390, 320]) {
    await page.setViewportSize({ width, height: 844 });
    await page.screenshot({ path: join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 390, height: 844 });
}

const report = () => page.getByTestId('my-report').first();

describe('following and answering a report', () => {
  it('a report made in Arabic is stored in Arabic; its confirmation says what happens next, as aims', async () => {
    await page.goto(`${server.url}/report?lang=ar`);
    await b.waitForServiceWorker();
    await fileReport(page);
    await page.locator('[data-testid="report-result"][data-state="sent"]').waitFor();
    code = (await page.getByTestId('tracking-code').innerText()).trim();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    // a private renter's damp report: the council's aims (not "your landlord must"), and who can make a landlord act
    const when = await page.getByTestId('report-next-when').innerText();
    expect(when).toContain(ar.my_reports.deadline.target.investigateBy.split('{date}')[0]!.trim());
    expect(await page.getByTestId('report-private-renter').innerText()).toBe(ar.my_reports.private_renter);
    await shot('sent-ar');

    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: 'thanet@kent.example', password: STAFF_PASSWORD }),
    });
    expect(login.status).toBe(200);
    cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const list = (await staff(`/api/dashboard/reports?code=${code}`)) as { reports: { id: string }[] };
    expect(list.reports).toHaveLength(1);
    reportId = list.reports[0]!.id;
    expect(((await staff(`/api/dashboard/reports/${reportId}`)) as ReportDetail).language).toBe('ar');
  });

  it('a staff note from a template reaches the Arabic reporter in Arabic', async () => {
    await staff(`/api/dashboard/reports/${reportId}`, {
      method: 'PATCH',
      body: { status: 'acknowledged', template: { id: 'visit_on', fields: { date: '2026-12-21' } } },
    });
    await staff(`/api/dashboard/reports/${reportId}`, {
      method: 'PATCH',
      body: { template: { id: 'need_access', fields: { phone: '01234 567890' } } },
    });
    await page.goto(`${server.url}/my-reports?lang=ar`);
    const template = report().getByTestId('my-report-template').first();
    await template.waitFor();
    const text = await template.innerText();
    expect(text).toContain(arabicWords);
    expect(text).not.toContain(englishWords);
    expect(text).not.toContain('{date}');
    expect(await template.getAttribute('lang')).toBe('ar');
    // the date sits in its own direction inside the right-to-left sentence
    expect(text).toMatch(/\u2068[^\u2069]+\u2069/);
    expect(await report().getByTestId('my-report-deadlines').getAttribute('data-basis')).toBe('target');
    // "please call {phone}": in Arabic, with the number left to right, and a button that calls it
    const access = report().getByTestId('my-report-template').nth(1);
    expect(await access.innerText()).toContain(
      templates.templates
        .find((t) => t.id === 'need_access')!
        .text.ar.text.split('{phone}')[0]!
        .trim(),
    );
    expect(await access.innerText()).toContain('\u206601234 567890\u2069');
    expect(await report().getByTestId('my-report-call').getAttribute('href')).toBe('tel:01234567890');
    await shot('notes-ar');
  });

  it('after "Forget me", the code typed in lower case without dashes brings the report back with its notes', async () => {
    await staff(`/api/dashboard/reports/${reportId}`, {
      method: 'PATCH',
      body: { status: 'resolved', publicNote: 'The landlord cleaned the mould and fixed the fan.' },
    });
    await page.goto(`${server.url}/about?lang=en`);
    await page.getByTestId('forget-start').click();
    await page.getByTestId('forget-yes').click();
    await page.waitForURL((url) => url.pathname === '/' && !url.search.includes('lang'), { timeout: 20_000 });

    await page.goto(`${server.url}/my-reports?lang=en`);
    await page.getByTestId('my-reports-empty').waitFor();
    const input = page.getByTestId('follow-code');
    const result = page.getByTestId('follow-result');

    // one symbol wrong: the check symbol catches it on the phone
    const wrong = code.replace(/-/g, '').slice(0, 11) + (code.endsWith('0') ? '1' : '0');
    await input.fill(wrong);
    await input.press('Enter');
    await expect.poll(() => result.innerText()).toBe(en.my_reports.follow.invalid);
    await shot('follow-invalid-en');

    // a well-made code that no report has
    const unknown = 'ZZZZZZZZZZZ' + trackingCheckSymbol('ZZZZZZZZZZZ');
    await input.fill(unknown);
    await page.getByTestId('follow-submit').click();
    await expect.poll(() => result.innerText()).toBe(en.my_reports.follow.not_found);

    await input.fill(code.replace(/-/g, '').toLowerCase());
    await page.getByTestId('follow-submit').click();
    await expect.poll(() => result.innerText()).toBe(en.my_reports.follow.found);
    await report().waitFor();
    // focus moves to the report found, for keyboard and screen reader users
    expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/^my-report-/);
    expect(await report().getByTestId('tracking-code').innerText()).toBe(code);
    expect(await report().getByTestId('my-report-state').innerText()).toBe(en.my_reports.state.resolved);
    expect(await report().getByTestId('my-report-followed').count()).toBe(1);
    // its notes: the template (in English now, the phone's language) and staff's free text, marked as English
    expect(await report().getByTestId('my-report-template').first().innerText()).toContain(englishWords);
    expect(await report().getByTestId('my-report-staff-text').innerText()).toBe(
      'The landlord cleaned the mould and fixed the fan.',
    );
    expect(await report().innerText()).toContain(en.my_reports.note_english);
    expect(await axe(page)).toEqual([]);
    await shot('followed-en');

    // it stays on the phone: a reload still shows it
    await page.reload();
    await report().getByTestId('my-report-template').first().waitFor();
  });

  it('"It came back", pressed offline, waits with Undo and is delivered once when back online: reopened', async () => {
    await b.goOffline();
    // "It's not fixed", then Undo: nothing is sent
    await report().getByTestId('my-report-not_fixed').click();
    await report().getByTestId('my-report-answer-send').click();
    await report().locator('[data-testid="my-report-answer"][data-state="waiting"]').waitFor();
    await report().getByTestId('my-report-answer-undo').click();
    await expect.poll(() => report().getByTestId('my-report-answer').count()).toBe(0);

    // "It came back", by keyboard only
    await report().getByTestId('my-report-came_back').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.type('The black mould is back on the wall.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const waiting = report().locator('[data-testid="my-report-answer"][data-state="waiting"]');
    await waiting.waitFor();
    expect(await waiting.innerText()).toContain(en.my_reports.answer.waiting);
    expect(await axe(page)).toEqual([]);
    await shot('came-back-waiting-en');
    // still waiting after a while offline, and the server has nothing yet
    await page.waitForTimeout(1500);
    expect(await waiting.count()).toBe(1);
    expect((await publicView()).status).toBe('resolved');

    await b.goOnline();
    await expect.poll(() => report().getByTestId('my-report-answer').count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => report().getByTestId('my-report-state').innerText()).toBe(en.my_reports.state.reopened);
    expect(await report().getByTestId('my-report-answer-status').innerText()).toBe(en.my_reports.answer.sent);
    expect(await report().innerText()).toContain(en.my_reports.you.came_back);

    const view = await publicView();
    expect(view.status).toBe('reopened');
    expect(view.updates.filter((u) => u.reply)).toEqual([
      expect.objectContaining({ reply: { kind: 'came_back', text: 'The black mould is back on the wall.' } }),
    ]);
    // a later flush (a reload starts one) sends nothing again
    await page.reload();
    await report().waitFor();
    await page.waitForTimeout(1000);
    expect((await publicView()).updates.filter((u) => u.reply)).toHaveLength(1);
    expect(b.errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
  });

  it('in Arabic: the follow form, a queued answer and the notes, without axe problems', async () => {
    await page.goto(`${server.url}/my-reports?lang=ar`);
    await report().getByTestId('my-report-template').first().waitFor();
    await b.goOffline();
    await report().getByTestId('my-report-reply').click();
    await report().getByTestId('my-report-answer-text').fill('شكرًا، سأكون في البيت.');
    await report().getByTestId('my-report-answer-send').click();
    await report().locator('[data-testid="my-report-answer"][data-state="waiting"]').waitFor();
    // "Have a tracking code?" above the list takes focus to the form below it
    await page.getByTestId('follow-jump').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('follow-code');
    // offline, a good code needs signal; a mistyped one is told at once
    await page.getByTestId('follow-code').fill(code);
    await page.getByTestId('follow-submit').click();
    await expect.poll(() => page.getByTestId('follow-result').innerText()).toBe(ar.my_reports.follow.offline);
    await page.getByTestId('follow-code').fill('7kq2 m9xd 4hrt');
    await page.getByTestId('follow-submit').click();
    await expect.poll(() => page.getByTestId('follow-result').innerText()).toBe(ar.my_reports.follow.invalid);
    expect(await axe(page)).toEqual([]);
    await shot('queued-ar');

    // "Forget me" warns that the answer would be lost (the About page from the offline copy)
    await b.waitForServiceWorker();
    await page.locator('a[href="/about"]').first().click();
    await page.getByTestId('forget-start').click();
    const warning = page.getByTestId('forget-unsent');
    await warning.waitFor();
    expect(await warning.innerText()).toContain(ar.about.forget.unsent_answers.split(' | ')[0]!);
    await page.getByTestId('forget-cancel').click();
    await page.goBack();
    await report().getByTestId('my-report-answer-undo').click();
    await expect.poll(() => report().getByTestId('my-report-answer').count()).toBe(0);
    await b.goOnline();
  });
});
