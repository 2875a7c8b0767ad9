/**
 * Search across the whole local offer, on the phone (offline): every entitlement's own words in the
 * reader's language, with accents, Arabic vowel marks and letter variants folded, so "benefit",
 * "Bénéfit" and "BENEFIT" match alike.
 *
 * - A query word matches a whole word or the start of one: "rent" finds "rent" and "renting", never
 *   "parent" or "apprenticeship".
 * - Each language's synonyms (`searchSynonyms` in text/<locale>.json) widen a word: "passport" also finds
 *   ID documents, "Home Office" immigration.
 * - One typo is forgiven in words of 5 letters or more (two in words of 9 or more): "pasport", "guarentor".
 * Every word of the query must match; titles count most, exact words more than word starts or typos.
 */
import type { ContentText, EntitlementFacts } from '#contract/content';

export interface SearchHit {
  id: string;
  score: number;
}

interface Field {
  words: readonly string[];
  weight: number;
}

interface Doc {
  id: string;
  fields: Field[];
}

export interface SearchIndex {
  docs: Doc[];
  /** Normalized synonym phrase → the words it also stands for. */
  synonyms: Map<string, string[]>;
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

export function buildIndex(entitlements: readonly EntitlementFacts[], text: ContentText): SearchIndex {
  const docs = entitlements.flatMap((e) => {
    const words = text.entitlements[e.id];
    if (!words) return [];
    const field = (t: string, weight: number): Field => ({ words: [...new Set(tokenize(t))], weight });
    return [
      {
        id: e.id,
        fields: [
          field(words.title, 8),
          field(words.summary, 4),
          field(words.easyRead.join(' '), 2),
          field([...words.full, words.whoCanGet, ...words.howToGet, words.contact].join(' '), 1),
        ],
      },
    ];
  });
  const synonyms = new Map<string, string[]>();
  for (const [phrase, also] of Object.entries(text.searchSynonyms ?? {})) {
    synonyms.set(tokenize(phrase).join(' '), also.flatMap(tokenize));
  }
  return { docs, synonyms };
}

/** Edit distance with adjacent swaps, stopping early once it is over `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

const typosAllowed = (term: string) => (term.length >= 9 ? 2 : term.length >= 5 ? 1 : 0);

/** How well one query word matches one word of the text: 1 exact, 0.8 a word start, 0.5 a typo, else 0. */
function wordMatch(term: string, word: string): number {
  if (word === term) return 1;
  if (word.startsWith(term)) return 0.8;
  const typos = typosAllowed(term);
  if (typos === 0) return 0;
  if (distance(term, word, typos) <= typos) return 0.5;
  // a typo in a word start ("guarent" for "guarantor")
  return word.length > term.length && distance(term, word.slice(0, term.length), typos) <= typos ? 0.4 : 0;
}

/** The query as groups of alternatives: a synonym phrase becomes its own words and the words it stands for. */
function termsOf(query: string, synonyms: Map<string, string[]>): string[][] {
  const words = tokenize(query);
  const groups: string[][] = [];
  for (let i = 0; i < words.length;) {
    // the longest synonym phrase starting here ("home office" before "home")
    let taken = 0;
    for (let n = Math.min(3, words.length - i); n >= 1 && !taken; n--) {
      const phrase = words.slice(i, i + n).join(' ');
      const also = synonyms.get(phrase);
      if (also) {
        groups.push([...new Set([...words.slice(i, i + n), ...also])]);
        taken = n;
      }
    }
    if (!taken) {
      // a typo in a one-word synonym ("pasport")
      const word = words[i]!;
      const typos = typosAllowed(word);
      const near =
        typos > 0 ? [...synonyms.keys()].find((k) => !k.includes(' ') && distance(word, k, typos) <= typos) : undefined;
      groups.push(near ? [...new Set([word, near, ...synonyms.get(near)!])] : [word]);
      taken = 1;
    }
    i += taken;
  }
  return groups.filter((g, i) => groups.findIndex((x) => x.join() === g.join()) === i);
}

/** Entitlement ids matching every word of `query`, best first (pack order breaks ties). */
export function search(index: SearchIndex, query: string): SearchHit[] {
  const groups = termsOf(query, index.synonyms);
  if (groups.length === 0) return [];
  const hits: SearchHit[] = [];
  for (const doc of index.docs) {
    let score = 0;
    let all = true;
    for (const group of groups) {
      let s = 0;
      for (const f of doc.fields) {
        let best = 0;
        for (const term of group) for (const word of f.words) best = Math.max(best, wordMatch(term, word));
        s += best * f.weight;
      }
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
