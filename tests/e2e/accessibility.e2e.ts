// Accessibility (issue 5): axe-core finds no violations on the home page, an entitlement page (with its
// full details and a glossary word open) and the report form, in English and in Arabic (right to left),
// at normal and at bigger text. axe runs inside the page (node_modules/axe-core/axe.min.js).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axe, setupBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let b: BrowserSession;

beforeAll(async () => {
  server = await startServer();
  // axe is injected as a script: the app's CSP (script-src 'self') would block it, so bypass it in the test only
  b = await setupBrowser({ bypassCSP: true });
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
});

const pages: [string, string, (page: Page) => Promise<void>][] = [
  ['home', '/', (page) => page.getByTestId('tile-offer').waitFor()],
  [
    'entitlement page',
    '/offer/rent_guarantor',
    async (page) => {
      await page.getByTestId('offer-easy-read').waitFor();
      await page.getByTestId('offer-show-full').click();
      await page.locator('[data-testid^="glossary-"]').first().click();
    },
  ],
  ['report form', '/report', (page) => page.getByTestId('report-step-problem').waitFor()],
  ['urgent help', '/help', (page) => page.getByTestId('urgent-help').locator('ol').waitFor()],
];

describe.each(['en', 'ar'])('axe-core, %s', (lang) => {
  it.each(pages)('%s has no violations', async (_name, path, ready) => {
    await b.page.goto(`${server.url}${path}?lang=${lang}`);
    await ready(b.page);
    expect(await axe(b.page)).toEqual([]);
  });

  it('with bigger text, the home page and the report form still have none', async () => {
    await b.page.goto(`${server.url}/?lang=${lang}`);
    await b.page.getByTestId('tile-offer').waitFor();
    await b.page.getByTestId('bigger-text').click();
    await expect.poll(() => b.page.evaluate(() => document.documentElement.classList.contains('text-bigger'))).toBe(true);
    expect(await axe(b.page)).toEqual([]);
    await b.page.goto(`${server.url}/report`);
    await b.page.getByTestId('report-step-problem').waitFor();
    expect(await axe(b.page)).toEqual([]);
    await b.page.getByTestId('bigger-text').click(); // back to normal for the next test
  });
});
