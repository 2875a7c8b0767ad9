import { describe, expect, it } from 'vitest';
import kentPolicy from '../../content/kent/housing-policy.json';
import { HousingPolicy, type CategoryId, type ReportCategory } from '../contract/content';
import {
  addWorkingDays,
  computeDeadlines,
  deadlinesAfterInvestigation,
  endOfLondonDay,
  hazardClass,
  isUrgent,
  isWorkingDay,
  londonDate,
  type DeadlinePolicy,
} from './deadlines';

const category = (id: CategoryId, emergencyByDefault: boolean, awaabPhase: 1 | 2 | 3 | null): ReportCategory => ({
  id,
  group: 'other',
  icon: '🏠',
  emergencyByDefault,
  awaabPhase,
});

/** A small policy with the Awaab's Law defaults and the 2025–2026 bank holidays. */
const policy: DeadlinePolicy = {
  categories: [
    category('damp', false, 1),
    category('mould', false, 1),
    category('cold_heating', false, 2),
    category('electrics', true, 2),
    category('gas_co', true, 2),
    category('fire_safety', true, 2),
    category('pests', false, 3),
    category('overcrowding', false, null),
    category('unsafe_area', false, null),
    category('other', false, null),
  ],
  deadlines: {
    emergency: { investigateHours: 24, makeSafeHours: 24 },
    significant: { investigateWorkingDays: 10, summaryWorkingDays: 3, makeSafeWorkingDays: 5 },
    preventative: { startWorkingDays: 5, physicallyStartWeeks: 12 },
  },
  bankHolidays: [
    '2025-12-25',
    '2025-12-26',
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
    '2026-08-31',
    '2026-12-25',
    '2026-12-28',
  ],
};
const holidays = policy.bankHolidays;
/** The small policy's answer for a report of `categories` received at `receivedAt` (an ISO instant). */
const deadlinesOf = (categories: CategoryId[], feelsSafe: 'yes' | 'no' | 'not_sure', receivedAt: string) =>
  computeDeadlines({ categories, feelsSafe, receivedAt: new Date(receivedAt) }, policy);

describe('UK calendar', () => {
  it('reads the UK date of an instant, in summer time too', () => {
    expect(londonDate(new Date('2026-06-01T23:30:00Z'))).toBe('2026-06-02'); // 00:30 BST
    expect(londonDate(new Date('2026-01-05T23:30:00Z'))).toBe('2026-01-05'); // GMT
  });

  it('agrees with Intl every 10 minutes around both clock changes (the offset is kept per UTC hour)', () => {
    const intl = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    for (const start of ['2026-03-28T20:00:00Z', '2026-10-24T20:00:00Z']) {
      for (let t = Date.parse(start); t < Date.parse(start) + 2 * 24 * 3600_000; t += 10 * 60_000) {
        const instant = new Date(t + 59_999); // the last moment of the 10 minutes, too
        expect(londonDate(instant), instant.toISOString()).toBe(intl.format(instant));
        expect(londonDate(new Date(t)), new Date(t).toISOString()).toBe(intl.format(new Date(t)));
      }
    }
  });

  it('ends a UK day at 23:59:59.999 local time', () => {
    expect(endOfLondonDay('2026-07-01').toISOString()).toBe('2026-07-01T22:59:59.999Z');
    expect(endOfLondonDay('2026-01-05').toISOString()).toBe('2026-01-05T23:59:59.999Z');
    // the days the clocks change
    expect(endOfLondonDay('2026-03-29').toISOString()).toBe('2026-03-29T22:59:59.999Z');
    expect(endOfLondonDay('2026-10-25').toISOString()).toBe('2026-10-25T23:59:59.999Z');
  });

  it('knows weekends and bank holidays are not working days', () => {
    expect(isWorkingDay('2026-03-02', holidays)).toBe(true); // Monday
    expect(isWorkingDay('2026-03-07', holidays)).toBe(false); // Saturday
    expect(isWorkingDay('2026-03-08', holidays)).toBe(false); // Sunday
    expect(isWorkingDay('2026-04-03', holidays)).toBe(false); // Good Friday
  });

  it.each([
    ['Monday + 10 is Monday two weeks later', '2026-03-02', 10, '2026-03-16'],
    ['Friday + 1 is Monday', '2026-03-06', 1, '2026-03-09'],
    ['Saturday + 1 is Monday (the day of arrival never counts)', '2026-03-07', 1, '2026-03-09'],
    ['Friday before the May bank holiday + 1 is Tuesday', '2026-05-01', 1, '2026-05-05'],
    ['Christmas Eve + 1 skips Christmas, Boxing Day and the weekend', '2025-12-24', 1, '2025-12-29'],
    ['over Easter: Thursday + 1 is Tuesday', '2026-04-02', 1, '2026-04-07'],
    ['zero days is the same day', '2026-03-04', 0, '2026-03-04'],
  ])('%s', (_name, from, days, expected) => {
    expect(addWorkingDays(from, days, holidays)).toBe(expected);
  });

  it('counts from the UK date, not the UTC date', () => {
    // 23:30 UTC on Friday 5 June is 00:30 BST on Saturday 6 June: the first working day is Monday 8 June
    expect(addWorkingDays(new Date('2026-06-05T23:30:00Z'), 1, holidays)).toBe('2026-06-08');
    // 22:30 UTC on Thursday 4 June is 23:30 BST on Thursday: + 1 is Friday
    expect(addWorkingDays(new Date('2026-06-04T22:30:00Z'), 1, holidays)).toBe('2026-06-05');
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => addWorkingDays('2026-03-02', -1, holidays)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-02', 1.5, holidays)).toThrow(RangeError);
  });
});

