// A rule's outcome, reasons and next steps, which fact a way uses and where that fact comes from, edited in
// the rules form in a real browser against the built app and the real server: an editor moves a way's
// outcome with the keyboard (arrow keys in its radio group), changes a next step and the way's fact, gets an
// age limit the wrong way round and a source address that is not one refused in words beside their fields,
// corrects them, saves, and sees on the publish page whose result changes before anything is published.
// Staff laptop 1366 × 768, axe on the form; the same in Arabic. Runs after `npm run build`.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContentItem } from '#contract';
import type { EligibilityRulesInput } from '#contract/eligibility';
import ar from '../../locales/ar.json';
import en from '../../locales/en.json';
import { axe } from '../helpers/browser';
import { EDITOR, SHOTS, startStudioOnce } from '../helpers/studio';

const rules = en.studio.rules;
const studio = startStudioOnce();

const save = () => studio.staff.getByRole('button', { name: en.studio.text.save }).click();
const saved = () =>
  expect.poll(() => studio.staff.getByTestId('studio-status').textContent()).toBe(en.studio.text.saved);
const draftItem = async <T>(key: string) =>
  (
    (await (
      await studio.staffContext.request.get(`${studio.server.url}/api/content/items/${key}`)
    ).json()) as ContentItem
  ).value as T;

