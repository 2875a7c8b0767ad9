// The glossary works in every language of the pack: the four words the issue names are
// tappable somewhere in each language's entitlement texts, the way the entitlement page cuts them.
import { describe, expect, it } from 'vitest';
import pack from '#content/kent/pack.json';
import type { ContentText } from '#contract/content';
import { buildGlossaryMatcher, segment } from './offer-glossary';

const texts = import.meta.glob<{ default: unknown }>('../../../content/kent/text/*.json', { eager: true });
const textOf = (code: string) => texts[`../../../content/kent/text/${code}.json`]!.default as ContentText;

const REQUIRED = ['pathway_plan', 'pa', 'guarantor', 'tenancy'];

describe('glossary in every language', () => {
  it.each(pack.locales)(
    '%s: "pathway plan", "PA", "guarantor" and "tenancy" can be tapped in the entitlement texts',
    (code) => {
      const text = textOf(code);
      const matcher = buildGlossaryMatcher(text.glossary);
      const found = new Set<string>();
      for (const e of Object.values(text.entitlements)) {
        for (const line of [...e.easyRead, ...e.full, e.whoCanGet, ...e.howToGet]) {
          for (const s of segment(line, matcher)) if (s.termId) found.add(s.termId);
        }
      }
      expect(REQUIRED.filter((id) => !found.has(id))).toEqual([]);
    },
  );

  it('a Latin term inside another script is found when small words are attached to it (Tigrinya)', () => {
    const matcher = buildGlossaryMatcher({ pa: { term: 'PA (ውልቃዊ ኣማኸሪ)', meaning: '…' } });
    expect(segment('ንPA ኹም ሕተቱ።', matcher).find((s) => s.termId)?.text).toBe('PA');
    expect(segment('PAYE', matcher).some((s) => s.termId)).toBe(false);
  });
});
