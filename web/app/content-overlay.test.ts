import { describe, expect, it } from 'vitest';
import { withOverlayFacts, withOverlayText, type ContentOverlay } from './content-overlay';

const overlay = (items: Record<string, unknown>): ContentOverlay => ({
  version: 2,
  publishedAt: '2026-12-07T04:00:00.000Z',
  locales: ['en', 'ar'],
  items,
  announced: false,
});

describe('the published changes laid over the built pack', () => {
  const facts = {
    entitlements: [
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
    ],
    districts: [{ code: 'E1', name: 'One' }],
    schemes: { x: 1 },
    rules: { r: 1 },
  };

  it('replaces, adds and removes list items in place, and whole parts by their phone name', () => {
    const out = withOverlayFacts(
      facts,
      overlay({
        'entitlements.a': { id: 'a', n: 10 },
        'entitlements.c': { id: 'c', n: 3 },
        'entitlements.b': null,
        eligibility: { r: 2 },
        schemes: { x: 2 },
      }),
    );
    expect(out.entitlements).toEqual([
      { id: 'a', n: 10 },
      { id: 'c', n: 3 },
    ]);
    expect(out.rules).toEqual({ r: 2 });
    expect(out.schemes).toEqual({ x: 2 });
    expect(out.districts).toBe(facts.districts);
    // the built facts are left alone
    expect(facts.entitlements[0]).toEqual({ id: 'a', n: 1 });
    expect(withOverlayFacts(facts, null)).toBe(facts);
  });

  it('changes the words of its language only, and only the fields the loaded section has', () => {
    const text = { locale: 'ar', entitlements: { a: { title: 'old' }, b: { title: 'keep' } }, status: 'draft' };
    const items = {
      'text.ar.entitlements.a': { title: 'new' },
      'text.en.entitlements.a': { title: 'English' },
      'text.ar.glossary.pa': { term: 'PA' },
      'text.ar.status': 'reviewed',
    };
    const out = withOverlayText(text, 'ar', overlay(items));
    expect(out).toEqual({
      locale: 'ar',
      entitlements: { a: { title: 'new' }, b: { title: 'keep' } },
      status: 'reviewed',
    });
    expect(text.entitlements.a.title).toBe('old');
    expect(withOverlayText(text, 'vi', overlay(items))).toBe(text);
  });
});
