/**
 * What a phone downloads to move from one published version to another: the items that differ, and of
 * the words only those of the languages it uses, so a change to one entitlement's English costs one
 * item, not a pack in eight languages.
 */
import type { ContentChanges, PackDocument } from '#contract';
import { changedKeys, getItem, placeOf } from './content-items';

export function changesForPhone(
  from: PackDocument,
  to: PackDocument,
  range: { since: number; version: number; locales: string[] },
): ContentChanges {
  const wanted = (key: string) => {
    const place = placeOf(key);
    return place?.kind !== 'text' || range.locales.includes(place.locale);
  };
  const items = changedKeys(from, to)
    .filter(wanted)
    .map((key) => ({ key, value: getItem(to, key) ?? null }));
  return { version: range.version, since: range.since, locales: range.locales, items };
}
