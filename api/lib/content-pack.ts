/**
 * The pack shipped in content/kent/ (version 1 of the database's versions) and the checks a pack passes:
 * the build's zod schemas (api/contract/content.ts, eligibility.ts) for a draft; for publishing, also a
 * source and a last-checked date on every fact, and the words of every entitlement in every language.
 */
import type { z } from 'zod';
import { fieldsProblem, PackDocument } from '#contract';
import { isObject } from '#contract/is-object';
import { unknownMessages } from './rule-messages';
import contacts from '#content/kent/contacts.json';
import districts from '#content/kent/districts.json';
import eligibility from '#content/kent/eligibility.json';
import entitlements from '#content/kent/entitlements.json';
import housingPolicy from '#content/kent/housing-policy.json';
import manifest from '#content/kent/pack.json';
import templatesFile from '#content/kent/response-templates.json';
import schemes from '#content/kent/schemes.json';
import ar from '#content/kent/text/ar.json';
import ckb from '#content/kent/text/ckb.json';
import en from '#content/kent/text/en.json';
import faAF from '#content/kent/text/fa-AF.json';
import ps from '#content/kent/text/ps.json';
import sq from '#content/kent/text/sq.json';
import ti from '#content/kent/text/ti.json';
import vi from '#content/kent/text/vi.json';

/**
 * `pack` with the shipped response templates when it has none (a version stored before templates were
 * part of the pack): their fields as `responseTemplates`, their words in each language's text. A pack that
 * has them is returned as it is.
 */
export function withShippedTemplates(pack: PackDocument): PackDocument {
  if (pack.responseTemplates) return pack;
  const file = templatesFile as { templates: { id: string; fields: string[]; text: Record<string, unknown> }[] };
  const filled = structuredClone(pack) as unknown as {
    responseTemplates: { id: string; fields: string[] }[];
    text: Record<string, Record<string, unknown> | undefined>;
  };
  filled.responseTemplates = file.templates.map(({ id, fields }) => ({ id, fields }));
  for (const [locale, text] of Object.entries(filled.text)) {
    if (!text) continue;
    const words = file.templates.filter((t) => t.text[locale]).map((t) => [t.id, t.text[locale]]);
    text.responseTemplates = { ...Object.fromEntries(words), ...(text.responseTemplates as object | undefined) };
  }
  return filled as unknown as PackDocument;
}

/** The shipped files as one document (not parsed: the database keeps them as written). */
export const shippedPack = withShippedTemplates({
  manifest,
  entitlements,
  districts,
  schemes,
  contacts,
  housingPolicy,
  eligibility,
  text: { en, ar, ti, ckb, vi, ps, 'fa-AF': faAF, sq },
} as unknown as PackDocument);

export type PackProblems = Record<string, string>;

/** A problem with a fact's source or last-checked date. */
const isSourcing = (issue: z.core.$ZodIssue) => issue.path.some((p) => p === 'source' || p === 'lastChecked');
/**
 * A fact's source and last-checked date may be missing in a draft (while someone finds them), never in a
 * published version; one that is there but wrong (a web address that is not one) is refused at once, when the
 * editor can still see what they typed.
 */
const isMissingSource = (issue: z.core.$ZodIssue) => isSourcing(issue) && issue.code === 'invalid_type';

/** The id fields of the pack's lists: a problem in `contacts.3.phone` is named `contacts.<its id>.phone`. */
const LIST_IDS: Record<string, string> = {
  entitlements: 'id',
  contacts: 'id',
  districts: 'code',
  responseTemplates: 'id',
};

/**
 * A problem's path with a list element named by its id, as the element's item key names it, so the studio
 * can put the problem beside the field of the item the editor saved (an index says nothing to a person).
 * Lists deeper in an item whose elements have ids are named the same way (a rule's routes:
 * `eligibility.entitlements.council_tax.routes.kcc_pays.gives`); elements without one keep their index.
 */
function pathOf(pack: unknown, path: PropertyKey[]): string {
  const named: string[] = [];
  let at: unknown = pack;
  for (const step of path) {
    const element = Array.isArray(at) && typeof step === 'number' ? (at[step] as unknown) : undefined;
    const idField = named.length === 1 ? LIST_IDS[named[0]!] : 'id';
    const id = isObject(element) && idField ? element[idField] : undefined;
    named.push(typeof id === 'string' ? id : String(step));
    at = isObject(at) || Array.isArray(at) ? (at as Record<PropertyKey, unknown>)[step] : undefined;
  }
  return named.join('.');
}

const problemsOf = (pack: unknown, issues: z.core.$ZodIssue[]): PackProblems => {
  const out: PackProblems = {};
  for (const issue of issues) out[issue.path.length ? pathOf(pack, issue.path) : '(pack)'] ??= issue.message;
  return out;
};

/** Problems that stop a pack being kept as a draft (empty: none). */
export function draftProblems(pack: unknown): PackProblems {
  const parsed = PackDocument.safeParse(pack);
  const problems = parsed.success
    ? {}
    : problemsOf(
        pack,
        parsed.error.issues.filter((issue) => !isMissingSource(issue)),
      );
  return { ...unknownMessages(pack), ...problems };
}

/** Problems that stop a pack being published, and whether some are facts without a source. */
export function publishProblems(pack: unknown): { problems: PackProblems; unsourced: boolean } {
  const parsed = PackDocument.safeParse(pack);
  if (!parsed.success) {
    return { problems: problemsOf(pack, parsed.error.issues), unsourced: parsed.error.issues.some(isSourcing) };
  }
  const doc = parsed.data;
  const problems: PackProblems = {};
  for (const locale of doc.manifest.locales) {
    const text = doc.text[locale];
    if (!text) {
      problems[`text.${locale}`] = 'every language of the pack needs its words';
      continue;
    }
    if (text.locale !== locale) problems[`text.${locale}.locale`] = `must be ${locale}`;
    for (const e of doc.entitlements) {
      if (!text.entitlements[e.id])
        problems[`text.${locale}.entitlements.${e.id}`] = 'every entitlement needs its words in every language';
    }
    // the phone shows a template in English when its language lacks it; staff write from the English
    for (const t of doc.responseTemplates ?? []) {
      const words = text.responseTemplates?.[t.id];
      const problem = words ? fieldsProblem(t.fields, words.text) : locale === 'en' && 'needs its English words';
      if (problem) problems[`text.${locale}.responseTemplates.${t.id}${words ? '.text' : ''}`] = problem;
    }
  }
  return { problems, unsourced: false };
}
