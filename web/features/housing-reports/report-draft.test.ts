import { describe, expect, it } from 'vitest';
import { NewReport } from '#contract';
import { emptyDraft, isTouched, stepProblems, toNewReport, type ReportDraft } from './report-draft';

const complete = (overrides: Partial<ReportDraft> = {}): ReportDraft => ({
  ...emptyDraft(),
  categories: ['damp', 'mould'],
  feelsSafe: 'no',
  where: 'map',
  location: { lat: 51.3813, lng: 1.3862 },
  description: '  Mould on the walls  ',
  accommodationType: 'supported',
  ...overrides,
});

describe('report draft', () => {
  it('starts untouched, with "through my PA" as the contact', () => {
    const draft = emptyDraft();
    expect(isTouched(draft)).toBe(false);
    expect(draft.contactMethod).toBe('pa');
    expect(isTouched({ ...draft, categories: ['pests'] })).toBe(true);
  });

  it.each([
    ['problem', { categories: [] }, 'report.errors.category_required', true],
    [
      'problem',
      { categories: ['damp', 'mould', 'pests', 'other', 'electrics', 'gas_co'] },
      'report.errors.category_too_many',
      true,
    ],
    ['safety', { feelsSafe: null }, 'report.errors.safety_required', false],
    ['where', { where: null }, 'report.errors.where_required', false],
    ['where', { where: 'map', location: null }, 'report.errors.pin_required', true],
    ['where', { address: 'x'.repeat(201) }, 'report.errors.address_too_long', true],
    ['where', { where: 'district', district: null }, 'report.errors.district_required', true],
    ['details', { description: '   ' }, 'report.errors.description_required', true],
    ['details', { description: 'x'.repeat(2001) }, 'report.errors.description_too_long', true],
    ['details', { since: '2999-01-01' }, 'report.errors.since_invalid', false],
    ['details', { accommodationType: null }, 'report.errors.accommodation_required', false],
    ['details', { provider: 'p'.repeat(121) }, 'report.errors.provider_too_long', true],
    ['contact', { contactMethod: 'phone', contactValue: 'abc' }, 'report.errors.phone_invalid', true],
    ['contact', { contactMethod: 'email', contactValue: 'me@' }, 'report.errors.email_invalid', true],
    ['contact', { paName: 'Sam Okafor', paEmail: 'sam.okafor@kent' }, 'report.errors.pa_email_invalid', true],
    ['contact', { paName: 'Sam Okafor' }, 'report.errors.pa_email_invalid', false],
    ['contact', { paEmail: 'sam.okafor@kent.gov.uk' }, 'report.errors.pa_name_required', false],
    ['contact', { paName: 'S'.repeat(81), paEmail: 'sam.okafor@kent.gov.uk' }, 'report.errors.pa_name_too_long', true],
    ['contact', { firstName: 'J'.repeat(81) }, 'report.errors.first_name_too_long', true],
  ] as const)('step %s with %j → %s', (step, overrides, problem, apiRefuses) => {
    const draft = complete(overrides as Partial<ReportDraft>);
    expect(stepProblems(draft, step)).toContain(problem);
    expect(stepProblems(draft, 'check')).toContain(problem);
    // where the contract has the same rule, the API would refuse it too (toNewReport fills the others)
    if (apiRefuses) expect(NewReport.safeParse(toNewReport(draft, 'en')).success).toBe(false);
  });

  it.each([
    ['a pin', {}],
    ['a district', { where: 'district', location: null, district: 'E07000108' }],
    ['a phone contact', { contactMethod: 'phone', contactValue: '07700 900123' }],
    [
      'an email contact, a date, a provider and who is affected',
      {
        contactMethod: 'email',
        contactValue: 'me@example.org',
        since: '2026-01-02',
        provider: 'Seaview Lettings',
        baby: true,
      },
    ],
    ['an address', { address: '  Flat 3, 12 Seaview Terrace ' }],
    ['a named PA and a first name', { paName: ' Sam Okafor ', paEmail: ' Sam.Okafor@Kent.gov.uk', firstName: 'Jo ' }],
  ] as const)('a complete draft with %s passes every step and the contract', (_name, overrides) => {
    const draft = complete(overrides as Partial<ReportDraft>);
    expect(stepProblems(draft, 'check')).toEqual([]);
    const parsed = NewReport.parse(toNewReport(draft, 'en', new Date('2026-03-02T10:00:00Z')));
    expect(parsed.description).toBe('Mould on the walls');
  });

  it('sends the district only without a pin, and the contact value only for phone or email', () => {
    const byMap = toNewReport(complete({ district: 'E07000108', contactValue: 'left over' }), 'en');
    expect(byMap.location).toEqual({ lat: 51.3813, lng: 1.3862 });
    expect(byMap.district).toBeNull();
    expect(byMap.contact).toEqual({ method: 'pa' });
    const byDistrict = toNewReport(complete({ where: 'district', district: 'E07000108' }), 'en');
    expect(byDistrict).toMatchObject({ location: null, district: 'E07000108' });
    expect(byDistrict).not.toHaveProperty('address');
    expect(toNewReport(complete({ address: ' 7 Harbour Street ' }), 'en').address).toBe('7 Harbour Street');
  });

  it('sends who lives in the home only when a box is ticked, each as the contract names it', () => {
    expect(toNewReport(complete(), 'en')).not.toHaveProperty('affected');
    const ticked = NewReport.parse(toNewReport(complete({ children: true, pregnant: true }), 'en'));
    expect(ticked.affected).toEqual({
      baby: false,
      children: true,
      healthCondition: false,
      disabled: false,
      pregnant: true,
    });
    expect(NewReport.parse(toNewReport(complete({ disabled: true }), 'en')).affected?.disabled).toBe(true);
  });

  it("carries the phone's language, so staff see it and template notes reach the young person in it", () => {
    expect(NewReport.parse(toNewReport(complete(), 'ar')).language).toBe('ar');
    expect(NewReport.parse(toNewReport(complete(), 'fa-af')).language).toBe('fa-AF');
    // a language the app does not have is sent as English, never refused by the API
    expect(NewReport.parse(toNewReport(complete(), 'de')).language).toBe('en');
  });

  it('names the PA and the first name only with "Through my PA", and the contract keeps the email lower-cased', () => {
    const named = complete({ paName: ' Sam Okafor ', paEmail: 'Sam.Okafor@Kent.gov.uk ', firstName: ' Jo' });
    expect(toNewReport(named, 'en')).toMatchObject({
      contact: { method: 'pa' },
      pa: { name: 'Sam Okafor', email: 'Sam.Okafor@Kent.gov.uk' },
      firstName: 'Jo',
    });
    expect(NewReport.parse(toNewReport(named, 'en')).pa).toEqual({
      name: 'Sam Okafor',
      email: 'sam.okafor@kent.gov.uk',
    });
    const byPhone = toNewReport({ ...named, contactMethod: 'phone', contactValue: '07700 900123' }, 'en');
    expect(byPhone).not.toHaveProperty('pa');
    expect(byPhone).not.toHaveProperty('firstName');
    expect(
      stepProblems({ ...named, contactMethod: 'phone', paEmail: 'nonsense', contactValue: '07700 900123' }, 'contact'),
    ).toEqual([]);
    expect(toNewReport(complete(), 'en')).not.toHaveProperty('pa');
  });
});
