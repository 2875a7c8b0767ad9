// Accessibility, in all 8 languages, on every young person's page (home, offer, an entitlement with its full
// details and a glossary word open, check, every step of the report form, My reports with a mistyped code in
// "Follow a report", urgent help, visit; My reports' answers are checked in report-follow.e2e.ts):
// - no horizontal scroll at 390 × 844 with the browser's text at 200% (Chromium's own font-size setting,
//   as a phone's "text size" sets it), nor at 320 px wide (WCAG 1.4.4, 1.4.10);
// - axe-core finds no violations (WCAG 2.x A and AA, and best practice);
// - touch targets, radios and checkboxes included, are at least 44 × 44 px.
// One browser, one server; each page is loaded once per language and checked in both sizes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { axe, setupBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import { SUPPORTED_LOCALES } from '../../locales/index';

let server: RunningServer;
let b: BrowserSession;
let cdp: CDPSession;

beforeAll(async () => {
  server = await startServer();
  // axe is injected as a script: the app's CSP (script-src 'self') would block it, so bypass it in the test only
  b = await setupBrowser({ bypassCSP: true });
  cdp = await b.context.newCDPSession(b.page);
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
});

/** The browser's own text size (Chromium's setting: 16 px is 100%). */
const textSize = (percent: number) =>
  cdp.send('Page.setFontSizes', { fontSizes: { standard: (16 * percent) / 100, fixed: (13 * percent) / 100 } });

