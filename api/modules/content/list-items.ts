/**
 * Adding and removing one element of the pack's lists that editors grow and shrink: a contact (its facts
 * in `contacts`, its words in each language's `contacts`) and a glossary word (its words in each
 * language's `glossary`). An element is removed with its words in every language, and never while
 * something else still names it: a page showing the contact, or a word every language must explain.
 */
import type { ListItemKind, PackDocument } from '#contract';
import { Locale, REQUIRED_GLOSSARY_TERMS } from '#contract/content';
import { SnakeId } from '#contract/content-fields';
import { ApiError } from '../../lib/errors';
import { getItem, placeOf } from './content-items';

export interface ListItem {
  kind: ListItemKind;
  id: string;
  /** the item's own key: its facts (a contact) or its English words (a glossary word) */
  key: string;
}

const keyOf = (kind: ListItemKind, id: string) => (kind === 'contact' ? `contacts.${id}` : `text.en.glossary.${id}`);

/** The list element a key names (a glossary word's words in any language name the word), or null. */
export function listItemOf(key: string): ListItem | null {
  const place = placeOf(key);
  if (place?.kind === 'list' && place.part === 'contacts') return { kind: 'contact', id: place.id, key };
  if (place?.kind === 'text' && place.field === 'glossary' && place.id)
    return { kind: 'glossary', id: place.id, key: keyOf('glossary', place.id) };
  return null;
}

/** A new element's key, once its id is one an element of its kind may have and no element has yet. */
export function newListItem(draft: PackDocument, kind: ListItemKind, id: string): ListItem {
  if (!SnakeId.safeParse(id).success)
    throw new ApiError(400, 'invalid', 'The id needs small letters, numbers and _ only, starting with a letter.', {
      id: 'use snake_case',
    });
  const key = keyOf(kind, id);
  if (getItem(draft, key) !== undefined)
    throw new ApiError(409, 'already_exists', 'Another item already has this id. Choose another.', {
      id: 'already used',
    });
  return { kind, id, key };
}

/** Every key the element is kept under: its facts (if any) and its words in each language that has them. */
export function keysOfListItem(draft: PackDocument, item: ListItem): string[] {
  const section = item.kind === 'contact' ? 'contacts' : 'glossary';
  const words = Object.keys(draft.text).map((locale) => `text.${locale}.${section}.${item.id}`);
  return [...(item.kind === 'contact' ? [item.key] : []), ...words].filter((k) => getItem(draft, k) !== undefined);
}

/**
 * Whether `key` is one the element is kept under: its facts (a contact) or its words in one of the pack's
 * languages. Undoing a removal puts back only such keys, so it cannot change anything else in the draft.
 */
export function isKeyOfListItem(item: ListItem, key: string): boolean {
  if (key === item.key) return true;
  const place = placeOf(key);
  const section = item.kind === 'contact' ? 'contacts' : 'glossary';
  return (
    place?.kind === 'text' && place.field === section && place.id === item.id && Locale.safeParse(place.locale).success
  );
}

/** Refuses (409) to remove an element that the draft still names elsewhere, saying where. */
export function refuseStillUsed(draft: PackDocument, item: ListItem): void {
  if (item.kind === 'glossary') {
    if ((REQUIRED_GLOSSARY_TERMS as readonly string[]).includes(item.id))
      throw new ApiError(
        409,
        'required_item',
        'Every language must explain this word, so it cannot be removed. Change its words instead.',
        { [item.key]: 'every language must explain this word' },
      );
    return;
  }
  const users = draft.entitlements.filter((e) => e.contactIds?.includes(item.id));
  if (!users.length) return;
  const titles = users.map((e) => draft.text.en?.entitlements[e.id]?.title ?? e.id);
  throw new ApiError(
    409,
    'still_used',
    `Pages still show this contact: ${titles.join('; ')}. Take it off those pages first.`,
    Object.fromEntries(users.map((e) => [`entitlements.${e.id}.contactIds`, `still shows ${item.id}`])),
  );
}
