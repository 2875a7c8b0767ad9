import { describe, expect, it } from 'vitest';
import entitlementsJson from '#content/kent/entitlements.json';
import enJson from '#content/kent/text/en.json';
import arJson from '#content/kent/text/ar.json';
import type { ContentText, EntitlementFacts } from '#contract/content';
import { buildIndex, normalize, search, tokenize } from './offer-search';
import { agesText, amountText, pointIcon } from './offer-format';
import { buildGlossaryMatcher, segment, variantsOf } from './offer-glossary';
import { pickVoice } from '../../app/use-read-aloud';

const entitlements = entitlementsJson as unknown as EntitlementFacts[];
const en = enJson as unknown as ContentText;
const ar = arJson as unknown as ContentText;
const enIndex = buildIndex(entitlements, en);

describe('local offer search (offline, on the phone)', () => {
  it('finds the rent guarantor and council tax by their words, best match first', () => {
    expect(search(enIndex, 'guarantor')[0]?.id).toBe('rent_guarantor');
    expect(search(enIndex, 'council tax')[0]?.id).toBe('council_tax');
  });

  it('needs every word of the query, ignores case and accents', () => {
    const both = search(enIndex, 'COUNCIL tax Medway').map((h) => h.id);
    expect(both).toContain('medway_council_tax_relief');
    expect(both).not.toContain('rent_guarantor');
    expect(search(enIndex, 'bürsary').map((h) => h.id)).toEqual(search(enIndex, 'bursary').map((h) => h.id));
  });

  it('finds nothing for nonsense or an empty query', () => {
    expect(search(enIndex, 'zzqxv')).toEqual([]);
    expect(search(enIndex, '  ,. ')).toEqual([]);
  });

  it('searches the Arabic text, folding vowel marks and alef forms', () => {
    const arIndex = buildIndex(entitlements, ar);
    const title = ar.entitlements.council_tax!.title;
    const word = tokenize(title).sort((a, b) => b.length - a.length)[0]!;
    expect(search(arIndex, word).map((h) => h.id)).toContain('council_tax');
    expect(normalize('أَحْمَد')).toBe('احمد');
  });

  it('covers every entitlement that has text', () => {
    expect(enIndex.docs.map((d) => d.id)).toEqual(entitlements.map((e) => e.id));
  });

  it('matches whole words and word starts: "rent" finds renting, never "parent" or "apprenticeship"', () => {
    const ids = search(enIndex, 'rent').map((h) => h.id);
    expect(ids).toContain('rent_guarantor');
    expect(ids).toContain('rent_deposit');
    for (const id of ids) {
      const t = en.entitlements[id]!;
      const words = tokenize(
        [t.title, t.summary, ...t.easyRead, ...t.full, t.whoCanGet, ...t.howToGet, t.contact].join(' '),
      );
      expect(
        words.some((w) => w.startsWith('rent')),
        id,
      ).toBe(true);
    }
    expect(ids).not.toContain('parent_support');
    expect(ids).not.toContain('apprenticeship_bursary');
  });

  it('keeps synonyms per language: passport, visa, BRP, eVisa and Home Office find ID and immigration', () => {
    expect(search(enIndex, 'passport').map((h) => h.id)).toContain('id_documents');
    for (const q of ['visa', 'BRP', 'eVisa', 'Home Office'])
      expect(
        search(enIndex, q).map((h) => h.id),
        q,
      ).toContain('evisa_ukvi');
    const arIndex = buildIndex(entitlements, ar);
    expect(search(arIndex, 'جواز').map((h) => h.id)).toContain('id_documents');
  });

  it('forgives a typo in longer words, not in short ones', () => {
    expect(search(enIndex, 'pasport').map((h) => h.id)).toContain('id_documents');
    expect(search(enIndex, 'guarentor')[0]?.id).toBe('rent_guarantor');
    expect(search(enIndex, 'rant')).toEqual([]);
  });

  it('"immigration advice" finds the free advice services', () => {
    const ids = search(enIndex, 'immigration advice').map((h) => h.id);
    expect(ids).toEqual(expect.arrayContaining(['immigration_advice', 'urgent_legal_advice', 'legal_aid']));
  });
});

describe('amounts, ages and easy-read icons', () => {
  const t = (key: string, v: Record<string, unknown> = {}) => `${key}(${Object.values(v).join(',')})`;
  it('formats money with Intl for the locale', () => {
    expect(amountText({ value: 2000, currency: 'GBP', upTo: true }, 'en', t)).toBe(
      'offer.amount_up_to(\u2066£2,000\u2069)',
    );
    expect(amountText({ value: 30, currency: 'GBP', atAge: 17 }, 'en', t)).toBe(
      'offer.amount_at_age(\u2066£30\u2069,17)',
    );
    expect(amountText({ value: 1200, currency: 'GBP', per: 'year' }, 'en', t)).toBe(
      'offer.amount_per_year(\u2066£1,200\u2069)',
    );
  });
  it('words ages as ranges', () => {
    expect(agesText({ ageFrom: 18, ageTo: 20 }, t)).toBe('offer.ages_range(18,20)');
    expect(agesText({ ageTo: 24 }, t)).toBe('offer.ages_until(25)');
    expect(agesText({}, t)).toBeNull();
  });
  it('gives each point an icon', () => {
    expect(pointIcon('Council tax is a bill', 0, '🏛️')).toBe('🏛️');
    expect(pointIcon('You get £60 at 18', 1, '🏛️')).toBe('pound-sterling');
    expect(pointIcon('Until you are 21', 2, '🏛️')).toBe('calendar');
    expect(pointIcon('Ask your PA', 3, '🏛️')).toBe('circle-check');
  });
});

describe('glossary words', () => {
  it('matches full and short forms as whole words, once per page', () => {
    expect(variantsOf('PA (personal adviser)')).toEqual(['PA (personal adviser)', 'PA', 'personal adviser']);
    const m = buildGlossaryMatcher(en.glossary);
    const seen = new Set<string>();
    const first = segment('Ask your PA about the guarantor. Your PA can help.', m, seen);
    expect(first.filter((s) => s.termId).map((s) => [s.text, s.termId])).toEqual([
      ['PA', 'pa'],
      ['guarantor', 'guarantor'],
    ]);
    expect(first.map((s) => s.text).join('')).toBe('Ask your PA about the guarantor. Your PA can help.');
    expect(segment('Your PA again', m, seen).some((s) => s.termId)).toBe(false);
    expect(segment('PAYE and spare', m).some((s) => s.termId)).toBe(false);
  });
  it('finds Arabic terms with or without the article', () => {
    const m = buildGlossaryMatcher(ar.glossary);
    const term = ar.glossary.guarantor!.term;
    expect(segment(`هذا ${term} هنا`, m).some((s) => s.termId === 'guarantor')).toBe(true);
  });
});

describe('read aloud voice choice', () => {
  it('prefers the exact language, then the same language elsewhere, else none', () => {
    const voices = [{ lang: 'en-GB' }, { lang: 'fa-IR' }, { lang: 'ar_SA' }];
    expect(pickVoice(voices, 'en-GB')).toBe(0);
    expect(pickVoice(voices, 'fa-AF')).toBe(1);
    expect(pickVoice(voices, 'ar')).toBe(2);
    expect(pickVoice(voices, 'ti')).toBe(-1);
  });
});