/** What sticks out to the side: the page's extra width, and the elements beyond the screen's edge. */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const extra = document.documentElement.scrollWidth - width;
    if (extra <= 1) return [];
    const out = [...document.querySelectorAll('body *')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.right > width + 1 || r.left < -1) && getComputedStyle(el).position !== 'fixed';
      })
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${Math.round(el.getBoundingClientRect().width)}px`,
      );
    return [`${extra}px too wide`, ...out];
  });

/**
 * Visible buttons, big choices, radios and checkboxes (with their label) smaller than 44 × 44; a word
 * button inside a sentence (a glossary term) is exempt, as WCAG 2.5.8 says of inline targets.
 */
const smallTargets = (page: Page) =>
  page.evaluate(() =>
    [
      ...document.querySelectorAll(
        'main button, main .choice, main input[type="radio"], main input[type="checkbox"], header button',
      ),
    ]
      .map((el) => ({ el, target: el.matches('input') ? (el.closest('label') ?? el) : el }))
      .filter(({ target }) => !(target.closest('p, li') && getComputedStyle(target).display.startsWith('inline')))
      .filter(({ target }) => {
        const r = target.getBoundingClientRect();
        return r.width > 0 && (r.width < 43.5 || r.height < 43.5);
      })
      .map(
        ({ el, target }) =>
          `${el.tagName.toLowerCase()}[${el.getAttribute('data-testid') ?? el.className}] ${Math.round(target.getBoundingClientRect().width)}×${Math.round(target.getBoundingClientRect().height)}`,
      ),
  );

/** Checks the page as it is now at 390 × 844 with 200% text, then at 320 px; answers every problem found. */
async function check(page: Page, name: string): Promise<string[]> {
  const problems: string[] = [];
  await textSize(200);
  await page.setViewportSize({ width: 390, height: 844 });
  problems.push(...(await overflow(page)).map((p) => `${name} at 200% text: ${p}`));
  // the header folds into a compact bar, so the page itself starts on the first screen (at most 40% of it,
  // 200% text and a long language name included)
  const header = await page.locator('.app-header__inner').evaluate((el) => el.getBoundingClientRect().height);
  if (header > 844 * 0.4) problems.push(`${name} at 200% text: the header is ${Math.round(header)}px tall`);
  await textSize(100);
  await page.setViewportSize({ width: 320, height: 640 });
  problems.push(...(await overflow(page)).map((p) => `${name} at 320 px: ${p}`));
  problems.push(...(await smallTargets(page)).map((p) => `${name}: small target ${p}`));
  await page.setViewportSize({ width: 390, height: 844 });
  return problems;
}

/** Next, then wait until focus (and so the scroll) has moved to the new step's heading, as the person sees it. */
async function next(page: Page) {
  await page.getByTestId('report-next').click();
  await page.waitForFunction(() => document.activeElement?.id === 'report-step-heading');
}

/** The report form as new: a draft kept from the last walk-through would be offered first. */
async function freshReport(page: Page, lang: string) {
  await page.goto(`${server.url}/?lang=${lang}`);
  await page.evaluate(async () => {
    for (const db of await indexedDB.databases()) if (db.name) indexedDB.deleteDatabase(db.name);
    localStorage.removeItem('clh-report-draft');
  });
  await page.goto(`${server.url}/report?lang=${lang}`);
}

const pages: [string, string, (page: Page) => Promise<void>][] = [
  ['home', '/', (page) => page.getByTestId('tile-offer').waitFor()],
  ['offer', '/offer', (page) => page.locator('main h1').waitFor()],
  [
    'entitlement',
    '/offer/rent_guarantor',
    async (page) => {
      await page.getByTestId('offer-easy-read').waitFor();
      await page.getByTestId('offer-show-full').click();
      await page.locator('[data-testid^="glossary-"]').first().click();
    },
  ],
  ['check', '/check', (page) => page.locator('main h1').waitFor()],
  [
    'my reports',
    '/my-reports',
    async (page) => {
      // "Follow a report" with a mistyped code: the form and its message in plain words
      await page.getByTestId('follow-code').fill('7kq2 m9xd 4hrx');
      await page.getByTestId('follow-submit').click();
      await page.locator('[data-testid="follow-report"][data-state="invalid"]').waitFor();
    },
  ],
  ['urgent help', '/help', (page) => page.getByTestId('urgent-help').locator('ol').waitFor()],
  ['visit', '/visit', (page) => page.getByTestId('visit-start-form').waitFor()],
];

describe.each(SUPPORTED_LOCALES.map((l) => l.code))('%s', (lang) => {
  it('every page: no sideways scroll at 200% text or 320 px, 44 px targets, and no axe violations', async () => {
    const problems: string[] = [];
    for (const [name, path, ready] of pages) {
      await b.page.goto(`${server.url}${path}?lang=${lang}`);
      await ready(b.page);
      problems.push(...(await check(b.page, name)), ...(await axe(b.page)).map((v) => `${name}: ${v}`));
    }
    expect(problems).toEqual([]);
  });

  it('every step of the report form, too', async () => {
    const problems: string[] = [];
    await freshReport(b.page, lang);
    const step = async (name: string, act: () => Promise<void>) => {
      await act();
      problems.push(...(await check(b.page, name)), ...(await axe(b.page)).map((v) => `${name}: ${v}`));
    };
    await step('problem', () => b.page.getByTestId('report-step-problem').waitFor());
    await step('safe', async () => {
      await b.page.getByTestId('category-damp').click();
      await next(b.page);
      await b.page.getByTestId('feels-safe-yes').check();
    });
    await step('where', async () => {
      await next(b.page);
      await b.page.getByTestId('where-district').check();
      await b.page.getByTestId('district-select').selectOption('E07000114');
    });
    await step('details', async () => {
      await next(b.page);
      await b.page.getByTestId('description').fill('Black mould on the bedroom wall.');
      await b.page.getByTestId('accommodation-private_rented').check();
    });
    await step('photos', () => next(b.page));
    await step('contact', async () => {
      await next(b.page);
      await b.page.getByTestId('contact-pa').check();
    });
    await step('check', async () => {
      await next(b.page);
      await b.page.getByTestId('report-step-check').waitFor();
    });
    expect(problems).toEqual([]);
  });
});

describe("bigger text (the app's own button)", () => {
  it('the home page and the report form have no axe violations, in Arabic too', async () => {
    for (const lang of ['en', 'ar']) {
      await b.page.goto(`${server.url}/?lang=${lang}`);
      await b.page.getByTestId('tile-offer').waitFor();
      await b.page.getByTestId('bigger-text').click();
      await expect
        .poll(() => b.page.evaluate(() => document.documentElement.classList.contains('text-bigger')))
        .toBe(true);
      expect(await axe(b.page)).toEqual([]);
      await freshReport(b.page, lang);
      await b.page.getByTestId('report-step-problem').waitFor();
      expect(await axe(b.page)).toEqual([]);
      await b.page.getByTestId('bigger-text').click(); // back to normal
    }
  });
});
