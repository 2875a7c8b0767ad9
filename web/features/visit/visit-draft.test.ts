import { describe, expect, it } from 'vitest';
import {
  DRAFT_MAX_AGE_DAYS,
  draftAgeDays,
  expiresAt,
  isExpired,
  needsExpiryWarning,
  newDraft,
  sanitizeDraft,
  walkOrder,
  walkPosition,
  withMark,
} from './visit-draft';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 23, 12);

describe('visit draft age', () => {
  const started = (days: number) => ({ createdAt: NOW - days * DAY });

  it('warns from day 12 and deletes after day 14', () => {
    expect(needsExpiryWarning(started(11.9), NOW)).toBe(false);
    expect(needsExpiryWarning(started(12), NOW)).toBe(true);
    expect(needsExpiryWarning(started(13.5), NOW)).toBe(true);
    expect(isExpired(started(14), NOW)).toBe(false);
    expect(needsExpiryWarning(started(14), NOW)).toBe(true);
    expect(isExpired(started(14.01), NOW)).toBe(true);
    expect(needsExpiryWarning(started(15), NOW)).toBe(false); // gone, not warned
    expect(draftAgeDays(started(13.5), NOW)).toBe(13);
    expect(expiresAt(started(0))).toBe(NOW + DRAFT_MAX_AGE_DAYS * DAY);
  });
});

describe('newDraft and sanitizeDraft', () => {
  it('starts in the questions with a random id and a known language', () => {
    const a = newDraft('ti', true, NOW);
    const b = newDraft('xx', false, NOW);
    expect(a).toMatchObject({
      lang: 'ti',
      sideBySide: true,
      stage: 'questions',
      createdAt: NOW,
      marks: {},
      answers: {},
    });
    expect(a.id).toMatch(/^[0-9a-f]{24}$/);
    expect(a.id).not.toBe(b.id);
    expect(b.lang).toBe('en');
    expect(newDraft('fa-af', true).lang).toBe('fa-AF');
  });

  it('reads a stored draft back, dropping what is not one of ours', () => {
    const raw = {
      id: 'abc',
      createdAt: NOW,
      lang: 'ar',
      stage: 'nonsense',
      sideBySide: 'yes',
      answers: { age: 19, district: 'nowhere', lookedAfter: 'yes_13_weeks' },
      questionStep: -2,
      current: 'gone_away',
      marks: {
        council_tax: { status: 'apply', step: { who: 'pa', by: '2026-12-01', what: 'Phone' }, note: 'n' },
        rent_guarantor: { status: 'maybe', step: { who: 'boss', by: '01/12/2026' } },
        gone_away: { status: 'getting' },
        empty: {},
      },
    };
    const d = sanitizeDraft(raw, ['council_tax', 'rent_guarantor', 'empty'], ['E07000114'])!;
    expect(d.stage).toBe('questions');
    expect(d.sideBySide).toBe(true);
    expect(d.questionStep).toBe(0);
    expect(d.answers).toEqual({ age: 19, lookedAfter: 'yes_13_weeks' });
    expect(d.current).toBeUndefined();
    expect(d.marks).toEqual({
      council_tax: { status: 'apply', step: { who: 'pa', by: '2026-12-01', what: 'Phone' }, note: 'n' },
    });
    expect(sanitizeDraft({ id: 'x' })).toBeNull();
    expect(sanitizeDraft(null)).toBeNull();
  });

  it('withMark sets one mark and removes empty ones', () => {
    const one = withMark({}, 'a', { status: 'getting' });
    expect(one).toEqual({ a: { status: 'getting' } });
    const two = withMark(one, 'b', { step: { what: '  ' }, note: '' });
    expect(two).toEqual(one);
    expect(withMark(one, 'a', {})).toEqual({});
    expect(withMark(one, 'a', undefined)).toEqual({});
  });
});

describe('walk through the offer', () => {
  const themes = [{ id: 'money' }, { id: 'home_housing' }, { id: 'parents' }];
  const entitlements = [
    { id: 'a', theme: 'money' },
    { id: 'b', theme: 'money' },
    { id: 'c', theme: 'home_housing' },
    { id: 'd', theme: 'money' },
  ];

  it('goes theme by theme; within a theme what they can get comes first', () => {
    const walk = walkOrder(themes, entitlements, [
      { entitlementId: 'a', outcome: 'not_eligible', reasons: [], nextSteps: [] },
      { entitlementId: 'd', outcome: 'eligible', reasons: [], nextSteps: [] },
    ]);
    expect(walk).toEqual([
      { theme: 'money', ids: ['d', 'b', 'a'] },
      { theme: 'home_housing', ids: ['c'] },
    ]);
    const pos = walkPosition(walk, 'c');
    expect(pos).toMatchObject({ index: 3, themeIndex: 1, inTheme: 0, isLast: true, isFirst: false });
    expect(walkPosition(walk, undefined)).toMatchObject({ id: 'd', index: 0, isFirst: true });
    expect(walkPosition(walk, 'unknown').id).toBe('d');
  });
});
