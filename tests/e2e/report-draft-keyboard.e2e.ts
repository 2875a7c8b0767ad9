// A report half-written is kept on the phone (IndexedDB), photos included: after a reload, and after the
// tab is closed and opened again, "Carry on with your report" brings it back at the step it was on.
// Deleting it can be undone. Then a keyboard-only pass, with axe on each screen: a whole report made
// without the map and without a mouse; the map's district shapes are never a Tab stop.
// Runs after `npm run build`.
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import { axe, setupBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let b: BrowserSession;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  b = await setupBrowser({ bypassCSP: true }); // axe is injected as a script
  page = b.page;
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
});

const next = () => page.getByTestId('report-next').click();
const stepShown = () => page.locator('[data-testid^="report-step-"]').getAttribute('data-testid');

describe('the draft is kept on the phone', () => {
  it('three steps filled, then a reload: "Carry on with your report" brings them back', async () => {
    await page.goto(`${server.url}/report?lang=en`);
    await page.getByTestId('category-damp').click();
    await page.getByTestId('category-mould').click();
    await next();
    await page.getByTestId('feels-safe-no').check();
    await next();
    await page.getByTestId('where-district').check();
    await page.getByTestId('place-search').fill('Margate');
    await page.getByTestId('place-result-Margate').click();
    await next();
    await page.getByTestId('description').fill('Water comes through the ceiling when it rains.');
    await page.waitForTimeout(600); // typing is saved a moment after it stops

    await page.reload();
    await page.getByTestId('draft-offer').waitFor();
    expect(await page.getByTestId('report-next').count()).toBe(0); // the old draft is not written over
    await page.getByRole('button', { name: en.report.draft.resume }).click();
    expect(await stepShown()).toBe('report-step-details');
    expect(await page.getByTestId('description').inputValue()).toBe('Water comes through the ceiling when it rains.');
    await page.getByRole('button', { name: en.common.back, exact: true }).click();
    expect(await page.getByTestId('district-select').inputValue()).toBe('E07000114');
  });

  it('with a photo, the tab closed and opened again: the photo and the step are still there', async () => {
    await next();
    await page.getByTestId('accommodation-social_housing').check();
    await next();
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#557755' } })
      .jpeg()
      .toBuffer();
    await page
      .getByTestId('photo-input')
      .setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByTestId('photo-preview').waitFor();
    await page.waitForTimeout(600);

    await page.close();
    page = await b.context.newPage();
    await page.goto(`${server.url}/report?lang=en`);
    await page.getByRole('button', { name: en.report.draft.resume }).click();
    expect(await stepShown()).toBe('report-step-photos');
    await page.getByTestId('photo-preview').waitFor();
    expect(
      await page
        .locator('[data-testid="photo-preview"] img')
        .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
    ).toBe(true);
  });

  it('deleting it can be undone; deleted, it is gone after a reload too', async () => {
    await page.getByTestId('draft-delete').click();
    await page.getByTestId('draft-deleted').waitFor();
    expect(await stepShown()).toBe('report-step-problem');
    await page.getByTestId('draft-undo').click();
    expect(await stepShown()).toBe('report-step-photos');
    await page.getByTestId('photo-preview').waitFor();

    await page.getByTestId('draft-delete').click();
    await page.getByTestId('draft-deleted').waitFor();
    await page.reload();
    await page.getByTestId('report-step-problem').waitFor();
    expect(await page.getByTestId('draft-offer').count()).toBe(0);
  });
});

/** Presses Tab until `selector` has the focus; fails on a district shape or an unnamed control on the way. */
async function tabTo(selector: string, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate((sel) => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return { match: false, tag: 'none', name: '' };
      const name = (
        el.getAttribute('aria-label') ??
        el.getAttribute('title') ??
        (el as HTMLInputElement).labels?.[0]?.textContent ??
        el.textContent ??
        ''
      ).trim();
      return {
        match: el.matches(sel),
        tag: el.tagName.toLowerCase(),
        name,
        inMap: !!el.closest('[data-testid="map"]') && el.getAttribute('data-testid') !== 'map',
      };
    }, selector);
    expect(focus.tag, 'a district shape took the focus').not.toBe('path');
    if (focus.inMap) expect(focus.name, 'a control of the map without a name').not.toBe('');
    if (focus.match) return;
  }
  throw new Error(`${selector} never got the focus in ${limit} Tabs`);
}

