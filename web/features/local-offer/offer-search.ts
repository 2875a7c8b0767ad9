/**
 * Search across the whole local offer, on the phone (offline): every entitlement's words in the
 * reader's language, with accents, Arabic vowel marks and letter variants folded, so "benefit",
 * "Bénéfit" and "BENEFIT" match alike. Every word of the query must appear; titles count most.
 */
import type { ContentText, EntitlementFacts } from '../../../api/contract/content';

export interface SearchHit {
  id: string;
  score: number;
}

interface Doc {
  id: string;
  fields: Array<{ text: string; weight: number }>;
}

/** Lower case, no diacritics or Arabic vowel marks, one form of alef/yeh/teh marbuta, no tatweel. */
export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ـ/g, '')
    .replace(/[’']/g, '');
}

export const tokenize = (text: string): string[] => normalize(text).match(/[\p{L}\p{N}£]+/gu) ?? [];

export function buildIndex(entitlements: readonly EntitlementFacts[], text: ContentText): Doc[] {
  return entitlements.flatMap((e) => {
    const words = text.entitlements[e.id];
    if (!words) return [];
    const theme = text.themes[e.theme];
    return [
      {
        id: e.id,
        fields: [
          { text: normalize(words.title), weight: 8 },
          { text: normalize(words.summary), weight: 4 },
          { text: normalize(theme ? `${theme.title} ${theme.summary}` : ''), weight: 2 },
          { text: normalize(words.easyRead.join(' ')), weight: 2 },
          { text: normalize([...words.full, words.whoCanGet, ...words.howToGet, words.contact].join(' ')), weight: 1 },
        ],
      },
    ];
  });
}

/** Entitlement ids matching every word of `query`, best first (pack order breaks ties). */
export function search(index: readonly Doc[], query: string): SearchHit[] {
  const terms = [...new Set(tokenize(query))];
  if (terms.length === 0) return [];
  const hits: SearchHit[] = [];
  for (const doc of index) {
    let score = 0;
    let all = true;
    for (const term of terms) {
      const s = doc.fields.reduce((sum, f) => (f.text.includes(term) ? sum + f.weight : sum), 0);
      if (s === 0) {
        all = false;
        break;
      }
      score += s;
    }
    if (all) hits.push({ id: doc.id, score });
  }
  // Array.prototype.sort is stable: equal scores keep the pack's order.
  return hits.sort((a, b) => b.score - a.score);
}
