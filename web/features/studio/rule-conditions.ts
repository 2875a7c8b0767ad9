/**
 * The conditions of a way to get something (a route of the rules as data), besides its ages, as form
 * fields: one box to tick per answer the contract allows. The young person's own answers are named in the
 * words of "What can I get?" (the same question's options); councils and areas come from the draft's rules
 * and the districts, so a council or district the pack adds is offered too. No box ticked: any answer.
 */
import { CAPABILITIES, CATEGORIES, type EligibilityRulesInput } from '#contract/eligibility';
import { OTHER_COUNCIL } from '#rules/answers';
import { optionKey, QUESTIONS, type QuestionId } from '../check/check-questions';
import type { FormField } from './item-forms';

/** The kinds of place the rules tell apart where a young person lives (Conditions.livesIn.kinds). */
const PLACE_KINDS = ['district', 'unitary', 'elsewhere', 'outside'] as const;

/** A condition on one of the young person's answers, offered as that question offers them. */
function answered(id: QuestionId, path: string, label: string, choices?: readonly string[]): FormField {
  const question = QUESTIONS.find((q) => q.id === id)!;
  const offered = (choices ?? question.options ?? []).filter((c) => c !== 'not_sure' && c !== 'prefer_not_to_say');
  return { path, kind: 'choices', label, choices: offered, choiceKey: (c) => optionKey(question, c) };
}

const among = (path: string, label: string, choices: readonly string[], keyOf: (c: string) => string): FormField => ({
  path,
  kind: 'choices',
  label,
  choices,
  choiceKey: keyOf,
});

/** A note's own ages (a route's ages have their own boxes, which keep its messages' ages in step). */
export const AGE_FIELDS: FormField[] = [
  { path: 'age.from', kind: 'number', label: 'age_from' },
  { path: 'age.to', kind: 'number', label: 'age_to' },
];

/** The fields of a route's `when`, for the draft's rules and the districts (code → name). */
export function conditionFields(
  rules: EligibilityRulesInput,
  districts: Readonly<Record<string, string>>,
): FormField[] {
  const councils = rules.councils.map((c) => c.id);
  const councilKey = (c: string) => `check.q.looked_after_by.options.${c}`;
  return [
    among('categories', 'cond_categories', CATEGORIES, (c) => `studio.rules.category.${c}`),
    among('askCategories', 'cond_ask_categories', CATEGORIES, (c) => `studio.rules.category.${c}`),
    answered('lookedAfterBy', 'lookedAfterBy', 'cond_looked_after_by', [...councils, OTHER_COUNCIL]),
    {
      path: 'livesIn.areas',
      kind: 'choices',
      label: 'cond_areas',
      choices: Object.keys(districts),
      choiceNames: districts,
    },
    among('livesIn.councils', 'cond_councils', councils, councilKey),
    among('livesIn.kinds', 'cond_kinds', PLACE_KINDS, (c) => `studio.rules.place.${c}`),
    among('status', 'cond_status', CAPABILITIES, (c) => `studio.rules.capability.${c}`),
    answered('immigration', 'immigration', 'cond_immigration'),
    answered('tenancy', 'home', 'cond_home'),
    answered('parent', 'parent', 'cond_parent'),
    answered('education', 'education', 'cond_education'),
  ];
}
