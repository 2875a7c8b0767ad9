// Staff find a report by the code the young person reads out, and answer with a template, end to end in a
// real browser against the built app and the real server, at 1366 × 768 and with the keyboard only: part of
// a tracking code typed in lower case finds the one report; its page names the young person's language
// ("Arabic (العربية)") and the deadlines' basis (Awaab's Law for a social landlord's damp); a template note
// with a date and free text, previewed in English, is stored with its template id and fields. The
// dashboard's overdue figure says what it counts, and the precache holds no staff page. Axe checks each
// page; screenshots are kept for a person to look at. Runs after `npm run build`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PublicReport, ReportDetail } from '#contract';
import en from '../../locales/en.json';
import { SUPPORTED_LOCALES } from '../../locales/index';
import { readPrecache } from '../../bench/lib/bytes';
import { axe } from '../helpers/browser';
import { distDir } from '../helpers/report-form';
import { newReport, overHttp, postReport } from '../helpers/reports';
import { STAFF_PASSWORD } from '../helpers/staff';
import { SHOTS, startStaffDesk } from '../helpers/staff-desk';

const EMAIL = 'kent.commissioner@example.test';
const FREE_TEXT = 'Synthetic test: the visit is in the morning.';

const desk = startStaffDesk([{ email: EMAIL, role: 'commissioner' }]);
const reports: { id: string; trackingCode: string }[] = [];

async function post(body: Record<string, unknown>) {
  const key = `search-e2e-${reports.length}-${Date.now()}`;
  reports.push(await postReport(overHttp(desk.server.url), newReport(body), key));
}

/** Presses Tab until the focused element matches `selector` (and holds `text`), as a keyboard user would. */
async function tabTo(selector: string, text = '', most = 80): Promise<void> {
  for (let i = 0; i < most; i++) {
    await desk.page.keyboard.press('Tab');
    const found = await desk.page.evaluate(
      ([sel, txt]) => !!document.activeElement?.matches(sel!) && document.activeElement.textContent!.includes(txt!),
      [selector, text],
    );
    if (found) return;
  }
  throw new Error(`${selector} ${text} was not reached with Tab`);
}

