// Accessibility (issue 5): axe-core finds no violations on the home page, an entitlement page (with its
// full details and a glossary word open) and the report form, in English and in Arabic (right to left),
// at normal and at bigger text. axe runs inside the page (node_modules/axe-core/axe.min.js).
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setupBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: AxeViolation[] }> } };
    const result = await w.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations;
  });
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(n.target)}`));
}

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
