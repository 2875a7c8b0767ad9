// The studio's forms end to end, in a real browser against the built app and the real server: an editor
// opens "Contacts, help and words", changes the number of Kent's out-of-hours line (shown on urgent help),
// types a web address that is not one and gets the problem in words beside the field, corrects it and
// saves; changes a glossary term and a page's source title the same way; adds a contact (its problems in
// words too), is refused removing a contact a page shows until it is taken off that page, removes a
// glossary word; changes the English of a message staff send about a report; publishes. The published
// version carries the changes and a phone's urgent-help screen shows the new number. Staff pages at 1366 × 768, checked with axe. Runs after `npm run build`.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { PackDocument } from '#contract';
import en from '../../locales/en.json';
import { axe } from '../helpers/browser';
import { EDITOR, SHOTS, startStudioOnce, TRANSLATOR } from '../helpers/studio';

const NEW_NUMBER = '03000 41 00 00';
const NEW_TERM = 'PA (your personal adviser)';
const NEW_CONTACT = 'Folkestone Youth Hub';
const NEW_VISIT = 'A housing officer will visit your home on {date}.';
const field = en.studio.form.field;

const studio = startStudioOnce();

const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
const saved = () =>
  expect.poll(() => studio.staff.getByTestId('studio-status').textContent()).toBe(en.studio.text.saved);

const signInAs = (email: string) => studio.signInAs(email);

