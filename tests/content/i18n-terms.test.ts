// The term base check of `npm run i18n:check` and the studio's editor (locales/term-check.mjs): it passes on
// the shipped words, and fails on a planted forbidden variant, a translated "keep" term, and a glossary that
// drifts; for one text, it names the field and the agreed words the English uses.
import { describe, expect, it } from 'vitest';
import { agreedTerms, checkTerms, textProblems } from '../../locales/term-check.mjs';
import termBase from '../../content/kent/terms.json';
import pack from '../../content/kent/pack.json';

type Json = Record<string, unknown>;
const ui = import.meta.glob<{ default: Json }>('../../locales/*.json', { eager: true });
const text = import.meta.glob<{ default: Json & { glossary: Record<string, { term: string }> } }>(
  '../../content/kent/text/*.json',
  { eager: true },
);
const codes = pack.locales;

function files() {
  const copy = <T>(value: T): T => structuredClone(value);
  return {
    locales: Object.fromEntries(codes.map((c) => [c, copy(ui[`../../locales/${c}.json`]!.default)])),
    content: Object.fromEntries(codes.map((c) => [c, copy(text[`../../content/kent/text/${c}.json`]!.default)])),
  } as {
    locales: Record<string, Json & { common: Json }>;
    content: Record<string, Json & { glossary: Record<string, { term: string }> }>;
  };
}
const run = (f: ReturnType<typeof files>) =>
  checkTerms(termBase, f, f.content.en!.glossary, Object.fromEntries(codes.map((c) => [c, f.content[c]!.glossary])));

describe('term base', () => {
  it('has every glossary term, and the shipped words follow it', () => {
    expect(run(files())).toEqual([]);
  });

  it('fails on a planted forbidden variant (Arabic guarantor, Tigrinya damp)', () => {
    const f = files();
    (f.locales.ar!.common as Json).back = 'ضامن الإيجار';
    (f.content.ti as Json).askPa = 'PA ርጥበት';
    const problems = run(f);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/locales ar common\.back: "ضامن" is not the agreed word for guarantor/);
    expect(problems[1]).toMatch(/content ti askPa: "ርጥበት" is not the agreed word for damp/);
  });

  it('fails when a "keep" term is translated', () => {
    const f = files();
    const ar = f.content.ar!.askPa as string;
    expect(ar).toContain('PA');
    (f.content.ar as Json).askPa = ar.replaceAll('PA', 'المستشار الشخصي');
    expect(run(f)).toEqual([expect.stringMatching(/^content ar askPa: "PA" stays PA/)]);
  });

  it("fails when a language's glossary drifts from the agreed word", () => {
    const f = files();
    f.content.ar!.glossary.guarantor!.term = 'ضامن';
    expect(run(f).some((p) => /glossary guarantor: "ضامن" is not the agreed word "الكفيل"/.test(p))).toBe(true);
  });

  it("one text, as the studio's editor checks it: the field, the term, and the agreed words its English uses", () => {
    const f = files();
    const english = (f.content.en!.entitlements as Json).council_tax as Json;
    const arabic = structuredClone((f.content.ar!.entitlements as Json).council_tax) as Json & { easyRead: string[] };
    expect(textProblems(termBase, 'ar', english, arabic)).toEqual([]);
    arabic.easyRead[6] = arabic.easyRead[6]!.replace('PA', 'المستشار الشخصي');
    arabic.summary = 'ضامن';
    expect(textProblems(termBase, 'ar', english, arabic)).toEqual([
      { key: 'summary', kind: 'not', term: 'guarantor', variant: 'ضامن', agreed: 'الكفيل' },
      { key: 'easyRead.6', kind: 'keep', term: 'PA' },
    ]);
    const used = agreedTerms(termBase, 'ar', english).map((t) => [t.english, t.agreed]);
    expect(used).toContainEqual(['Council tax', 'ضريبة المجلس']);
    expect(used).toContainEqual(['PA', 'المستشار الشخصي (PA)']);
    expect(used.map(([word]) => word)).not.toContain('Guarantor');
  });
});