describe('urgent and hazard class', () => {
  it.each([
    [['gas_co'], 'yes', true, 'emergency'],
    [['fire_safety'], 'not_sure', true, 'emergency'],
    [['electrics', 'damp'], 'yes', true, 'emergency'],
    [['pests'], 'no', true, 'emergency'],
    [['damp'], 'yes', false, 'significant'],
    [['mould', 'other'], 'not_sure', false, 'significant'],
    [['overcrowding'], 'yes', false, 'standard'],
    [['unsafe_area', 'other'], 'yes', false, 'standard'],
  ] as const)('%j feelsSafe=%s → urgent %s, %s', (categories, feelsSafe, urgent, hazard) => {
    expect(isUrgent({ categories, feelsSafe }, policy)).toBe(urgent);
    expect(hazardClass({ categories, feelsSafe }, policy)).toBe(hazard);
  });

  it('refuses a category the policy does not know', () => {
    expect(() => isUrgent({ categories: ['toilet_bathroom'], feelsSafe: 'yes' }, policy)).toThrow(/toilet_bathroom/);
  });
});

describe('computeDeadlines', () => {
  it('gives an emergency 24 hours to investigate and make safe, exact hours', () => {
    const result = deadlinesOf(['gas_co'], 'yes', '2026-03-06T17:45:00Z');
    expect(result).toEqual({
      urgent: true,
      hazard: 'emergency',
      deadlines: {
        acknowledgeBy: '2026-03-07T17:45:00.000Z',
        investigateBy: '2026-03-07T17:45:00.000Z',
        makeSafeBy: '2026-03-07T17:45:00.000Z',
      },
      dueAt: '2026-03-07T17:45:00.000Z',
    });
  });

  it('puts a young person who does not feel safe on the emergency clock', () => {
    const result = deadlinesOf(['damp'], 'no', '2026-03-02T10:00:00Z');
    expect(result.urgent).toBe(true);
    expect(result.deadlines.makeSafeBy).toBe('2026-03-03T10:00:00.000Z');
  });

  it('gives damp 10 working days to investigate, then 3 for the summary and 5 to make safe', () => {
    const result = deadlinesOf(['damp'], 'yes', '2026-03-02T10:00:00Z');
    expect(result).toEqual({
      urgent: false,
      hazard: 'significant',
      deadlines: {
        acknowledgeBy: '2026-03-16T23:59:59.999Z',
        investigateBy: '2026-03-16T23:59:59.999Z',
        summaryBy: '2026-03-19T23:59:59.999Z',
        makeSafeBy: '2026-03-23T23:59:59.999Z',
      },
      dueAt: '2026-03-16T23:59:59.999Z',
    });
  });

  it('counts over Easter and into summer time', () => {
    // Monday 23 March 2026: 10 working days skip Good Friday and Easter Monday → Wednesday 8 April (BST)
    const result = deadlinesOf(['mould'], 'yes', '2026-03-23T09:00:00Z');
    expect(result.deadlines.investigateBy).toBe('2026-04-08T22:59:59.999Z');
  });

  it('sets no hazard clock for a category without one, and uses the pack acknowledgement clock when it has one', () => {
    const receivedAt = new Date('2026-03-02T10:00:00Z');
    expect(computeDeadlines({ categories: ['other'], feelsSafe: 'yes', receivedAt }, policy)).toEqual({
      urgent: false,
      hazard: 'standard',
      deadlines: {},
      dueAt: null,
    });
    const withAck: DeadlinePolicy = { ...policy, deadlines: { ...policy.deadlines, acknowledgeWorkingDays: 2 } };
    expect(computeDeadlines({ categories: ['other'], feelsSafe: 'yes', receivedAt }, withAck).deadlines).toEqual({
      acknowledgeBy: '2026-03-04T23:59:59.999Z',
    });
    // never later than an emergency's 24 hours
    expect(
      computeDeadlines({ categories: ['gas_co'], feelsSafe: 'yes', receivedAt }, withAck).deadlines.acknowledgeBy,
    ).toBe('2026-03-03T10:00:00.000Z');
  });

  it('recounts the summary and make-safe deadlines from the real end of the investigation', () => {
    expect(deadlinesAfterInvestigation(new Date('2026-03-05T15:00:00Z'), policy)).toEqual({
      summaryBy: '2026-03-10T23:59:59.999Z',
      makeSafeBy: '2026-03-12T23:59:59.999Z',
    });
  });
});

describe('with the Kent pack', () => {
  const pack = HousingPolicy.parse(kentPolicy);

  it('puts gas, fire, electrics and unsafe people on the emergency clock, damp and mould on the significant one', () => {
    const classOf = (c: CategoryId) => hazardClass({ categories: [c], feelsSafe: 'yes' }, pack);
    expect(['gas_co', 'fire_safety', 'electrics', 'unsafe_people'].map((c) => classOf(c as CategoryId))).toEqual(
      Array(4).fill('emergency'),
    );
    expect(['damp', 'mould'].map((c) => classOf(c as CategoryId))).toEqual(['significant', 'significant']);
    expect(classOf('other')).toBe('standard');
  });

  it("skips the pack's Christmas bank holidays", () => {
    expect(pack.bankHolidays).toContain('2026-12-25');
    // Thursday 24 December 2026: Friday 25 and Monday 28 (Boxing Day substitute) are holidays
    expect(addWorkingDays('2026-12-24', 1, pack.bankHolidays)).toBe('2026-12-29');
  });
});
