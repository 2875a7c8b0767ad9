// The content studio end to end, in a real browser against the built app and the real server: an editor
// changes the council-tax page's English (its age) in the form and saves it into the draft; a translator
// for Arabic finds the page in their queue and marks its Arabic reviewed; the editor moves the age limit in
// the rules, sees whose results change (the scenario table) and publishes with confirmation. A phone that visited before gets the new version when it comes back online, says
// "Information updated" once, and shows the new text offline; in Arabic, the council-tax page no longer
// carries the draft notice, and a page still in draft does. Staff pages are checked with axe at
// 1366 × 768; screenshots are kept for a person to look at. Runs after `npm run build`.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import { axe, chooseLanguage } from '../helpers/browser';
import { EDITOR, SHOTS, startStudioOnce, TRANSLATOR } from '../helpers/studio';

const NEW_SUMMARY = 'Kent County Council pays your council tax from 18 until your 22nd birthday.';
const LATER_SUMMARY = 'Kent County Council pays your council tax from 18 until your 22nd birthday. Ask your PA how.';

const studio = startStudioOnce();

const signInAs = (email: string) => studio.signInAs(email);

const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

const phone = () => studio.b.page;
const summaryOnPhone = () => phone().locator('.offer-item__summary').textContent();

describe('the content studio', () => {
  it('a phone visits the council-tax page once, then goes offline', async () => {
    await phone().goto(`${studio.server.url}/offer/council_tax?lang=en`);
    await studio.b.waitForServiceWorker();
    await phone().reload();
    expect(await summaryOnPhone()).toBe('Kent County Council pays your council tax from 18 until your 21st birthday.');
    // it asked for the published version and kept nothing: the built pack is version 1
    expect(await phone().getByTestId('content-updated').count()).toBe(0);
    await studio.b.goOffline();
  });

  it('an editor lands on the studio list and changes the council-tax page’s English in the form', async () => {
    await signInAs(EDITOR);
    const list = studio.staff.getByTestId('studio-list');
    await list.waitFor();
    expect(await list.locator('tbody tr').count()).toBeGreaterThan(20);
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-list-1366.png') });
    expect(await axe(studio.staff)).toEqual([]);

    await list.getByRole('link', { name: /^Council tax paid until you are 21, English/ }).click();
    await studio.staff.waitForURL(/\/studio\/entitlements\/council_tax\/en$/);
    const summary = studio.staff.getByLabel(en.studio.field.summary);
    await summary.fill(NEW_SUMMARY);
    const easyRead = studio.staff.getByTestId('studio-lines-easy-read');
    await easyRead.getByLabel(`${en.studio.field.easy_read} 3`).fill('Kent pays from age 18 until your 22nd birthday.');
    await studio.staff.getByRole('button', { name: en.studio.text.save }).click();
    await expect.poll(() => studio.staff.getByTestId('studio-status').textContent()).toBe(en.studio.text.saved);
    await studio.staff.getByTestId('studio-in-draft').waitFor();
    expect(await scrollsSideways(studio.staff)).toBe(false);
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-text-1366.png'), fullPage: true });
    expect(await axe(studio.staff)).toEqual([]);
  });

  it('a second save from an old copy of the page is refused, not written over', async () => {
    // another tab opened the page before the save above: its ETag is the old one
    const stale = await studio.staffContext.newPage();
    await stale.route('**/api/content/items/**', async (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      const headers = { ...route.request().headers(), 'if-match': '"an-old-etag"' };
      return route.continue({ headers });
    });
    await stale.goto(`${studio.server.url}/studio/entitlements/council_tax/en`);
    await stale.getByLabel(en.studio.field.summary).fill('A stale summary.');
    await stale.getByRole('button', { name: en.studio.text.save }).click();
    await stale.getByTestId('studio-conflict').waitFor();
    await stale.close();
  });

  it('a translator for Arabic finds the page in their queue and marks its Arabic reviewed', async () => {
    await signInAs(TRANSLATOR);
    const queue = studio.staff.getByTestId('studio-queue-ar');
    await queue.waitFor();
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-queue-1366.png') });
    expect(await axe(studio.staff)).toEqual([]);
    // the editor's change to the English shows in the queue
    expect(await queue.locator('li').filter({ hasText: 'Council tax paid until you are 21' }).innerText()).toContain(
      en.studio.english_changed,
    );
    await queue.getByRole('link', { name: /^Council tax paid until you are 21$/ }).click();
    await studio.staff.waitForURL(/\/studio\/entitlements\/council_tax\/ar$/);
    // the English it translates is beside the form, with the editor's change
    expect(await studio.staff.locator('aside').innerText()).toContain(NEW_SUMMARY);
    // the agreed words beside it, and the term base checked as the translator types
    const terms = studio.staff.getByTestId('studio-terms');
    expect(await terms.innerText()).toContain('ضريبة المجلس');
    expect(await studio.staff.getByTestId('studio-term-problems').innerText()).toBe(en.studio.terms.ok);
    const contact = studio.staff.getByLabel(en.studio.field.contact);
    const kept = await contact.inputValue();
    await contact.fill(kept.replace('PA', 'المستشار'));
    await expect
      .poll(() => studio.staff.getByTestId('studio-term-problems').innerText())
      .toBe(en.studio.terms.keep.replace('{field}', en.studio.field.contact).replace('{term}', 'PA'));
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-term-check-1366.png'), fullPage: true });
    await contact.fill(kept);
    await expect.poll(() => studio.staff.getByTestId('studio-term-problems').innerText()).toBe(en.studio.terms.ok);
    await studio.staff.getByTestId('studio-mark-reviewed').click();
    await expect
      .poll(() => studio.staff.getByTestId('studio-status').textContent())
      .toBe(en.studio.text.marked_reviewed);
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-translator-1366.png'), fullPage: true });
    expect(await axe(studio.staff)).toEqual([]);
    // the translator cannot publish
    await studio.staff.goto(`${studio.server.url}/studio/publish`);
    await studio.staff.waitForURL(/\/staff\/sign-in/);
  });

  it('the editor moves the council-tax age limit and sees whose result changes, then publishes with confirmation', async () => {
    await signInAs(EDITOR);
    await studio.staff
      .getByTestId('studio-list')
      .getByRole('link', { name: `${en.studio.rules.title}: Council tax paid until you are 21` })
      .click();
    await studio.staff.waitForURL(/\/studio\/entitlements\/council_tax\/rules$/);
    const route = studio.staff.getByTestId('studio-route-kcc_pays');
    // the route's own ages come first; each of its notes (caveats) has its own ages below
    const until = route.getByLabel(en.studio.rules.to).first();
    expect(await until.inputValue()).toBe('20');
    await until.fill('21');
    // and the ages the page shows ("Ages 18 to 20")
    const shown = studio.staff.getByTestId('studio-shown-ages').getByLabel(en.studio.rules.to);
    expect(await shown.inputValue()).toBe('20');
    await shown.fill('21');
    await studio.staff.getByRole('button', { name: en.studio.text.save }).click();
    await expect.poll(() => studio.staff.getByTestId('studio-status').textContent()).toBe(en.studio.text.saved);
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-rules-1366.png') });
    expect(await axe(studio.staff)).toEqual([]);

    await studio.staff.getByRole('link', { name: en.studio.publish.for_whom }).click();
    await studio.staff.waitForURL(/\/studio\/publish$/);
    const items = studio.staff.getByTestId('studio-draft-items');
    await items.waitFor();
    const keys = await items.innerText();
    for (const key of [
      'eligibility',
      'entitlements.council_tax',
      'text.en.entitlements.council_tax',
      'text.ar.entitlements.council_tax',
    ])
      expect(keys).toContain(key);
    // what the rules' edit changed, field by field
    await items.getByText('eligibility', { exact: true }).click();
    const diff = studio.staff.getByTestId('studio-diff-eligibility');
    await diff.waitFor();
    const changed = await diff.innerText();
    expect(changed).toContain('entitlements.council_tax.routes.kcc_pays.when.age.to');
    expect(changed).toContain(`${en.studio.diff.was} 20`);
    expect(changed).toContain(`${en.studio.diff.now} 21`);
    expect(changed).toContain('entitlements.council_tax.routes.kcc_pays.reasons.0.values.until');
    // the people of the scenario table aged 21: "ask your PA" becomes "you might get this"
    const changes = studio.staff.getByTestId('studio-outcome-changes');
    await changes.waitFor();
    expect(await changes.innerText()).toContain(
      `Arben, 21, Kent care leaver in Ashford — Council tax paid until you are 21: ${en.studio.outcome.ask_pa} → ${en.studio.outcome.likely}`,
    );
    // a person the editor adds runs too
    const person = studio.staff.getByTestId('studio-add-person');
    await person.getByLabel(en.studio.person.name).fill('Maya');
    await person.getByLabel(en.studio.person.age).fill('21');
    await person.getByLabel(en.studio.person.district).selectOption({ label: 'Dover' });
    await person.getByRole('button', { name: en.studio.person.add }).click();
    await expect
      .poll(() => changes.innerText())
      .toContain(`Maya (${en.studio.person.added}) — Council tax paid until you are 21: ${en.studio.outcome.ask_pa}`);
    await studio.staff.getByLabel(en.studio.publish.note).fill('Council tax: until the 22nd birthday');
    const publish = studio.staff.getByTestId('studio-publish');
    expect(await publish.isDisabled()).toBe(true);
    await studio.staff.getByTestId('studio-confirm').check();
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-publish-1366.png'), fullPage: true });
    expect(await axe(studio.staff)).toEqual([]);
    await publish.click();
    // publishing stores a whole pack and runs the scenario table: slow on a busy 2-core machine
    await expect
      .poll(() => studio.staff.getByTestId('studio-publish-status').textContent(), { timeout: 30_000 })
      .toBe(en.studio.publish.done.replace('{version}', '2'));
    expect(await studio.staff.getByTestId('studio-versions').locator('li').count()).toBe(2);
    const version = (await (await fetch(`${studio.server.url}/api/content/version`)).json()) as { version: number };
    expect(version.version).toBe(2);
    // the route's own words follow its age: "until 21" became "until 22"
    const pack = (await (await fetch(`${studio.server.url}/api/content/versions/2/pack`)).json()) as {
      eligibility: { entitlements: { id: string; routes: { id: string; reasons: { values?: object }[] }[] }[] };
    };
    const kccPays = pack.eligibility.entitlements
      .find((e) => e.id === 'council_tax')!
      .routes.find((r) => r.id === 'kcc_pays')!;
    expect(kccPays.reasons[0]!.values).toEqual({ until: 22 });
    expect(await fetch(`${studio.server.url}/api/content/versions/2/pack`).then((r) => r.json())).toMatchObject({
      entitlements: expect.arrayContaining([expect.objectContaining({ id: 'council_tax', ageFrom: 18, ageTo: 21 })]),
    });
  });

  it('the phone, back online, gets the new version, says so once, and shows the new text offline', async () => {
    const downloaded: string[] = [];
    studio.b.context.on('request', (r) => {
      if (r.url().includes('/api/content/')) downloaded.push(r.url().replace(studio.server.url, ''));
    });
    await studio.b.goOnline();
    await phone().getByTestId('content-updated').waitFor({ timeout: 15_000 });
    expect(await phone().getByTestId('content-updated').textContent()).toContain('Information updated on');
    await expect.poll(summaryOnPhone).toBe(NEW_SUMMARY);
    // only the changed items of its languages, never the whole pack
    expect(downloaded.some((u) => /\/api\/content\/versions\/2\/changes\?since=1&locales=en$/.test(u))).toBe(true);
    expect(downloaded.some((u) => u.includes('/pack'))).toBe(false);
    await phone().screenshot({ path: join(SHOTS, 'phone-content-updated-390.png') });

    await studio.b.goOffline();
    await phone().reload();
    await expect.poll(summaryOnPhone).toBe(NEW_SUMMARY);
    expect(await phone().getByTestId('offer-easy-read').innerText()).toContain(
      'Kent pays from age 18 until your 22nd birthday.',
    );
    // the facts came too: the ages the page shows
    expect(await phone().locator('main').innerText()).toContain(
      en.offer.ages_range.replace('{from}', '18').replace('{to}', '21'),
    );
    // said once: not again on the next visit
    expect(await phone().getByTestId('content-updated').count()).toBe(0);
  });

  it('in Arabic, the reviewed council-tax page has no draft notice; a page still in draft has', async () => {
    const inArabic = async () => {
      await phone().waitForFunction(() => document.documentElement.lang === 'ar');
      await expect.poll(() => phone().locator('main h1').textContent()).toMatch(/[\u0600-\u06FF]/);
    };
    await studio.b.goOnline();
    await chooseLanguage(phone(), 'ar');
    await inArabic();
    await expect.poll(() => phone().getByTestId('translation-draft').count(), { timeout: 15_000 }).toBe(0);
    await studio.b.goOffline();
    await phone().goto(`${studio.server.url}/offer/council_tax`);
    await inArabic();
    await phone().getByTestId('offer-item-council_tax').waitFor();
    await expect.poll(() => phone().getByTestId('translation-draft').count()).toBe(0);
    await phone().screenshot({ path: join(SHOTS, 'phone-reviewed-ar-390.png') });
    await phone().goto(`${studio.server.url}/offer/setting_up_home`);
    await phone().getByTestId('offer-item-setting_up_home').waitFor();
    await inArabic();
    await expect.poll(() => phone().getByTestId('translation-draft').count()).toBe(1);
    await studio.b.goOnline();
  });

  it('the service worker finishes an update on its own, even when the page that asked is closed at once', async () => {
    // the editor changes the English again and publishes version 3 (through the API, as the studio does)
    await signInAs(EDITOR);
    const key = 'text.en.entitlements.council_tax';
    const sameSite = { origin: studio.server.url };
    const open = await studio.staffContext.request.get(`${studio.server.url}/api/content/items/${key}`);
    const { value } = (await open.json()) as { value: Record<string, unknown> };
    const saved = await studio.staffContext.request.put(`${studio.server.url}/api/content/items/${key}`, {
      headers: { ...sameSite, 'if-match': open.headers().etag! },
      data: { value: { ...value, summary: LATER_SUMMARY } },
    });
    expect(saved.status()).toBe(200);
    const published = await studio.staffContext.request.post(`${studio.server.url}/api/content/publish`, {
      headers: sameSite,
      data: { confirmOutcomeChanges: true },
    });
    expect(published.status()).toBe(201);

    const byWorker: string[] = [];
    studio.b.context.on('request', (r) => {
      if (r.serviceWorker() && r.url().includes('/changes')) byWorker.push(r.url().replace(studio.server.url, ''));
    });
    const asking = await studio.b.context.newPage();
    await asking.goto(`${studio.server.url}/about?lang=en`);
    await asking.evaluate(() =>
      navigator.serviceWorker.controller!.postMessage({ type: 'CONTENT_UPDATE', locales: ['en'] }),
    );
    await asking.close();
    await expect
      .poll(() => byWorker.some((u) => u.startsWith('/api/content/versions/3/changes?since=2')), { timeout: 15_000 })
      .toBe(true);

    // offline, the phone has the whole of version 3
    await studio.b.goOffline();
    await expect
      .poll(
        async () => {
          await phone().goto(`${studio.server.url}/offer/council_tax?lang=en`);
          return summaryOnPhone();
        },
        { timeout: 15_000, interval: 1_000 },
      )
      .toBe(LATER_SUMMARY);
    await studio.b.goOnline();
  });
});
