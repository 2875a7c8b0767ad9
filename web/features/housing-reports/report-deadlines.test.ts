import { describe, expect, it } from 'vitest';
import en from '../../../locales/en.json';
import { deadlineLines, firstDeadline, toldCouncilCanAct } from './report-deadlines';

const d = {
  acknowledgeBy: '2026-03-03T23:59:59.999Z',
  investigateBy: '2026-03-16T23:59:59.999Z',
  summaryBy: '2026-03-19T23:59:59.999Z',
  makeSafeBy: '2026-03-23T23:59:59.999Z',
};
const words = (key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], en);

describe('deadline words by basis', () => {
  it('law: "Your landlord must …" for the landlord\'s clocks; the acknowledgement stays the council\'s aim', () => {
    const lines = deadlineLines(d, 'law');
    expect(lines.map((l) => l.key)).toEqual(['acknowledgeBy', 'investigateBy', 'summaryBy', 'makeSafeBy']);
    expect(lines.map((l) => String(words(l.message)).split(' ').slice(0, 3).join(' '))).toEqual([
      'The council aims',
      'Your landlord must',
      'Your landlord must',
      'Your landlord must',
    ]);
  });

  it('target, or no basis (a report from before it was sent): never "must"', () => {
    for (const basis of ['target', undefined] as const) {
      const texts = deadlineLines(d, basis).map((l) => String(words(l.message)));
      expect(texts).toHaveLength(4);
      for (const text of texts) {
        expect(text).toMatch(/^The council aims to .* by \{date\}$/);
        expect(text).not.toMatch(/must/);
      }
    }
  });

  it('leaves out what is not set, and an acknowledgement at the same moment as the investigation', () => {
    expect(deadlineLines({ investigateBy: d.investigateBy, acknowledgeBy: d.investigateBy }, 'law')).toEqual([
      { key: 'investigateBy', at: d.investigateBy, message: 'my_reports.deadline.law.investigateBy' },
    ]);
    expect(deadlineLines({}, 'law')).toEqual([]);
  });

  it('the confirmation screen gives the investigation date, else the acknowledgement', () => {
    expect(firstDeadline(d, 'law')?.message).toBe('my_reports.deadline.law.investigateBy');
    expect(firstDeadline({ acknowledgeBy: d.acknowledgeBy }, 'target')?.message).toBe(
      'my_reports.deadline.target.acknowledgeBy',
    );
    expect(firstDeadline({}, 'target')).toBeUndefined();
  });

  it('only private renters are told the council can make a landlord fix serious hazards', () => {
    expect(toldCouncilCanAct('private_rented')).toBe(true);
    expect(toldCouncilCanAct('social_housing')).toBe(false);
    expect(toldCouncilCanAct(undefined)).toBe(false);
  });
});
