// The term base (content/kent/terms.json) held against words: by `npm run i18n:check` for every file, and
// by the content studio's editor for the one text a translator is writing.
// - a "keep" term (PA, UASC, HHSRS) that a text has in English is kept, as is, in every language's text
//   of the same key (a translation that writes "your personal adviser" for PA fails);
// - no text in a language uses a variant the term base rules out ("not");
// - every glossary term has the agreed word in every language, and the glossary uses it.
// Pure: it is given the parsed files, and answers one problem per finding. Plain JavaScript, so the check
// script runs on Node without a build (types: term-check.d.mts).

/** Every string in a JSON value, by its key path (`entitlements.x.easyRead.2`). */
export function strings(value, prefix = '') {
  if (typeof value === 'string') return [[prefix, value]];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => strings(v, prefix ? `${prefix}.${k}` : k));
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// a whole Latin word: Tigrinya and Arabic join their prefixes to it (ንPA, والـPA)
const wholeWord = (term, flags = '') => new RegExp(`(^|[^A-Za-z])${escape(term)}($|[^A-Za-z])`, flags);

/** One language's text against its English: each "keep" term translated, each ruled-out variant used. */
export function textProblems(termBase, code, english, text) {
  const en = new Map(strings(english));
  const problems = [];
  for (const [key, value] of strings(text)) {
    for (const term of termBase.keep) {
      const kept = wholeWord(term);
      if (kept.test(en.get(key) ?? '') && !kept.test(value)) problems.push({ key, kind: 'keep', term });
    }
    for (const [id, { words, not = {} }] of Object.entries(termBase.terms)) {
      for (const variant of not[code] ?? []) {
        if (value.includes(variant)) problems.push({ key, kind: 'not', term: id, variant, agreed: words[code] });
      }
    }
  }
  return problems;
}

/** The glossary terms an English text uses, each with its agreed word in `code` (the editor shows them). */
export function agreedTerms(termBase, code, english) {
  const all = strings(english)
    .map(([, value]) => value)
    .join('\n');
  return Object.entries(termBase.terms)
    .map(([id, { words }]) => ({ id, english: (words.en ?? '').split(' (')[0], agreed: words[code] }))
    .filter((term) => term.english && wholeWord(term.english, 'i').test(all));
}

/**
 * @param {{ keep: string[], terms: Record<string, { words: Record<string, string>, not?: Record<string, string[]> }> }} termBase
 * @param {Record<string, Record<string, unknown>>} files by name (`locales`, `content`), then language code: parsed JSON
 * @param {Record<string, { term: string }>} glossaryEn the English glossary (ids every language must have a word for)
 * @param {Record<string, Record<string, { term: string }>>} glossaries each language's glossary
 */
export function checkTerms(termBase, files, glossaryEn, glossaries) {
  const problems = [];
  for (const [name, byCode] of Object.entries(files)) {
    for (const [code, text] of Object.entries(byCode)) {
      if (code === 'en') continue;
      for (const p of textProblems(termBase, code, byCode.en, text)) {
        problems.push(
          p.kind === 'keep'
            ? `${name} ${code} ${p.key}: "${p.term}" stays ${p.term} (the term base keeps it), not translated`
            : `${name} ${code} ${p.key}: "${p.variant}" is not the agreed word for ${p.term} (use "${p.agreed ?? '?'}")`,
        );
      }
    }
  }
  for (const id of Object.keys(glossaryEn)) {
    const entry = termBase.terms[id];
    if (!entry) {
      problems.push(`content/kent/terms.json has no entry for the glossary term ${id}`);
      continue;
    }
    for (const [code, glossary] of Object.entries(glossaries)) {
      const word = entry.words[code];
      if (!word) problems.push(`content/kent/terms.json: ${id} has no agreed word in ${code}`);
      else if (!glossary[id]?.term.includes(word))
        problems.push(
          `content/kent/text/${code}.json glossary ${id}: "${glossary[id]?.term}" is not the agreed word "${word}"`,
        );
    }
  }
  return problems;
}