describe('a rule’s outcome, reasons and steps in the rules form', () => {
  it('an editor moves a way’s outcome by keyboard and sees whose result changes before publishing', async () => {
    await studio.signInAs(EDITOR);
    await studio.staff.goto(`${studio.server.url}/studio/entitlements/council_tax/rules`);
    const way = studio.staff.getByTestId('studio-route-local_none_found');
    const outcome = way.getByRole('group', { name: rules.gives });
    await outcome.waitFor();
    expect(await outcome.getByLabel(en.studio.outcome.ask_pa).isChecked()).toBe(true);
    // its reasons and steps are the app's messages, in words, with the numbers they name
    const reasons = way.getByTestId('studio-lines-local_none_found-reasons');
    expect(await reasons.getByRole('combobox').first().inputValue()).toBe('ct_kcc_ended');
    expect(await reasons.getByLabel(rules.value.replace('{name}', 'until')).first().inputValue()).toBe('21');
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-rule-outcome-1366.png'), fullPage: true });
    expect(await axe(studio.staff)).toEqual([]);

    // by keyboard: the radio group moves with the arrow keys, "ask your PA" → "you might get this"
    await outcome.getByLabel(en.studio.outcome.ask_pa).focus();
    await studio.staff.keyboard.press('ArrowUp');
    expect(await outcome.getByLabel(en.studio.outcome.likely).isChecked()).toBe(true);
    const steps = way.getByTestId('studio-lines-local_none_found-steps');
    await steps.getByRole('combobox').nth(1).selectOption('ask_pa_confirm');
    // the way takes its currency from Ashford's own discount: that fact's source opens beside it
    await way.getByLabel(rules.fact_choice).selectOption('districts.E07000105.councilTax.localDiscount');
    const source = way.getByTestId('studio-fact-local_none_found').getByLabel(en.studio.form.field.source_title);
    await expect.poll(() => source.inputValue()).toBe('Ashford Borough Council, Discounts, Exemptions and Disregards');
    // Kent's own way, its age limit the wrong way round: refused, in words beside the ages, nothing kept
    const kcc = studio.staff.getByTestId('studio-route-kcc_pays');
    await kcc.getByRole('spinbutton', { name: rules.from, exact: true }).first().fill('22');
    await kcc.getByRole('spinbutton', { name: rules.from, exact: true }).first().press('Tab');
    await save();
    const ageProblem = kcc.getByRole('alert');
    await expect.poll(() => ageProblem.textContent()).toContain(rules.problem_age);
    // the long form takes the editor to the problem
    expect(await studio.staff.evaluate(() => document.activeElement?.textContent?.trim())).toBe(rules.problem_age);
    expect(
      await kcc.getByRole('spinbutton', { name: rules.from, exact: true }).first().getAttribute('aria-invalid'),
    ).toBe('true');
    expect(await studio.staff.getByTestId('studio-problem').textContent()).toBe(en.studio.form.check_fields);
    const kept = await draftItem<EligibilityRulesInput>('eligibility');
    const ways = kept.entitlements.find((e) => e.id === 'council_tax')!.routes;
    expect(ways.find((r) => r.id === 'kcc_pays')!.when.age!.from).toBe(18);
    expect(ways.find((r) => r.id === 'local_none_found')!.gives).toBe('ask_pa');
    expect(await axe(studio.staff)).toEqual([]);

    // and its fact's source, a web address that is not one: refused beside that field
    await kcc.getByRole('spinbutton', { name: rules.from, exact: true }).first().fill('18');
    await kcc.getByRole('spinbutton', { name: rules.from, exact: true }).first().press('Tab');
    const fact = kcc.getByTestId('studio-fact-kcc_pays');
    await fact.getByLabel(en.studio.form.field.source_url, { exact: false }).fill('kent.gov.uk/care-leavers');
    await save();
    const urlProblem = fact.getByTestId('studio-field-councilTax.kcc.source.url').getByRole('alert');
    await expect.poll(() => urlProblem.textContent()).toContain(en.studio.form.problem.url);
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-rule-problems-1366.png'), fullPage: true });
    await fact
      .getByLabel(en.studio.form.field.source_url, { exact: false })
      .fill('https://www.kent.gov.uk/care-leavers-council-tax');
    await save();
    await saved();

    const draft = await draftItem<EligibilityRulesInput>('eligibility');
    const noneFound = draft.entitlements
      .find((e) => e.id === 'council_tax')!
      .routes.find((r) => r.id === 'local_none_found')!;
    expect(noneFound.gives).toBe('likely');
    expect(noneFound.steps!.map((s) => s.key)).toEqual(['ask_council_ct', 'ask_pa_confirm']);
    expect(noneFound.fact).toBe('districts.E07000105.councilTax.localDiscount');
    const schemes = await draftItem<{ councilTax: { kcc: { source: { url: string } } } }>('schemes');
    expect(schemes.councilTax.kcc.source.url).toBe('https://www.kent.gov.uk/care-leavers-council-tax');

    // before publishing: the scenario table's Arben moves from "ask your PA" to "you might get this"
    await studio.staff.getByRole('link', { name: en.studio.publish.for_whom }).click();
    const changes = studio.staff.getByTestId('studio-outcome-changes');
    await expect
      .poll(() => changes.innerText(), { timeout: 30_000 })
      .toContain(
        `Arben, 21, Kent care leaver in Ashford — Council tax paid until you are 21: ${en.studio.outcome.ask_pa} → ${en.studio.outcome.likely}`,
      );
    expect(await studio.staff.getByTestId('studio-publish').isDisabled()).toBe(true);
  });

  it('in Arabic the form reads right to left, and a refused age limit is explained in Arabic', async () => {
    await studio.staff.goto(`${studio.server.url}/studio/entitlements/council_tax/rules?lang=ar`);
    const kcc = studio.staff.getByTestId('studio-route-kcc_pays');
    const outcome = kcc.getByRole('group', { name: ar.studio.rules.gives });
    await outcome.waitFor();
    expect(await studio.staff.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await outcome.getByLabel(ar.studio.outcome.eligible).isChecked()).toBe(true);
    const from = kcc.getByRole('spinbutton', { name: ar.studio.rules.from, exact: true }).first();
    await from.fill('22');
    await from.press('Tab');
    await studio.staff.getByRole('button', { name: ar.studio.text.save }).click();
    await expect.poll(() => kcc.getByRole('alert').textContent()).toContain(ar.studio.rules.problem_age);
    await studio.staff.screenshot({ path: join(SHOTS, 'studio-rule-problem-ar-1366.png') });
    expect(await axe(studio.staff)).toEqual([]);
  });
});
