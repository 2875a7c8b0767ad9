/**
 * The questions of "What can I get?", in order, as data: the questionnaire component renders them,
 * visit mode reuses them. Labels are i18n keys under `check.q.<key>`.
 */
import { EDUCATION, IMMIGRATION, LOOKED_AFTER, OTHER_COUNCIL, PARENT, TENANCY, type Answers } from '#rules/answers';
import rules from '#content/kent/eligibility.json';

/** "Which council looked after you?": the councils of the pack, another council, not sure. */
export const COUNCIL_CHOICES: readonly string[] = [...rules.councils.map((c) => c.id), OTHER_COUNCIL, 'not_sure'];

export type QuestionId =
  'age' | 'lookedAfter' | 'lookedAfterBy' | 'district' | 'education' | 'tenancy' | 'parent' | 'immigration';

export interface Question {
  id: QuestionId;
  /** i18n key part: `check.q.<key>.title`, `.why`, `.options.<value>`. */
  key: string;
  kind: 'age' | 'district' | 'choice';
  /** For `choice`: the answers offered, "not sure" and "prefer not to say" last. */
  options?: readonly string[];
  /** Whether to ask at all, given the answers so far. */
  when?: (answers: Answers) => boolean;
}

export const QUESTIONS: readonly Question[] = [
  { id: 'age', key: 'age', kind: 'age' },
  { id: 'lookedAfter', key: 'looked_after', kind: 'choice', options: LOOKED_AFTER },
  // Nobody needs to say which council looked after them if they were not in care.
  {
    id: 'lookedAfterBy',
    key: 'looked_after_by',
    kind: 'choice',
    options: COUNCIL_CHOICES,
    when: (a) => a.lookedAfter !== 'no',
  },
  { id: 'district', key: 'district', kind: 'district' },
  { id: 'education', key: 'education', kind: 'choice', options: EDUCATION },
  { id: 'tenancy', key: 'tenancy', kind: 'choice', options: TENANCY },
  { id: 'parent', key: 'parent', kind: 'choice', options: PARENT },
  { id: 'immigration', key: 'immigration', kind: 'choice', options: IMMIGRATION },
];

/** The questions to ask for these answers (a skipped question stays in the list). */
export const visibleQuestions = (answers: Answers): Question[] => QUESTIONS.filter((q) => !q.when || q.when(answers));

/** The i18n key of an option: shared words for "not sure" and "prefer not to say". */
export function optionKey(question: Question, value: string): string {
  if (value === 'not_sure') return 'check.not_sure';
  if (value === 'prefer_not_to_say') return 'check.prefer_not_to_say';
  return `check.q.${question.key}.options.${value}`;
}

/** True when some question was skipped or answered "not sure" / "prefer not to say". */
export function hasUnknownAnswers(answers: Answers): boolean {
  return visibleQuestions(answers).some((q) => {
    const v = q.id === 'age' && answers.dateOfBirth ? answers.dateOfBirth : answers[q.id];
    return v === undefined || v === 'not_sure' || v === 'prefer_not_to_say';
  });
}
