/**
 * What a young person can answer in "What can I get?", and how stored answers are read back.
 * Plain constants (no zod): the web app bundles this file; the pack's rules name these values.
 * Which council looked after someone is a council id from the pack (`rules.councils`), "other" or "not_sure".
 */

/**
 * Were you in care …?
 * - `yes_13_weeks`: 13 weeks or more after the 14th birthday, including some time after the 16th
 *   (eligible, relevant or former relevant, by age).
 * - `qualifying`: in care after the 16th birthday, but not for 13 weeks (for example came into care within
 *   13 weeks of turning 18): a qualifying care leaver.
 */
export const LOOKED_AFTER = ['yes_13_weeks', 'qualifying', 'no', 'not_sure'] as const;
export const EDUCATION = [
  'school_college',
  'university',
  'apprenticeship',
  'training',
  'work',
  'none',
  'not_sure',
  'prefer_not_to_say',
] as const;
export const TENANCY = [
  'foster_carers',
  'supported',
  'private_rented',
  'social_housing',
  'family_friends',
  'temporary',
  'no_home',
  'custody',
  'other',
  'not_sure',
  'prefer_not_to_say',
] as const;
export const PARENT = ['yes', 'expecting', 'no', 'not_sure', 'prefer_not_to_say'] as const;
export const IMMIGRATION = [
  'british_irish',
  'eu_settled',
  'refugee',
  'other_leave',
  'asylum_pending',
  'refused_appealing',
  'refused_no_appeal',
  'nrpf',
  'not_sure',
  'prefer_not_to_say',
] as const;
/** Answers to "which council looked after you" that are not a council of the pack. */
export const OTHER_COUNCIL = 'other';

export type LookedAfter = (typeof LOOKED_AFTER)[number];
export type Education = (typeof EDUCATION)[number];
export type Tenancy = (typeof TENANCY)[number];
export type Parent = (typeof PARENT)[number];
export type Immigration = (typeof IMMIGRATION)[number];
export type DistrictAnswer = string;

/** What the young person told us. Every field may be missing (skipped). Kept on the device only. */
export interface Answers {
  age?: number | 'not_sure';
  /** `YYYY-MM-DD`; when given it wins over `age`. */
  dateOfBirth?: string;
  lookedAfter?: LookedAfter;
  /** A council id of the pack, `other` or `not_sure`. */
  lookedAfterBy?: string;
  /** An area code of the pack, or `not_sure`. */
  district?: DistrictAnswer;
  education?: Education;
  tenancy?: Tenancy;
  parent?: Parent;
  immigration?: Immigration;
}

/** Ages the questionnaire offers as buttons; "15" means "15 or younger" and "26" "26 or older". */
export const AGE_MIN = 15;
export const AGE_MAX = 26;

export const isoParts = (value: string | Date): [number, number, number] | null => {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : [value.getFullYear(), value.getMonth() + 1, value.getDate()];
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return [y, mo, d];
};

/** Whole years between a date of birth and today (a 29 February birthday counts from 1 March). */
export function ageOn(dateOfBirth: string, today: string | Date): number | null {
  const born = isoParts(dateOfBirth);
  const now = isoParts(today);
  if (!born || !now) return null;
  let age = now[0] - born[0];
  if (now[1] < born[1] || (now[1] === born[1] && now[2] < born[2])) age -= 1;
  return age >= 0 && age <= 120 ? age : null;
}

const oneOf = <T extends string>(list: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (list as readonly string[]).includes(value) ? (value as T) : undefined;

/** Answers saved by an earlier version of the questions, read as today's nearest answer. */
const RENAMED: Record<string, string> = { settled_or_leave: 'other_leave' };

/**
 * Answers read back from storage (or a shared link): anything unknown or malformed is dropped, so a
 * stale or edited value can never reach `evaluate` as something it is not.
 */
export function sanitizeAnswers(
  value: unknown,
  districtCodes: readonly string[],
  councilIds: readonly string[] = [],
): Answers {
  if (typeof value !== 'object' || value === null) return {};
  const v = value as Record<string, unknown>;
  const out: Answers = {};
  if (v.age === 'not_sure') out.age = 'not_sure';
  else if (typeof v.age === 'number' && Number.isInteger(v.age) && v.age >= 0 && v.age <= 120) out.age = v.age;
  if (typeof v.dateOfBirth === 'string' && isoParts(v.dateOfBirth)) out.dateOfBirth = v.dateOfBirth;
  const lookedAfter = oneOf(LOOKED_AFTER, v.lookedAfter);
  if (lookedAfter) out.lookedAfter = lookedAfter;
  const by = oneOf([...councilIds, OTHER_COUNCIL, 'not_sure'], v.lookedAfterBy);
  if (by) out.lookedAfterBy = by;
  if (v.district === 'not_sure' || (typeof v.district === 'string' && districtCodes.includes(v.district)))
    out.district = v.district;
  const education = oneOf(EDUCATION, v.education);
  if (education) out.education = education;
  const tenancy = oneOf(TENANCY, v.tenancy);
  if (tenancy) out.tenancy = tenancy;
  const parent = oneOf(PARENT, v.parent);
  if (parent) out.parent = parent;
  const immigration = oneOf(
    IMMIGRATION,
    typeof v.immigration === 'string' ? (RENAMED[v.immigration] ?? v.immigration) : undefined,
  );
  if (immigration) out.immigration = immigration;
  return out;
}