const scrollsSideways = () =>
  desk.page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe('staff find a report by its tracking code and answer with a template', () => {
  it('three young people send reports; one writes in Arabic about damp in social housing', async () => {
    await post({ language: 'ar', accommodationType: 'social_housing', description: 'رطوبة في غرفة النوم' });
    await post({ district: 'E07000108' });
    await post({ district: 'E07000112', categories: ['pests'] });
  });

  it('the dashboard says which deadlines its overdue figure counts', async () => {
    const res = await desk.context.request.post(`${desk.server.url}/api/auth/login`, {
      data: { email: EMAIL, password: STAFF_PASSWORD },
      headers: { Origin: desk.server.url, 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(res.status()).toBe(200);
    await desk.page.goto(`${desk.server.url}/dashboard?lang=en`);
    await desk.page.getByTestId('headline').waitFor();
    // nothing is overdue yet: none of either
    expect(await desk.page.getByTestId('overdue-basis').textContent()).toBe("Awaab's Law: 0 · council targets: 0");
    await desk.page.screenshot({ path: join(SHOTS, 'dashboard-headline-1366.png') });
    // and the district table's and the trend's overdue figures say it too
    await expect
      .poll(
        async () => (await desk.page.locator('main').innerText()).split(en.dashboard.overdue_counts_both).length - 1,
      )
      .toBe(2);
  });

  it('part of the code, in lower case, finds the one report, by keyboard; the list shows tracking codes', async () => {
    await desk.page.goto(`${desk.server.url}/dashboard/reports?lang=en`);
    const list = desk.page.getByTestId('report-list');
    await expect.poll(() => list.locator('li').count()).toBe(3);
    const codes = await list.getByTestId('list-tracking-code').allTextContents();
    expect(codes.sort()).toEqual(reports.map((r) => r.trackingCode).sort());

    // the last symbols of the first group and the first of the second, as read out: lower case, no dash
    const wanted = reports[0]!.trackingCode;
    let part = wanted.slice(2, 7).replace('-', '').toLowerCase();
    if (reports.slice(1).some((r) => r.trackingCode.replace(/-/g, '').includes(part.toUpperCase())))
      part = wanted.replace(/-/g, '').slice(0, 8).toLowerCase();
    await tabTo('#search-code');
    // pasted with a typographic dash and a full stop, as from a letter
    await desk.page.keyboard.type(`${part.slice(0, 2)}–${part.slice(2)}.`);
    await desk.page.keyboard.press('Enter');
    await expect.poll(() => list.locator('li').count()).toBe(1);
    expect(await list.getByTestId('list-tracking-code').textContent()).toBe(wanted);
    expect(desk.page.url()).toContain(`code=${part.slice(0, 2)}+${part.slice(2)}`);
    expect(await scrollsSideways()).toBe(false);
    await desk.page.screenshot({ path: join(SHOTS, 'staff-report-search-1366.png') });
    expect(await axe(desk.page)).toEqual([]);
  });

  it('the report names the language and the basis of its deadlines', async () => {
    await tabTo('a', reports[0]!.trackingCode);
    await desk.page.keyboard.press('Enter');
    await desk.page.getByTestId('report-description').waitFor();
    expect(await desk.page.locator('main h1').textContent()).toContain(reports[0]!.trackingCode);
    expect(await desk.page.getByTestId('report-language').textContent()).toBe('Arabic (العربية)');
    // the kind of home is named in the council's words (the content pack's), not by its id
    const facts = desk.page.locator('dl.facts-list').first();
    await expect.poll(() => facts.innerText()).toContain('Council or housing association');
    expect(await facts.innerText()).not.toContain('social_housing');
    expect(await desk.page.getByTestId('report-basis').textContent()).toContain(en.dashboard.basis.law);
  });

  it('a template note with a date and free text, previewed in English, is stored with its id and fields', async () => {
    // keyboard: the template list, then its date, then the words
    await tabTo('[data-testid="template-select"]');
    const options = await desk.page.getByTestId('template-select').locator('option').allTextContents();
    const visit = options.findIndex((o) => o.startsWith('Someone will visit your home'));
    expect(visit).toBeGreaterThan(0);
    for (let i = 0; i < visit; i++) await desk.page.keyboard.press('ArrowDown');
    await expect.poll(() => desk.page.getByTestId('template-select').inputValue()).toBe('visit_on');
    await tabTo('[data-testid="template-field-date"]');
    // typed keys would depend on the browser's order of a date's parts: the date is put in as a value
    await desk.page.getByTestId('template-field-date').fill('2026-12-10');
    await tabTo('#update-public');
    await desk.page.keyboard.type(FREE_TEXT);
    const preview = await desk.page.getByTestId('template-preview').innerText();
    expect(preview).toContain('Someone will visit your home on 10 December 2026.');
    expect(preview).toContain(`${en.dashboard.template.free_text_marked} ${FREE_TEXT}`);
    // and what the young person reads, in Arabic
    expect(preview).toContain('In Arabic (العربية):');
    expect(await scrollsSideways()).toBe(false);
    await desk.page.screenshot({ path: join(SHOTS, 'staff-report-template-1366.png'), fullPage: true });
    expect(await axe(desk.page)).toEqual([]);
    await tabTo('button[type="submit"]', en.common.save);
    await desk.page.keyboard.press('Enter');
    await expect
      .poll(() => desk.page.getByTestId('report-update').getByRole('status').textContent())
      .toBe(en.dashboard.report.saved);
    expect(await desk.page.getByTestId('history-template').textContent()).toContain(
      'Someone will visit your home on 10 December 2026.',
    );

    // as stored: the staff view's history, and what the young person's phone reads
    const detail = (await (
      await desk.context.request.get(`${desk.server.url}/api/dashboard/reports/${reports[0]!.id}`, {
        headers: { Origin: desk.server.url },
      })
    ).json()) as ReportDetail;
    expect(detail.history).toContainEqual(
      expect.objectContaining({ template: { id: 'visit_on', fields: { date: '2026-12-10' } }, publicNote: FREE_TEXT }),
    );
    const res = await fetch(`${desk.server.url}/api/reports/${reports[0]!.trackingCode.toLowerCase()}`);
    const report = (await res.json()) as PublicReport;
    expect(report.updates).toContainEqual(
      expect.objectContaining({ template: { id: 'visit_on', fields: { date: '2026-12-10' } }, note: FREE_TEXT }),
    );
  });

  it('in all 8 languages: the list and the report have no axe violations and no sideways scroll', async () => {
    const problems: string[] = [];
    for (const { code } of SUPPORTED_LOCALES) {
      for (const [path, ready] of [
        [`/dashboard/reports?code=${reports[0]!.trackingCode}`, 'report-list'],
        [`/dashboard/reports/${reports[0]!.id}`, 'report-history'],
      ] as const) {
        await desk.page.goto(`${desk.server.url}${path}${path.includes('?') ? '&' : '?'}lang=${code}`);
        await desk.page.getByTestId(ready).waitFor();
        await expect.poll(() => desk.page.evaluate(() => document.documentElement.lang)).toBe(code);
        if (ready === 'report-history') await desk.page.getByTestId('template-select').selectOption('need_access');
        if (await scrollsSideways()) problems.push(`${code} ${path}: sideways scroll`);
        problems.push(...(await axe(desk.page)).map((v) => `${code} ${path}: ${v}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it("staff pages stay out of the young person's precache, and no precached file needs one", () => {
    const urls = readPrecache(distDir).files.map((f) => f.url);
    expect(urls.length).toBeGreaterThan(5);
    // judged by the chunk's name, not its hash (a hash may hold "PaB")
    const names = urls.map((u) => u.replace(/-[\w-]{8}(\.\w+)$/, '$1'));
    expect(names.filter((u) => /staff-|Dashboard|Auth|Pa[A-Z]/.test(u))).toEqual([]);
    // a static import of a staff chunk from a precached one would break that page offline (a route's
    // lazy import of a staff page is fine: it is only followed when a member of staff opens it)
    const needsStaff = urls
      .filter((u) => u.endsWith('.js'))
      .filter((u) => /(from|import)"\.\/staff-/.test(readFileSync(join(distDir, u), 'utf8')));
    expect(needsStaff).toEqual([]);
  });
});
