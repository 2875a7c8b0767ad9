/**
 * One condition of a route against one person: holds (`yes`), does not (`no`, with the deciding reason),
 * or cannot tell from the answers (`unknown`). `hard` unknowns (age, council, where they live, home,
 * parent, learning) make a route "ask your PA"; the others (care-leaver category, what a status allows)
 * "you might get this".
 */
import type { Capability, Category, Conditions } from '../contract/eligibility';
import type { Answers } from './answers';

export interface Message {
  /** Full i18n key: `check.reason.*` or `check.step.*` in locales/. */
  key: string;
  values: Record<string, string | number>;
}

export const reason = (key: string, values: Record<string, string | number> = {}): Message => ({
  key: `check.reason.${key}`,
  values,
});
export const stepMsg = (key: string, values: Record<string, string | number> = {}): Message => ({
  key: `check.step.${key}`,
  values,
});

export type Check =
  { state: 'yes'; note?: Message } | { state: 'no'; why: Message } | { state: 'unknown'; why: Message; hard: boolean };

export interface Person {
  answers: Answers;
  age: number | null;
  /** Today is in the calendar month of the birthday on which the person turned `age`. */
  birthdayMonth: boolean;
  /** The categories the person may be in; null = not known. Empty = not a care leaver. */
  categories: ReadonlySet<Category> | null;
  /** Council id of the pack, "other", or null (not known). */
  council: string | null;
  area: { code: string; kind: string; council: string | null } | null;
  /** What the person's immigration status allows; null = not known. */
  status: Partial<Record<Capability, 'yes' | 'no' | 'check'>> | null;
}

type Key = keyof Conditions;

const fromAnswer = (
  field: 'home' | 'parent' | 'education' | 'immigration',
  value: string | undefined,
  wanted: readonly string[],
): Check => {
  if (value === undefined || value === 'not_sure' || value === 'prefer_not_to_say') {
    return {
      state: 'unknown',
      why: reason(value === 'prefer_not_to_say' ? 'prefer_not_to_say' : 'answer_unknown'),
      hard: true,
    };
  }
  return wanted.includes(value) ? { state: 'yes' } : { state: 'no', why: reason(`${field}_not_for_you`) };
};

const CHECKS: { [K in Key]-?: (c: NonNullable<Conditions[K]>, p: Person, all: Conditions) => Check } = {
  age(age, p) {
    if (p.age === null) return { state: 'unknown', why: reason('age_unknown'), hard: true };
    if (age.from !== undefined && p.age < age.from)
      return { state: 'no', why: reason('too_young', { from: age.from }) };
    if (age.to !== undefined && p.age > age.to) {
      if (age.toBirthdayMonth && p.age === age.to + 1 && p.birthdayMonth)
        return { state: 'yes', note: reason('birthday_month', { until: age.to + 1 }) };
      return { state: 'no', why: reason('too_old', { until: age.to + 1 }) };
    }
    return { state: 'yes' };
  },
  categories(wanted, p, all) {
    if (p.categories === null) return { state: 'unknown', why: reason('care_leaver_not_sure'), hard: false };
    if (p.categories.size === 0) return { state: 'no', why: reason('not_care_leaver') };
    const mine = [...p.categories];
    if (mine.every((c) => wanted.includes(c))) return { state: 'yes' };
    if (mine.some((c) => wanted.includes(c) || all.askCategories?.includes(c))) {
      return {
        state: 'unknown',
        why: reason(p.categories.has('qualifying') ? 'qualifying_ask' : 'care_leaver_not_sure'),
        hard: false,
      };
    }
    return {
      state: 'no',
      why: reason(p.categories.has('qualifying') ? 'qualifying_not_included' : 'category_not_included'),
    };
  },
  // read together with `categories`
  askCategories: () => ({ state: 'yes' }),
  lookedAfterBy(councils, p) {
    if (p.council === null) return { state: 'unknown', why: reason('which_council_unknown'), hard: true };
    return councils.includes(p.council)
      ? { state: 'yes' }
      : { state: 'no', why: reason('council_only', { council: councils[0]! }) };
  },
  livesIn(where, p) {
    if (!p.area) return { state: 'unknown', why: reason('district_unknown'), hard: true };
    const a = p.area;
    const ok =
      (where.areas?.includes(a.code) ?? false) ||
      (a.council !== null && (where.councils?.includes(a.council) ?? false)) ||
      (where.kinds?.includes(a.kind as 'district') ?? false);
    return ok ? { state: 'yes' } : { state: 'no', why: reason('lives_elsewhere', { district: a.code }) };
  },
  status(capabilities, p) {
    if (p.status === null) {
      const skipped = p.answers.immigration === 'prefer_not_to_say';
      return { state: 'unknown', why: reason(skipped ? 'prefer_not_to_say' : 'status_unknown'), hard: false };
    }
    for (const c of capabilities) if (p.status[c] === 'no') return { state: 'no', why: reason(`status_${c}_no`) };
    for (const c of capabilities)
      if (p.status[c] !== 'yes') return { state: 'unknown', why: reason(`status_${c}_check`), hard: false };
    return { state: 'yes' };
  },
  immigration: (wanted, p) => fromAnswer('immigration', p.answers.immigration, wanted),
  home: (wanted, p) => fromAnswer('home', p.answers.tenancy, wanted),
  parent: (wanted, p) => fromAnswer('parent', p.answers.parent, wanted),
  education: (wanted, p) => fromAnswer('education', p.answers.education, wanted),
};

/** Every condition checked, in the order written. */
export function checkAll(conditions: Conditions, person: Person): Check[] {
  return (Object.keys(conditions) as Key[]).map((key) =>
    (CHECKS[key] as (c: unknown, p: Person, all: Conditions) => Check)(conditions[key], person, conditions),
  );
}
