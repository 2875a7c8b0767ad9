/**
 * Keeps numbers in their own order inside right-to-left text. A phone number such as "03000 41 91 91" is
 * digit groups with spaces between: in Arabic, Dari, Pashto or Sorani text the browser would lay the groups
 * out right to left ("91 91 41 03000"). Wrapped in LEFT-TO-RIGHT ISOLATE … POP DIRECTIONAL ISOLATE, the
 * number reads as in English and cannot move the words around it. For strings passed into translated
 * messages (`t('report.help.call', { phone: ltr(phone) })`); in markup, `<bdi dir="ltr">` does the same.
 */
const LRI = '\u2066';
const FSI = '\u2068';
const PDI = '\u2069';

/** A phone number, tracking code, postcode or amount: always left to right. */
export const ltr = (text: string): string => `${LRI}${text}${PDI}`;

/** A formatted date or name: its own direction, without reordering the sentence around it. */
export const isolate = (text: string): string => `${FSI}${text}${PDI}`;

/** The number to dial, for a `tel:` link. */
export const telHref = (phone: string): string => `tel:${phone.replace(/\s/g, '')}`;