describe('keyboard only, checked by axe, without the map', () => {
  it('makes a whole report', async () => {
    await page.goto(`${server.url}/report?lang=en`);
    await page.getByTestId('report-step-problem').waitFor();
    expect(await axe(page)).toEqual([]);

    await tabTo('[data-testid="category-pests"]');
    await page.keyboard.press('Enter');
    await tabTo('[data-testid="report-next"]');
    await page.keyboard.press('Enter');

    await page.getByTestId('report-step-safety').waitFor();
    await tabTo('[data-testid="feels-safe-yes"]');
    await page.keyboard.press('Space');
    await tabTo('[data-testid="report-next"]');
    await page.keyboard.press('Enter');

    // where: first the map (its controls are passed through, never a district), then the area by name
    await page.getByTestId('report-step-where').waitFor();
    await tabTo('[data-testid="where-map"]');
    await page.keyboard.press('Space');
    await page.locator('[data-testid="map"] .map-label--district').first().waitFor({ timeout: 15_000 });
    await tabTo('[data-testid="address"]', 60);
    expect(await axe(page)).toEqual([]);
    await page.keyboard.press('Shift+Tab');
    await tabTo('[data-testid="where-map"]', 60);
    await page.keyboard.press('ArrowDown'); // the next radio: "Just tell them my area"
    expect(await page.getByTestId('where-district').isChecked()).toBe(true);
    await tabTo('[data-testid="place-search"]');
    await page.keyboard.type('CT9');
    await page.getByTestId('place-result-CT9').waitFor();
    expect(await axe(page)).toEqual([]);
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('place-status').innerText()).toBe('This is in Thanet.');
    await tabTo('[data-testid="report-next"]');
    await page.keyboard.press('Enter');

    await page.getByTestId('report-step-details').waitFor();
    await tabTo('[data-testid="description"]');
    await page.keyboard.type('Mice in the kitchen every night.');
    await tabTo('[data-testid="accommodation-supported"]');
    await page.keyboard.press('Space');
    await tabTo('[data-testid="report-next"]');
    await page.keyboard.press('Enter');
    await page.getByTestId('report-step-photos').waitFor();
    await tabTo('[data-testid="report-next"]');
    await page.keyboard.press('Enter');
    await page.getByTestId('report-step-contact').waitFor();
    // straight back by phone, then by email: one box each time, labelled and typed for the way chosen
    await page.getByTestId('contact-phone').check();
    const phone = page.getByLabel(en.report.contact.phone_label, { exact: true });
    expect([await phone.getAttribute('type'), await phone.getAttribute('inputmode')]).toEqual(['tel', 'tel']);
    await page.getByTestId('contact-email').check();
    const email = page.getByLabel(en.report.contact.email_label, { exact: true });
    expect([await email.getAttribute('type'), await email.getAttribute('autocomplete')]).toEqual(['email', 'email']);
    expect(await page.getByLabel(en.report.contact.phone_label, { exact: true }).count()).toBe(0);
    await page.getByTestId('contact-pa').check();
    await tabTo('[data-testid="report-next"]');
    await page.keyboard.press('Enter');

    await page.getByTestId('report-step-check').waitFor();
    await expect.poll(() => page.getByTestId('report-step-check').innerText()).toContain('Thanet, CT9');
    expect(await axe(page)).toEqual([]);
    await tabTo('[data-testid="report-send"]');
    await page.keyboard.press('Enter');

    await page.locator('[data-testid="report-result"][data-state="sent"]').waitFor({ timeout: 20_000 });
    const next = await page.getByTestId('report-next-steps').innerText();
    expect(next).toContain('Council staff who deal with housing in Thanet will read your report.');
    expect(next).toContain(en.report.sent.how.pa);
    expect(await axe(page)).toEqual([]);
    // sent: the draft is gone from the phone
    await page.reload();
    await page.getByTestId('report-step-problem').waitFor();
    expect(await page.getByTestId('draft-offer').count()).toBe(0);
  });

  it('nothing failed in the page along the way', () => {
    expect(b.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