describe('the studio’s forms', () => {
  it('an editor finds urgent help, the contacts and the glossary in one list', async () => {
    await signInAs(EDITOR);
    await studio.staff.getByRole('link', { name: en.studio.items.title }).click();
    await studio.staff.waitForURL(/\/studio\/content$/);
    const urgent = studio.staff.getByTestId('studio-items-urgent_help');
    await urgent.getByRole('link', { name: 'Kent out-of-hours social services' }).waitFor();
    expect(await urgent.getByRole('link', { name: 'Get help now' }).count()).toBe(1);
    expect(await studio.staff.getByTestId('studio-items-glossary').getByRole('link').count()).toBeGreaterThan(9);
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-items-1366.png'), fullPage: true });
    expect(await axe(studio.staff)).toEqual([]);
    // a district's council tax, its own discount and its housing help, each with its source
    await studio.staff.getByTestId('studio-items-districts').getByRole('link', { name: 'Ashford' }).click();
    await studio.staff.waitForURL(/\/studio\/edit\/districts\/E07000105$/);
    await expect.poll(() => studio.staff.getByLabel(field.discount_status).inputValue()).toBe('none_found');
    expect(await studio.staff.getByLabel(field.scheme).inputValue()).toBe('kcc_pays');
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-district-1366.png'), fullPage: true });
    expect(await axe(studio.staff)).toEqual([]);
    await studio.staff.getByRole('link', { name: en.studio.items.back }).click();
  });

  it('changes an urgent-help number; a web address that is not one is refused in words beside its field', async () => {
    await studio.staff
      .getByTestId('studio-items-urgent_help')
      .getByRole('link', { name: 'Kent out-of-hours social services' })
      .click();
    await studio.staff.waitForURL(/\/studio\/edit\/contacts\/kent_out_of_hours$/);
    await studio.staff.getByRole('heading', { name: /Kent out-of-hours social services/ }).waitFor();
    const phone = studio.staff.getByLabel(field.phone, { exact: true });
    expect(await phone.inputValue()).toBe('03000 41 91 91');
    await phone.fill(NEW_NUMBER);
    const url = studio.staff.getByLabel(field.url, { exact: true });
    await url.fill('kent.gov.uk/out-of-hours');
    await studio.staff.getByRole('button', { name: en.studio.text.save }).click();
    const problem = studio.staff.getByTestId('studio-field-url').getByRole('alert');
    await expect.poll(() => problem.textContent()).toContain(en.studio.form.problem.url);
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    expect(await studio.staff.getByTestId('studio-problem').textContent()).toBe(en.studio.form.check_fields);
    // nothing was kept: the number is still the published one
    const kept = (await (
      await studio.staffContext.request.get(`${studio.server.url}/api/content/items/contacts.kent_out_of_hours`)
    ).json()) as { value: { phone: string }; inDraft: boolean };
    expect(kept).toMatchObject({ value: { phone: '03000 41 91 91' }, inDraft: false });
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-contact-problem-1366.png'), fullPage: true });
    expect(await axe(studio.staff)).toEqual([]);

    await url.fill('https://www.kent.gov.uk/social-care-and-health');
    await studio.staff.getByRole('button', { name: en.studio.text.save }).click();
    await saved();
    expect(await studio.staff.getByTestId('studio-field-url').getByRole('alert').count()).toBe(0);
    await studio.staff.getByTestId('studio-in-draft').waitFor();
    // its words in every language are one link away
    expect(await studio.staff.getByRole('link', { name: 'العربية' }).getAttribute('href')).toBe(
      '/studio/edit/text/ar/contacts/kent_out_of_hours',
    );
    expect(await scrollsSideways(studio.staff)).toBe(false);
    expect(await axe(studio.staff)).toEqual([]);
  });

  it('changes a glossary term, and a page’s source in the facts form', async () => {
    await studio.staff.getByRole('link', { name: en.studio.items.back }).click();
    await studio.staff
      .getByTestId('studio-items-glossary')
      .getByRole('link', { name: 'PA (personal adviser)' })
      .click();
    await studio.staff.waitForURL(/\/studio\/edit\/text\/en\/glossary\/pa$/);
    const term = studio.staff.getByLabel(field.term, { exact: true });
    await term.fill(NEW_TERM);
    await studio.staff.getByRole('button', { name: en.studio.text.save }).click();
    await saved();
    expect(await axe(studio.staff)).toEqual([]);
    // a save from a copy of the page opened before someone else's change is refused, not written over
    const stale = await studio.staffContext.newPage();
    await stale.route('**/api/content/items/**', async (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      return route.continue({ headers: { ...route.request().headers(), 'if-match': '"an-old-etag"' } });
    });
    await stale.goto(`${studio.server.url}/studio/edit/text/en/glossary/pa`);
    await stale.getByLabel(field.term, { exact: true }).fill('PA (a stale change)');
    await stale.getByRole('button', { name: en.studio.text.save }).click();
    await stale.getByTestId('studio-conflict').waitFor();
    await stale.getByRole('button', { name: en.studio.text.reload }).click();
    await expect.poll(() => stale.getByLabel(field.term, { exact: true }).inputValue()).toBe(NEW_TERM);
    await stale.close();

    // the Arabic of the term, with the English it translates beside the form
    await studio.staff.getByRole('link', { name: 'العربية' }).click();
    await studio.staff.waitForURL(/\/studio\/edit\/text\/ar\/glossary\/pa$/);
    await expect.poll(() => studio.staff.getByTestId('studio-english').innerText()).toContain(NEW_TERM);
    const arabic = studio.staff.getByLabel(field.term, { exact: true });
    expect(await arabic.getAttribute('dir')).toBe('rtl');
    expect(await arabic.inputValue()).toMatch(/[\u0600-\u06FF]/);
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-glossary-ar-1366.png'), fullPage: true });
    expect(await axe(studio.staff)).toEqual([]);

    await studio.staff.getByRole('link', { name: en.studio.items.back }).click();
    await studio.staff
      .getByTestId('studio-items-facts')
      .getByRole('link', { name: 'Council tax paid until you are 21' })
      .click();
    await studio.staff.waitForURL(/\/studio\/edit\/entitlements\/council_tax$/);
    const title = studio.staff.getByLabel(`${field.source_title} (${en.studio.form.for_publish})`);
    await title.fill('Kent County Council, Council tax for care leavers');
    expect(await studio.staff.getByLabel(`${field.last_checked} (${en.studio.form.for_publish})`).inputValue()).toMatch(
      /^\d{4}-\d{2}-\d{2}$/,
    );
    await studio.staff.getByRole('button', { name: en.studio.text.save }).click();
    await saved();
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-facts-1366.png'), fullPage: true });
    expect(await axe(studio.staff)).toEqual([]);
  });

  it('adds a contact; removes one once no page shows it, and a glossary word', async () => {
    await studio.staff.goto(`${studio.server.url}/studio/content`);
    await studio.staff
      .getByTestId('studio-items-contacts')
      .getByRole('link', { name: en.studio.add.link.contacts })
      .click();
    await studio.staff.waitForURL(/\/studio\/add\/contact$/);
    await studio.staff.getByLabel(field.name, { exact: true }).fill(NEW_CONTACT);
    await studio.staff
      .getByLabel(field.description, { exact: true })
      .fill('Drop in for help with money, housing and work.');
    // the short name follows the name
    expect(await studio.staff.getByLabel(field.id).inputValue()).toBe('folkestone_youth_hub');
    const phone = studio.staff.getByLabel(field.phone, { exact: true });
    await phone.fill('call us');
    await studio.staff.getByRole('button', { name: en.studio.add.button }).click();
    const problem = studio.staff.getByTestId('studio-field-value.phone').getByRole('alert');
    await expect.poll(() => problem.textContent()).toContain(en.studio.form.problem.phone);
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-add-contact-1366.png'), fullPage: true });
    expect(await axe(studio.staff)).toEqual([]);
    await phone.fill('01303 000 000');
    // a fact is published only with its source and the day it was checked
    const forPublish = (label: string) => studio.staff.getByLabel(`${label} (${en.studio.form.for_publish})`);
    await forPublish(field.source_title).fill('Folkestone Youth Hub, contact us');
    await forPublish(field.source_url).fill('https://www.example.org/youth-hub');
    await forPublish(field.last_checked).fill('2026-12-07');
    await studio.staff.getByRole('button', { name: en.studio.add.button }).click();
    await studio.staff.waitForURL(/\/studio\/edit\/contacts\/folkestone_youth_hub\?added=1$/);
    await expect.poll(() => studio.staff.getByTestId('studio-status').textContent()).toBe(en.studio.add.done);
    await expect.poll(() => studio.staff.getByLabel(field.phone, { exact: true }).inputValue()).toBe('01303 000 000');

    // a contact a page still shows is not removed: the page is named, to take it off first
    await studio.staff.goto(`${studio.server.url}/studio/edit/contacts/shelter`);
    await studio.staff.getByRole('button', { name: en.studio.remove.button }).click();
    await studio.staff.getByRole('button', { name: en.studio.remove.yes }).click();
    const refused = studio.staff.getByTestId('studio-remove-refused');
    await expect.poll(() => refused.textContent()).toContain(en.studio.remove.still_used);
    await refused.getByRole('link', { name: 'Priority for housing at 18, 19 and 20' }).click();
    await studio.staff.waitForURL(/\/studio\/edit\/entitlements\/priority_need$/);
    const shown = studio.staff.getByRole('group', { name: field.contact_ids });
    await expect.poll(() => shown.getByLabel('Shelter', { exact: true }).isChecked()).toBe(true);
    expect(await axe(studio.staff)).toEqual([]);
    await shown.getByLabel('Shelter', { exact: true }).uncheck();
    await studio.staff.getByRole('button', { name: en.studio.text.save }).click();
    await saved();
    // taken off the page, the contact can go
    await studio.staff.goto(`${studio.server.url}/studio/edit/contacts/shelter`);
    await studio.staff.getByRole('button', { name: en.studio.remove.button }).click();
    await studio.staff.getByRole('button', { name: en.studio.remove.yes }).click();
    await studio.staff.waitForURL(/\/studio\/content\?removed=Shelter$/);

    // a glossary word goes, with its words in every language, once the editor says yes
    await studio.staff.goto(`${studio.server.url}/studio/edit/text/en/glossary/sanction`);
    await studio.staff.getByRole('button', { name: en.studio.remove.button }).click();
    await studio.staff.getByRole('button', { name: en.studio.remove.keep }).click();
    await studio.staff.getByRole('button', { name: en.studio.remove.button }).click();
    expect(await studio.staff.getByText(en.studio.remove.confirm.replace('{name}', 'Sanction')).count()).toBe(1);
    expect(await axe(studio.staff)).toEqual([]);
    await studio.staff.getByRole('button', { name: en.studio.remove.yes }).click();
    await studio.staff.waitForURL(/\/studio\/content\?removed=Sanction$/);
    await expect
      .poll(() => studio.staff.getByTestId('studio-removed').textContent())
      .toContain(en.studio.remove.done.replace('{name}', 'Sanction'));
    const glossary = studio.staff.getByTestId('studio-items-glossary');
    expect(await glossary.getByRole('link', { name: 'Sanction' }).count()).toBe(0);
    expect(await axe(studio.staff)).toEqual([]);

    // undone with the keyboard only: the word is back with its words in every language, then removed again
    const undo = studio.staff.getByRole('status').getByRole('button', { name: en.studio.remove.undo });
    await undo.focus();
    await studio.staff.keyboard.press('Enter');
    await expect
      .poll(() => studio.staff.getByTestId('studio-removed').textContent())
      .toContain(en.studio.remove.undone.replace('{name}', 'Sanction'));
    await glossary.getByRole('link', { name: 'Sanction' }).waitFor();
    expect(await studio.staff.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'studio-removed',
    );
    const arabic = await studio.staff.evaluate(async () =>
      (await fetch('/api/content/items/text.ar.glossary.sanction')).json(),
    );
    expect((arabic as { value: unknown; inDraft: boolean }).value).toBeTruthy();
    await glossary.getByRole('link', { name: 'Sanction' }).click();
    await studio.staff.getByRole('button', { name: en.studio.remove.button }).click();
    await studio.staff.getByRole('button', { name: en.studio.remove.yes }).click();
    await studio.staff.waitForURL(/\/studio\/content\?removed=Sanction$/);
    await expect.poll(() => glossary.getByRole('link', { name: 'Sanction' }).count()).toBe(0);
  });

  it('changes the English of a message staff send, in its form, keeping what staff fill in', async () => {
    await studio.staff.goto(`${studio.server.url}/studio/content`);
    await studio.staff
      .getByTestId('studio-items-templates')
      .getByRole('link', { name: 'Someone will visit your home on {date}.' })
      .click();
    await studio.staff.waitForURL(/\/studio\/edit\/responseTemplates\/visit_on$/);
    const fills = studio.staff.getByRole('group', { name: field.template_fields });
    await expect.poll(() => fills.getByLabel(en.studio.form.choice.template_date).isChecked()).toBe(true);
    expect(await fills.getByLabel(en.studio.form.choice.template_phone).isChecked()).toBe(false);
    expect(await axe(studio.staff)).toEqual([]);
    await studio.staff.getByRole('link', { name: 'English', exact: true }).click();
    await studio.staff.waitForURL(/\/studio\/edit\/text\/en\/responseTemplates\/visit_on$/);
    const message = studio.staff.getByLabel(field.template_text, { exact: true });
    await expect.poll(() => message.inputValue()).toBe('Someone will visit your home on {date}.');
    await message.fill(NEW_VISIT);
    await studio.staff.getByRole('button', { name: en.studio.text.save }).click();
    await saved();
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-template-1366.png'), fullPage: true });
    expect(await axe(studio.staff)).toEqual([]);
  });

  it('publishes; the new version carries the changes and the phone’s urgent help shows the new number', async () => {
    await studio.staff.goto(`${studio.server.url}/studio/publish`);
    const items = studio.staff.getByTestId('studio-draft-items');
    await items.waitFor();
    const keys = await items.innerText();
    for (const key of [
      'contacts.kent_out_of_hours',
      'text.en.glossary.pa',
      'entitlements.council_tax',
      'contacts.folkestone_youth_hub',
      'text.ar.glossary.sanction',
      'contacts.shelter',
      'entitlements.priority_need',
      'text.en.responseTemplates.visit_on',
    ])
      expect(keys).toContain(key);
    await studio.staff.getByTestId('studio-no-changes').waitFor();
    await studio.staff.getByTestId('studio-publish').click();
    await expect
      .poll(() => studio.staff.getByTestId('studio-publish-status').textContent(), { timeout: 30_000 })
      .toBe(en.studio.publish.done.replace('{version}', '2'));

    const pack = (await (await fetch(`${studio.server.url}/api/content/versions/2/pack`)).json()) as PackDocument;
    expect(pack.contacts.find((c) => c.id === 'kent_out_of_hours')).toMatchObject({
      phone: NEW_NUMBER,
      url: 'https://www.kent.gov.uk/social-care-and-health',
    });
    expect(pack.text.en!.glossary.pa!.term).toBe(NEW_TERM);
    expect(pack.text.en!.responseTemplates!.visit_on!.text).toBe(NEW_VISIT);
    expect(pack.contacts.find((c) => c.id === 'folkestone_youth_hub')).toMatchObject({ phone: '01303 000 000' });
    expect(pack.text.en!.contacts.folkestone_youth_hub!.name).toBe(NEW_CONTACT);
    for (const text of Object.values(pack.text)) expect(text!.glossary.sanction).toBeUndefined();
    expect(pack.contacts.some((c) => c.id === 'shelter')).toBe(false);
    expect(pack.entitlements.find((e) => e.id === 'priority_need')!.contactIds).toEqual([
      'kent_homechoice',
      'shelter_helpline',
    ]);
    expect(pack.entitlements.find((e) => e.id === 'council_tax')!.source.title).toBe(
      'Kent County Council, Council tax for care leavers',
    );

    await studio.b.page.goto(`${studio.server.url}/help?lang=en`);
    await expect.poll(() => studio.b.page.locator('main').innerText(), { timeout: 20_000 }).toContain(NEW_NUMBER);
    await studio.b.page.screenshot({ path: join(SHOTS, 'phone-help-new-number-390.png') });
  });

  it('a translator for Arabic finds the words of their language and saves them in the form', async () => {
    await signInAs(TRANSLATOR);
    await studio.staff.getByRole('link', { name: en.studio.items.title }).click();
    await studio.staff.waitForURL(/\/studio\/content$/);
    const glossary = studio.staff.getByTestId('studio-items-glossary');
    await glossary.waitFor();
    // words only: no facts, no schemes
    expect(await studio.staff.getByTestId('studio-items-facts').count()).toBe(0);
    // the messages staff send, each with how far its Arabic is
    const visit = studio.staff
      .getByTestId('studio-items-templates')
      .getByRole('listitem')
      .filter({ hasText: NEW_VISIT });
    expect(await visit.getByTestId('studio-words-ar').textContent()).toBe(`(${en.studio.status.draft})`);
    expect(await axe(studio.staff)).toEqual([]);
    await glossary.getByRole('link', { name: `${NEW_TERM}, العربية` }).click();
    await studio.staff.waitForURL(/\/studio\/edit\/text\/ar\/glossary\/pa$/);
    const meaning = studio.staff.getByLabel(field.meaning, { exact: true });
    await expect.poll(() => meaning.inputValue()).toMatch(/[\u0600-\u06FF]/);
    await meaning.fill('الشخص من المجلس الذي يساعدك بعد الرعاية حتى سن 25.');
    await studio.staff.getByRole('button', { name: en.studio.text.save }).click();
    await saved();
    const kept = (await (
      await studio.staffContext.request.get(`${studio.server.url}/api/content/items/text.ar.glossary.pa`)
    ).json()) as {
      value: { meaning: string };
      inDraft: boolean;
    };
    expect(kept).toMatchObject({
      value: { meaning: 'الشخص من المجلس الذي يساعدك بعد الرعاية حتى سن 25.' },
      inDraft: true,
    });
  });

  it('an editor changes who can get a page by ticking boxes (a note on a way too), and sees whose result changes', async () => {
    await signInAs(EDITOR);
    await studio.staff.goto(`${studio.server.url}/studio/entitlements/setting_up_home/rules`);
    const route = studio.staff.getByTestId('studio-route-kent');
    const councils = route.getByRole('group', { name: field.cond_looked_after_by });
    await councils.getByLabel(en.check.q.looked_after_by.options.kent).waitFor();
    expect(await councils.getByLabel(en.check.q.looked_after_by.options.kent).isChecked()).toBe(true);
    // what an immigration status must allow: one box for each the rules know
    expect(await route.getByRole('group', { name: field.cond_status }).getByRole('checkbox').count()).toBe(7);
    expect(await route.getByLabel(en.studio.rules.capability.leaving_care).isChecked()).toBe(true);
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-rule-conditions-1366.png'), fullPage: true });
    expect(await axe(studio.staff)).toEqual([]);
    // Kent's allowance, given (wrongly) to those Medway looked after instead
    await councils.getByLabel(en.check.q.looked_after_by.options.kent).uncheck();
    await councils.getByLabel(en.check.q.looked_after_by.options.medway).check();
    await studio.staff.getByRole('button', { name: en.studio.text.save }).click();
    await saved();
    const rules = (await (
      await studio.staffContext.request.get(`${studio.server.url}/api/content/items/eligibility`)
    ).json()) as {
      value: { entitlements: { id: string; routes: { id: string; when: { lookedAfterBy?: string[] } }[] }[] };
    };
    const kent = rules.value.entitlements.find((e) => e.id === 'setting_up_home')!.routes.find((r) => r.id === 'kent');
    expect(kent!.when.lookedAfterBy).toEqual(['medway']);
    // a note on a way holds under its own conditions: Kent's council tax help, for someone outside England
    await studio.staff.goto(`${studio.server.url}/studio/entitlements/council_tax/rules`);
    const caveat = studio.staff.getByTestId('studio-caveat-kcc_pays-1');
    await caveat.getByText(en.studio.rules.caveat.replace('{n}', '1')).click();
    expect(await caveat.getByLabel(en.studio.rules.place.outside).isChecked()).toBe(true);
    expect(await caveat.getByLabel(en.studio.rules.place.district).isChecked()).toBe(false);
    expect(await axe(studio.staff)).toEqual([]);
    await studio.staff.getByRole('link', { name: en.studio.publish.for_whom }).click();
    const changes = studio.staff.getByTestId('studio-outcome-changes');
    await expect.poll(() => changes.innerText(), { timeout: 30_000 }).toContain('Money to set up your first home');
  });
});
