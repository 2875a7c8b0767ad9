// Urgent help in a crisis: every line on /help offline in all 8 languages with a working tel: link and no
// "ask your PA for the number"; "I'm not sure" shows the same help as "No" without making the report
// urgent; choosing gas shows the gas line at once; quick exit by one tap or three presses of Shift leaves
// with location.replace (Back does not return); and in ar, fa-AF, ps and ckb every tel: link (and the
// tracking code) reads left to right in dialled order on /help, an entitlement page and My reports.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import contactsJson from '../../content/kent/contacts.json';
import en from '../../locales/en.json';

type Words = { askPa: string; contacts: Record<string, { description: string }>; urgentHelp: { unverified: string } };
const textFiles = import.meta.glob<{ default: Words }>('../../content/kent/text/*.json', { eager: true });
const text = (code: string) => textFiles[`../../content/kent/text/${code}.json`]!.default;

const LOCALES = ['en', 'ar', 'ti', 'ckb', 'vi', 'ps', 'fa-AF', 'sq'];
const RTL = ['ar', 'fa-AF', 'ps', 'ckb'];
const URGENT = contactsJson.filter((c) => c.urgent);
const EXIT = 'https://www.bbc.co.uk/weather';

let server: RunningServer;
let b: BrowserSession;

beforeAll(async () => {
  server = await startServer();
  b = await setupBrowser();
  // the neutral site, answered locally: the test checks where quick exit goes, not the BBC
  await b.context.route(`${EXIT}**`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<title>Weather</title><p>Weather</p>' }),
  );
  await b.page.goto(`${server.url}/?lang=en`);
  await b.waitForServiceWorker();
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
});

/** Each run of digits inside `selector`'s elements, with where it is drawn (Range.getClientRects). */
function digitGroups(page: Page, selector: string) {
  return page.$$eval(selector, (elements) =>
    elements.map((el) => {
      const groups: { digits: string; x: number; y: number }[] = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        for (const m of node.data.matchAll(/\d+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const rect = range.getClientRects()[0];
          if (rect) groups.push({ digits: m[0], x: rect.left, y: Math.round(rect.top) });
        }
      }
      return { href: el.getAttribute('href') ?? '', text: el.textContent ?? '', groups };
    }),
  );
}

/** The digit groups as a reader sees them: line by line from the top, left to right. */
const readLeftToRight = (groups: { digits: string; x: number; y: number }[]) =>
  [...groups].sort((a, b) => a.y - b.y || a.x - b.x).map((g) => g.digits);

/** Every tel: link (and the tracking code) shows its digit groups left to right in dialled order. */
async function expectDialledOrder(page: Page, where: string, minLinks: number) {
  const links = await digitGroups(page, 'main a[href^="tel:"], main [data-testid="tracking-code"]');
  expect(links.length, `${where}: tel links`).toBeGreaterThanOrEqual(minLinks);
  for (const link of links) {
    const logical = link.groups.map((g) => g.digits);
    expect(readLeftToRight(link.groups), `${where}: ${link.text}`).toEqual(logical);
    if (link.href.startsWith('tel:')) expect(logical.join(''), `${where}: ${link.text}`).toBe(link.href.slice(4));
  }
}

