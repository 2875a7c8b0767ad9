/**
 * The pack as items: the unit that is edited, drafted, compared and permitted. A key names one item:
 * - `manifest`, `schemes`, `housingPolicy`, `eligibility`: a whole part;
 * - `entitlements.<id>`, `contacts.<id>`, `districts.<code>`, `responseTemplates.<id>`: one element of a
 *   list (by its id or code);
 * - `text.<locale>.<section>.<id>`: the words of one thing in one language (`text.ar.entitlements.pip`);
 * - `text.<locale>.<field>`: a language's other words (`text.ar.urgentHelp`, `text.ar.status`).
 */
import { createHash } from 'node:crypto';
import type { PackDocument } from '#contract';
import { isObject } from '#contract/is-object';
import { isPackList, PACK_LISTS, type PackList } from '#contract/pack-lists';
import type { Staff } from '../auth/access';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Doc = Record<string, Json>;

const WHOLE = ['manifest', 'schemes', 'housingPolicy', 'eligibility'] as const;
const TEXT_SECTIONS = [
  'themes',
  'entitlements',
  'districts',
  'categories',
  'contacts',
  'accommodationTypes',
  'glossary',
  'councils',
  'responseTemplates',
];
const KEY = /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+){0,3}$/;

type Place =
  | { kind: 'whole'; part: string }
  | { kind: 'list'; part: PackList; id: string }
  | { kind: 'text'; locale: string; field: string; id?: string };

/** Where a key points, or null for a key that cannot name an item. */
export function placeOf(key: string): Place | null {
  if (key.length > 200 || !KEY.test(key)) return null;
  const [part, a, b, c, ...rest] = key.split('.');
  if (rest.length) return null;
  if ((WHOLE as readonly string[]).includes(part!) && a === undefined) return { kind: 'whole', part: part! };
  if (isPackList(part!) && a !== undefined && b === undefined) return { kind: 'list', part: part, id: a };
  if (part === 'text' && a !== undefined && b !== undefined) {
    if (TEXT_SECTIONS.includes(b)) return c === undefined ? null : { kind: 'text', locale: a, field: b, id: c };
    return c === undefined ? { kind: 'text', locale: a, field: b } : null;
  }
  return null;
}

/** The item's value in `pack`, or undefined when the pack has no such item. */
export function getItem(pack: PackDocument, key: string): Json | undefined {
  const place = placeOf(key);
  const doc = pack as unknown as Doc;
  if (!place) return undefined;
  if (place.kind === 'whole') return doc[place.part];
  if (place.kind === 'list') {
    const list = (doc[place.part] as Doc[] | undefined) ?? [];
    return list.find((e) => e[PACK_LISTS[place.part]] === place.id);
  }
  const text = (doc.text as Doc)[place.locale];
  if (!isObject<Json>(text)) return undefined;
  const field = text[place.field];
  if (place.id === undefined) return field;
  return isObject<Json>(field) && Object.hasOwn(field, place.id) ? field[place.id] : undefined;
}

/** A copy of `pack` with the item set to `value` (null or undefined: removed). */
export const withItem = (pack: PackDocument, key: string, value: Json | undefined): PackDocument =>
  setItem(structuredClone(pack), key, value);

/** Sets the item in `pack` itself (a copy made once for many items), and returns it. */
export function setItem(pack: PackDocument, key: string, value: Json | undefined): PackDocument {
  const place = placeOf(key);
  if (!place) throw new Error(`not an item key: ${key}`);
  const doc = pack as unknown as Doc;
  const gone = value === null || value === undefined;
  if (place.kind === 'whole') {
    if (gone) delete doc[place.part];
    else doc[place.part] = value;
  } else if (place.kind === 'list') {
    const idField = PACK_LISTS[place.part];
    const list = (doc[place.part] ??= []) as Doc[];
    const at = list.findIndex((e) => e[idField] === place.id);
    if (gone) {
      if (at >= 0) list.splice(at, 1);
    } else if (at >= 0) list[at] = value as Doc;
    else list.push(value as Doc);
  } else {
    const texts = doc.text as Doc;
    const text = (texts[place.locale] ??= {}) as Doc;
    if (place.id === undefined) {
      if (gone) delete text[place.field];
      else text[place.field] = value;
    } else {
      const section = (text[place.field] ??= {}) as Doc;
      if (gone) delete section[place.id];
      else section[place.id] = value;
    }
  }
  return doc as unknown as PackDocument;
}

/** Every item key of `pack`. */
export function itemKeys(pack: PackDocument): string[] {
  const doc = pack as unknown as Doc;
  const keys: string[] = WHOLE.filter((part) => doc[part] !== undefined);
  for (const [part, idField] of Object.entries(PACK_LISTS)) {
    for (const e of (doc[part] as Doc[] | undefined) ?? []) keys.push(`${part}.${String(e[idField])}`);
  }
  for (const [locale, text] of Object.entries((doc.text as Doc | undefined) ?? {})) {
    for (const [field, value] of Object.entries(text as Doc)) {
      if (TEXT_SECTIONS.includes(field) && isObject<Json>(value))
        for (const id of Object.keys(value)) keys.push(`text.${locale}.${field}.${id}`);
      else keys.push(`text.${locale}.${field}`);
    }
  }
  return keys.filter((key) => placeOf(key) !== null);
}

/** JSON with object keys sorted: equal values give equal text whatever the key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    isObject<Json>(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

/** The ETag of an item's value (of no item: the ETag an item not yet there is saved against). */
export const etagOf = (value: unknown) =>
  `"${createHash('sha256').update(canonical(value)).digest('base64url').slice(0, 22)}"`;

export const sameValue = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** Keys whose value differs between two packs (added, changed or removed). */
export function changedKeys(from: PackDocument, to: PackDocument): string[] {
  const keys = new Set([...itemKeys(from), ...itemKeys(to)]);
  return [...keys].filter((key) => !sameValue(getItem(from, key), getItem(to, key)));
}

/**
 * Editors (and admins) change any item; a translator only the words of the languages they hold. English
 * is the source text, so it is an editor's.
 */
export function mayEditItem(staff: Pick<Staff, 'role' | 'languages'>, key: string): boolean {
  if (staff.role === 'editor' || staff.role === 'admin') return true;
  if (staff.role !== 'translator') return false;
  const place = placeOf(key);
  return place?.kind === 'text' && place.locale !== 'en' && (staff.languages ?? []).includes(place.locale);
}

export type { Json };
