// The term base (content/kent/terms.json) held against the words: part of `npm run i18n:check`.
// - a "keep" term (PA, UASC, HHSRS) that a text has in English is kept, as is, in every language's text
//   of the same key (a translation that writes "your personal adviser" for PA fails);
// - no text in a language uses a variant the term base rules out ("not");
// - every glossary term has the agreed word in every language, and the glossary uses it.
// Pure: it is given the parsed files, and answers one line per problem.

/** Every string in a JSON value, by its key path (`entitlements.x.easyRead.2`). */
export function strings(value, prefix = '') {
  if (typeof value === 'string') return [[prefix, value]];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => strings(v, prefix ? `${prefix}.${k}` : k));
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * @param {{ keep: string[], terms: Record<string, { words: Record<string, string>, not?: Record<string, string[]> }> }} termBase
 * @param {Record<string, Record<string, unknown>>} files by name (`locales`, `content`), then language code: parsed JSON
 * @param {Record<string, { term: string }>} glossaryEn the English glossary (ids every language must have a word for)
 * @param {Record<string, Record<string, { term: string }>>} glossaries each language's glossary
 */
export function checkTerms(termBase, files, glossaryEn, glossaries) {
  const problems = [];
  for (const [name, byCode] of Object.entries(files)) {
    const en = new Map(strings(byCode.en));
    for (const [code, text] of Object.entries(byCode)) {
      if (code === 'en') continue;
      for (const [key, value] of strings(text)) {
        for (const term of termBase.keep) {
          // a whole Latin word: Tigrinya and Arabic join their prefixes to it (ንPA, والـPA)
          const kept = new RegExp(`(^|[^A-Za-z])${escape(term)}($|[^A-Za-z])`);
          if (kept.test(en.get(key) ?? '') && !kept.test(value))
            problems.push(`${name} ${code} ${key}: "${term}" stays ${term} (the term base keeps it), not translated`);
        }
        for (const [id, { not = {} }] of Object.entries(termBase.terms)) {
          for (const variant of not[code] ?? []) {
            if (value.includes(variant))
              problems.push(
                `${name} ${code} ${key}: "${variant}" is not the agreed word for ${id} (use "${termBase.terms[id].words[code] ?? '?'}")`,
              );
          }
        }
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