describe('urgent help', () => {
  it('"I\'m not sure" shows the same help as "No" but the report is not urgent; gas shows the gas line at once', async () => {
    const page = b.page;
    await page.goto(`${server.url}/report?lang=en`);
    await page.getByTestId('category-gas_co').click();
    const gas = page.getByTestId('gas-line');
    await expect.poll(() => gas.locator('a[href="tel:0800111999"]').count()).toBe(1);
    await page.getByTestId('category-gas_co').click();
    await expect.poll(() => gas.count()).toBe(0);
    await page.getByTestId('category-mould').click();
    await page.getByTestId('report-next').click();

    await page.getByTestId('feels-safe-no').check();
    await page.getByTestId('urgent-help').locator('[data-testid="contact-samaritans"]').waitFor();
    const withNo = await page
      .getByTestId('urgent-help')
      .locator('a[href^="tel:"]')
      .evaluateAll((a) => a.map((x) => x.getAttribute('href')));
    await page.getByTestId('feels-safe-not_sure').check();
    await page.getByTestId('urgent-help').locator('[data-testid="contact-samaritans"]').waitFor();
    const withNotSure = await page
      .getByTestId('urgent-help')
      .locator('a[href^="tel:"]')
      .evaluateAll((a) => a.map((x) => x.getAttribute('href')));
    expect(withNotSure).toEqual(withNo);
    expect(withNo.length).toBeGreaterThanOrEqual(URGENT.length);
    await page.getByTestId('report-next').click();

    await page.getByTestId('where-district').check();
    await page.getByTestId('district-select').selectOption('E07000114');
    await page.getByTestId('report-next').click();
    await page.getByTestId('description').fill('Mould on the wall. I am not sure if I am safe here.');
    await page.getByTestId('accommodation-private_rented').check();
    await page.getByTestId('report-next').click();
    await page.getByTestId('report-next').click();
    await page.getByTestId('contact-pa').check();
    await page.getByTestId('report-next').click();
    await page.getByTestId('report-send').click();
    await page.getByTestId('report-result').waitFor();

    await page.goto(`${server.url}/my-reports?lang=en`);
    await page.getByTestId('tracking-code').first().waitFor();
    await expect.poll(() => page.getByTestId('my-report-state').first().innerText()).not.toBe('');
    await expect.poll(() => page.locator('main').innerText()).not.toContain(en.my_reports.urgent);
  });

  it('quick exit: one tap, or Shift three times, replaces the page with a neutral site', async () => {
    const page = b.page;
    for (const [tile, how] of [
      ['help', 'tap'],
      ['my_reports', 'shift'],
      ['report', 'shift'],
    ] as const) {
      // the home page, then the page to leave (one more history entry)
      await page.goto(`${server.url}/?lang=en`);
      await page.getByTestId(`tile-${tile}`).click();
      const exit = page.getByRole('button', { name: 'Exit this page' });
      await exit.waitFor();
      expect(await exit.getAttribute('aria-describedby')).toBe('quick-exit-hint');
      if (how === 'tap') await exit.click();
      else {
        await page.locator('main h1').first().click();
        for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
      }
      await page.waitForURL(`${EXIT}**`);
      // the page that was left is gone from the history: Back goes to the page before it
      await page.goBack();
      await page.waitForURL((url) => url.origin === server.url);
      expect(new URL(page.url()).pathname, `${tile} by ${how}`).toBe('/');
    }
  });

  it('two presses of Shift, or Shift with other keys between, do not leave', async () => {
    const page = b.page;
    await page.goto(`${server.url}/help?lang=en`);
    await page.getByTestId('quick-exit').waitFor();
    await page.keyboard.press('Shift');
    await page.keyboard.press('Shift');
    await page.keyboard.press('a');
    await page.keyboard.press('Shift');
    await page.waitForTimeout(300);
    expect(new URL(page.url()).pathname).toBe('/help');
  });

  it.each(LOCALES)(
    '/help offline in %s: every line, each with a working tel: link, and no "ask your PA for the number"',
    async (code) => {
      const page = b.page;
      await b.goOffline();
      try {
        await page.goto(`${server.url}/help?lang=${code}`);
        const help = page.getByTestId('urgent-help');
        for (const c of URGENT) {
          const link = help.locator(`[data-testid="contact-${c.id}"] a[href^="tel:"]`);
          await link.waitFor();
          expect(await link.getAttribute('href'), `${code}: ${c.id}`).toBe(`tel:${c.phone!.replace(/ /g, '')}`);
          const warned = await help
            .locator(`[data-testid="contact-${c.id}"] [data-testid="contact-unverified"]`)
            .count();
          expect(warned, `${code}: ${c.id} says whether its number is confirmed`).toBe(c.verified ? 0 : 1);
        }
        expect(await help.locator('a[href="sms:85258?&body=SHOUT"]').count()).toBe(1);
        const shown = await help.innerText();
        const words = text(code);
        expect(shown).not.toContain(words.askPa);
        if (code === 'en') expect(shown).not.toMatch(/ask your PA for/i);
        if (RTL.includes(code)) await expectDialledOrder(page, `/help ${code}`, URGENT.length);
      } finally {
        await b.goOnline();
      }
    },
  );

  it.each(RTL)('%s: tel links read in dialled order on an entitlement page and My reports', async (code) => {
    const page = b.page;
    await page.goto(`${server.url}/offer/priority_need?lang=${code}`);
    await page.getByTestId('offer-show-full').click();
    await page.locator('main .offer-contacts a[href^="tel:"]').first().waitFor();
    await expectDialledOrder(page, `entitlement ${code}`, 1);

    await page.goto(`${server.url}/my-reports?lang=${code}`);
    await page.getByTestId('tracking-code').first().waitFor();
    await expectDialledOrder(page, `my reports ${code}`, 1);
  });

  it('the check can fail: a number not isolated in right-to-left text reads backwards', async () => {
    const page = b.page;
    await page.goto(`${server.url}/help?lang=ar`);
    await page.getByTestId('urgent-help').waitFor();
    await page.evaluate(() => {
      const a = document.createElement('a');
      a.href = 'tel:03000419191';
      a.textContent = 'اتصل بـ 03000 41 91 91';
      a.id = 'control';
      document.querySelector('main')!.prepend(a);
    });
    const [control] = await digitGroups(page, '#control');
    expect(readLeftToRight(control!.groups)).toEqual(['91', '91', '41', '03000']);
  });
});
