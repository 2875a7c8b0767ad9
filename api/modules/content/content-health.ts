/**
 * The content-health page's view of a pack: every fact (any object of the pack's facts, rules or policy
 * with a `source` and a `lastChecked`), whether its last check is older than the admin's period, whether it
 * is unverified, and per language the entitlements without words or with words not reviewed. A fact is
 * named by the item it lives in and the path inside it, the way the studio saves it.
 */
import type { HealthFact, HealthLanguage, LinkCheck, PackDocument } from '#contract';
import { isObject } from '#contract/is-object';
import { getItem, itemKeys, placeOf, type Json } from './content-items';

type Doc = { [key: string]: Json };

/** A fact: it says where it comes from and when someone last looked. */
export interface FactObject extends Doc {
  source: { url: string; title: string } & Doc;
  lastChecked: string;
}
const isFact = (v: unknown): v is FactObject =>
  isObject<Json>(v) &&
  isObject<Json>(v.source) &&
  typeof v.source.url === 'string' &&
  typeof v.lastChecked === 'string';

/** A list element's name in a path: its id or code, else its place (the same names the field diff uses). */
const nameOf = (v: Json, i: number) =>
  isObject<Json>(v) && typeof (v.id ?? v.code) === 'string' ? String(v.id ?? v.code) : String(i);

/** Every fact inside `value`, with its path. */
export function factsIn(value: Json | undefined, path: string[] = []): { path: string[]; fact: FactObject }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => factsIn(v, [...path, nameOf(v, i)]));
  if (!isObject<Json>(value)) return [];
  const here = isFact(value) ? [{ path, fact: value }] : [];
  return [...here, ...Object.entries(value).flatMap(([k, v]) => (k === 'source' ? [] : factsIn(v, [...path, k])))];
}

/** The object at `path` inside `value` (list elements by name), or undefined. */
export function atPath(value: Json | undefined, path: readonly string[]): Json | undefined {
  let here = value;
  for (const step of path) {
    if (Array.isArray(here)) here = here.find((v, i) => nameOf(v, i) === step);
    else if (isObject<Json>(here) && Object.hasOwn(here, step)) here = here[step];
    else return undefined;
  }
  return here;
}

/** Item keys that hold facts: every item but the words (and the manifest, which has none). */
export const factKeys = (pack: PackDocument) =>
  itemKeys(pack).filter((key) => placeOf(key)?.kind !== 'text' && key !== 'manifest');

/** The day `months` months before `today` (YYYY-MM-DD); facts last checked before it are stale. */
export function checkedBefore(today: Date, months: number): string {
  const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - months, today.getUTCDate()));
  // 31 August minus 6 months is 3 March in Date arithmetic: stop at the month's last day instead
  if (d.getUTCDate() !== today.getUTCDate()) d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

function labelOf(pack: PackDocument, key: string, path: string[]): string {
  const en = pack.text.en;
  const place = placeOf(key);
  let name: string | undefined;
  if (place?.kind === 'list' && place.part === 'entitlements') name = en?.entitlements[place.id]?.title;
  else if (place?.kind === 'list' && place.part === 'contacts') name = en?.contacts[place.id]?.name;
  else if (place?.kind === 'list' && place.part === 'districts')
    name = en?.districts[place.id as keyof NonNullable<typeof en>['districts']]?.name;
  const where = path.length ? ` › ${path.join(' › ')}` : '';
  return `${name ?? key}${where}`;
}

export function healthFacts(pack: PackDocument, before: string, links: ReadonlyMap<string, LinkCheck>): HealthFact[] {
  return factKeys(pack).flatMap((key) =>
    factsIn(getItem(pack, key)).map(({ path, fact }) => ({
      key,
      path,
      label: labelOf(pack, key, path),
      sourceTitle: fact.source.title,
      sourceUrl: fact.source.url,
      lastChecked: fact.lastChecked,
      stale: fact.lastChecked < before,
      unverified: fact.verified === false || fact.currentVerified === false,
      link: links.get(fact.source.url) ?? null,
    })),
  );
}

/** Every source link of the pack's facts, once each (the main source and any others). */
export function sourceUrls(pack: PackDocument): string[] {
  const urls = new Set<string>();
  for (const key of factKeys(pack)) {
    for (const { fact } of factsIn(getItem(pack, key))) {
      urls.add(fact.source.url);
      const more = fact.moreSources;
      if (Array.isArray(more))
        for (const s of more) if (isObject<Json>(s) && typeof s.url === 'string') urls.add(s.url);
    }
  }
  return [...urls];
}

export function healthLanguages(pack: PackDocument): HealthLanguage[] {
  const texts = pack.text as Record<string, PackDocument['text']['en']>;
  return (pack.manifest.locales as string[]).map((locale) => {
    const words = texts[locale]?.entitlements ?? {};
    const ids = pack.entitlements.map((e) => e.id);
    return {
      locale,
      untranslated: ids.filter((id) => !words[id]),
      unreviewed: ids.filter((id) => words[id] && words[id].status !== 'reviewed'),
    };
  });
}
