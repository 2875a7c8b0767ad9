/**
 * The content pack's lists whose elements are items of their own, each with the field that names an element
 * (`districts.E07000112` is the district whose `code` is E07000112). The server reads and writes items by
 * it; the studio's rules form reads from it which steps of a fact's path name the item the fact is kept in.
 * Zod-free, so the studio's form code imports it without the schemas.
 */
export const PACK_LISTS = { entitlements: 'id', contacts: 'id', districts: 'code', responseTemplates: 'id' } as const;
export type PackList = keyof typeof PACK_LISTS;

/** Is `part` one of the lists (its own key only: `constructor` or `toString` name no list)? */
export const isPackList = (part: string): part is PackList => Object.hasOwn(PACK_LISTS, part);
