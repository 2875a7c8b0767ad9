/**
 * Glossary words in the text ("PA", "guarantor", "tenancy" …) become buttons that explain them
 *. A term is matched as a whole word, in its full form ("PA (personal adviser)") and in its
 * short forms (before and inside the brackets, and without the Arabic article "ال").
 */
import type { ContentText } from '#contract/content';

export interface Segment {
  text: string;
  /** Set when this piece of text is a glossary term. */
  termId?: string;
}

export interface GlossaryMatcher {
  re: RegExp;
  byVariant: Map<string, string>;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function variantsOf(term: string): string[] {
  const out = new Set<string>([term.trim()]);
  const m = /^(.*?)\s*\((.+)\)\s*$/.exec(term);
  if (m) {
    out.add(m[1]!.trim());
    out.add(m[2]!.trim());
  }
  for (const v of [...out]) if (v.startsWith('ال') && v.length > 4) out.add(v.slice(2));
  return [...out].filter((v) => v.length >= 2);
}

export function buildGlossaryMatcher(glossary: ContentText['glossary']): GlossaryMatcher | null {
  const byVariant = new Map<string, string>();
  for (const [id, entry] of Object.entries(glossary)) {
    for (const v of variantsOf(entry.term))
      if (!byVariant.has(v.toLocaleLowerCase())) byVariant.set(v.toLocaleLowerCase(), id);
  }
  if (byVariant.size === 0) return null;
  // A whole word: no letter or digit on either side. A Latin-only term ("PA") needs only no Latin letter
  // beside it, because some scripts attach small words to it (Tigrinya "ንPA ኹም" = "to your PA").
  const alternatives = [...byVariant.keys()]
    .sort((a, b) => b.length - a.length)
    .map((v) => {
      const edge = /^[\x20-\x7e]+$/.test(v) ? '[A-Za-z0-9]' : '[\\p{L}\\p{N}]';
      return `(?<!${edge})${escape(v)}(?!${edge})`;
    });
  return { re: new RegExp(alternatives.join('|'), 'giu'), byVariant };
}

/**
 * Splits `text` into plain pieces and glossary terms. Each term is marked once per `seen` set, so a
 * page explains "PA" at its first use, not in every sentence.
 */
export function segment(text: string, matcher: GlossaryMatcher | null, seen: Set<string> = new Set()): Segment[] {
  if (!matcher) return [{ text }];
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(matcher.re)) {
    const id = matcher.byVariant.get(m[0].toLocaleLowerCase());
    if (!id || seen.has(id)) continue;
    seen.add(id);
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    out.push({ text: m[0], termId: id });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}
