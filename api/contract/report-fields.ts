/**
 * The plain limits, choices and patterns of the report's fields (emails, phone numbers, names), with no zod: the
 * contract's schemas are built on them, and the young person's phone checks a form with the very same
 * values without downloading zod. No Hono, DB, Vue or zod imports here.
 */

/** An email address as the app accepts it: something@something.something, no spaces. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const EMAIL_MAX = 254;

/** UK-style phone number: digits, spaces, +, brackets and dashes; 7 to 15 digits. */
export const PHONE_PATTERN = /^\+?[0-9 ()-]{7,24}$/;
export const PHONE_DIGITS_MIN = 7;
export const PHONE_DIGITS_MAX = 15;

export function isPhoneNumber(value: string): boolean {
  const digits = value.replace(/\D/g, '').length;
  return PHONE_PATTERN.test(value) && digits >= PHONE_DIGITS_MIN && digits <= PHONE_DIGITS_MAX;
}

/** A person's name: the PA's, or the young person's first name. */
export const NAME_MAX = 80;
/** The phone number or email given as the way to get back to the young person. */
export const CONTACT_VALUE_MAX = 200;

export const DESCRIPTION_MAX = 2000;
export const PROVIDER_MAX = 120;
/** The optional flat or house number and street (private: staff with the role only). */
export const ADDRESS_MAX = 200;
export const CATEGORIES_MAX = 5;
export const PHOTOS_MAX = 3;

/** The limits above by the name of the field they hold back, for a form that counts what is left. */
export const FIELD_LIMITS = {
  categories: CATEGORIES_MAX,
  description: DESCRIPTION_MAX,
  provider: PROVIDER_MAX,
  photos: PHOTOS_MAX,
  contactValue: CONTACT_VALUE_MAX,
  address: ADDRESS_MAX,
  name: NAME_MAX,
  email: EMAIL_MAX,
} as const;

export const ACCOMMODATION_TYPES = [
  'supported',
  'shared_house',
  'private_rented',
  'social_housing',
  'temporary',
  'other',
] as const;
export const CONTACT_METHODS = ['pa', 'phone', 'email', 'none'] as const;
