/**
 * A PA visit as data: what is kept on the phone while the PA and the young person go through the
 * offer together (visit-store.ts keeps it in IndexedDB; nothing is ever sent to the server).
 * Pure functions only (no storage, no Vue), so the rules are unit-tested.
 *
 * Life of a draft: created in a language → questions → walk through the offer → summary → "Finish and
 * forget" deletes it. A visit started more than 14 days ago is deleted when visit mode opens; from day
 * 12 the PA sees a warning with the date it will go.
 */
import { sanitizeAnswers, type Answers, type Outcome, type Result } from '#rules/eligibility';
import { COUNCIL_CHOICES } from '../check/check-questions';
import { SUPPORTED_LOCALES, findLocale, type LocaleCode } from '../../../locales/index';

export const VISIT_STATUSES = ['getting', 'apply', 'not_now', 'not_eligible'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

export const STEP_WHO = ['pa', 'young_person', 'together', 'someone_else'] as const;
export type StepWho = (typeof STEP_WHO)[number];

export const VISIT_STAGES = ['questions', 'walk', 'summary'] as const;
export type VisitStage = (typeof VISIT_STAGES)[number];

const DAY_MS = 24 * 60 * 60 * 1000;
/** A visit is deleted from the phone once it was started more than this many days ago. */
export const DRAFT_MAX_AGE_DAYS = 14;
/** From this many days on, the PA is warned that the visit will soon be deleted. */
export const DRAFT_WARN_AGE_DAYS = 12;

/** Free text the PA types: kept short so the summary (and its QR code) stays small. */
export const MAX_TEXT = 500;

export interface NextStep {
  who?: StepWho;
  what?: string;
  /** `YYYY-MM-DD` */
  by?: string;
}

/** What the PA and the young person said about one entitlement. */
export interface VisitMark {
  status?: VisitStatus;
  step?: NextStep;
  note?: string;
}

export interface VisitDraft {
  /** Random, never shown, never sent. */
  id: string;
  /** ms since epoch */
  createdAt: number;
  updatedAt: number;
  /** The young person's language. */
  lang: LocaleCode;
  /** Show English beside the young person's language. */
  sideBySide: boolean;
  stage: VisitStage;
  answers: Answers;
  questionStep: number;
  /** The entitlement card the walk is on. */
  current?: string;
  marks: Record<string, VisitMark>;
  /** The PA's name and phone, typed on the summary (optional). */
  paContact?: string;
}

export function newDraft(lang: string, sideBySide: boolean, now = Date.now(), id = randomId()): VisitDraft {
  return {
    id,
    createdAt: now,
    updatedAt: now,
    lang: (findLocale(lang)?.code ?? 'en') as LocaleCode,
    sideBySide,
    stage: 'questions',
    answers: {},
    questionStep: 0,
    marks: {},
  };
}

function randomId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// ── Age ─────────────────────────────────────────────────────────────────────────────────────

/** Whole days since the visit was started. */
export const draftAgeDays = (draft: Pick<VisitDraft, 'createdAt'>, now = Date.now()): number =>
  Math.max(0, Math.floor((now - draft.createdAt) / DAY_MS));

/** Started more than 14 days ago: delete it. */
export const isExpired = (draft: Pick<VisitDraft, 'createdAt'>, now = Date.now()): boolean =>
  now - draft.createdAt > DRAFT_MAX_AGE_DAYS * DAY_MS;

/** 12 days old or more (and not yet deleted): warn the PA. */
export const needsExpiryWarning = (draft: Pick<VisitDraft, 'createdAt'>, now = Date.now()): boolean =>
  !isExpired(draft, now) && now - draft.createdAt >= DRAFT_WARN_AGE_DAYS * DAY_MS;

/** When the visit will be deleted (ms since epoch). */
export const expiresAt = (draft: Pick<VisitDraft, 'createdAt'>): number =>
  draft.createdAt + DRAFT_MAX_AGE_DAYS * DAY_MS;

// ── Reading a stored draft back ─────────────────────────────────────────────────────────────

const isIsoDate = (v: unknown): v is string =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.slice(0, MAX_TEXT) : undefined);
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | undefined =>
  list.includes(v as T) ? (v as T) : undefined;

export function sanitizeMark(value: unknown): VisitMark | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const mark: VisitMark = {};
  const status = oneOf(VISIT_STATUSES, v.status);
  if (status) mark.status = status;
  if (v.step && typeof v.step === 'object') {
    const s = v.step as Record<string, unknown>;
    const step: NextStep = {};
    const who = oneOf(STEP_WHO, s.who);
    if (who) step.who = who;
    const what = text(s.what);
    if (what) step.what = what;
    if (isIsoDate(s.by)) step.by = s.by;
    if (Object.keys(step).length) mark.step = step;
  }
  const note = text(v.note);
  if (note) mark.note = note;
  return Object.keys(mark).length ? mark : undefined;
}

/**
 * A stored draft as a `VisitDraft`, or null when it is not one. `entitlementIds` and `districtCodes`
 * (from the content pack) drop marks and answers the pack no longer knows.
 */
export function sanitizeDraft(
  value: unknown,
  entitlementIds?: readonly string[],
  districtCodes: readonly string[] = [],
): VisitDraft | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'string' || !v.id || typeof v.createdAt !== 'number' || !Number.isFinite(v.createdAt))
    return null;
  const lang = (findLocale(typeof v.lang === 'string' ? v.lang : null)?.code ??
    SUPPORTED_LOCALES[0].code) as LocaleCode;
  const marks: Record<string, VisitMark> = {};
  if (v.marks && typeof v.marks === 'object') {
    for (const [id, raw] of Object.entries(v.marks as Record<string, unknown>)) {
      if (entitlementIds && !entitlementIds.includes(id)) continue;
      const mark = sanitizeMark(raw);
      if (mark) marks[id] = mark;
    }
  }
  const draft: VisitDraft = {
    id: v.id,
    createdAt: v.createdAt,
    updatedAt: typeof v.updatedAt === 'number' && Number.isFinite(v.updatedAt) ? v.updatedAt : v.createdAt,
    lang,
    sideBySide: v.sideBySide !== false,
    stage: oneOf(VISIT_STAGES, v.stage) ?? 'questions',
    answers: sanitizeAnswers(v.answers, districtCodes, COUNCIL_CHOICES),
    questionStep:
      typeof v.questionStep === 'number' && Number.isInteger(v.questionStep) && v.questionStep >= 0
        ? v.questionStep
        : 0,
    marks,
  };
  if (typeof v.current === 'string' && (!entitlementIds || entitlementIds.includes(v.current)))
    draft.current = v.current;
  const pa = text(v.paContact);
  if (pa) draft.paContact = pa;
  return draft;
}

/** Sets (or, with `undefined`, removes) one mark, dropping empty marks, without touching the others. */
export function withMark(
  marks: Record<string, VisitMark>,
  id: string,
  mark: VisitMark | undefined,
): Record<string, VisitMark> {
  const next = { ...marks };
  const clean = sanitizeMark(mark);
  if (clean) next[id] = clean;
  else delete next[id];
  return next;
}

export const markedCount = (draft: Pick<VisitDraft, 'marks'>): number =>
  Object.values(draft.marks).filter((m) => m.status).length;

// ── The walk through the offer ──────────────────────────────────────────────────────────────

export interface WalkTheme {
  theme: string;
  ids: string[];
}

const OUTCOME_RANK: Record<Outcome, number> = { eligible: 0, likely: 1, ask_pa: 2, info: 2, not_eligible: 3 };

/**
 * Theme by theme (in the pack's order), one card at a time. Within a theme, what the questions say
 * they can get comes first, "not for you right now" last; otherwise the pack's order.
 */
export function walkOrder(
  themes: readonly { id: string }[],
  entitlements: readonly { id: string; theme: string }[],
  results: readonly Result[] = [],
): WalkTheme[] {
  const rank = new Map(results.map((r) => [r.entitlementId, OUTCOME_RANK[r.outcome]]));
  return themes
    .map((theme) => ({
      theme: theme.id,
      ids: entitlements
        .map((e, index) => ({ e, index }))
        .filter(({ e }) => e.theme === theme.id)
        .sort((a, b) => (rank.get(a.e.id) ?? 2) - (rank.get(b.e.id) ?? 2) || a.index - b.index)
        .map(({ e }) => e.id),
    }))
    .filter((t) => t.ids.length > 0);
}

/** Where `id` is in the walk: its theme, its place in the theme, and the whole walk flattened. */
export function walkPosition(walk: readonly WalkTheme[], id: string | undefined) {
  const flat = walk.flatMap((t) => t.ids);
  const index = Math.max(0, id ? flat.indexOf(id) : 0);
  const currentId = flat[index];
  const themeIndex = Math.max(
    0,
    walk.findIndex((t) => currentId !== undefined && t.ids.includes(currentId)),
  );
  const theme = walk[themeIndex];
  return {
    flat,
    index,
    id: currentId,
    themeIndex,
    theme,
    inTheme: theme && currentId ? theme.ids.indexOf(currentId) : 0,
    isFirst: index === 0,
    isLast: index === flat.length - 1,
  };
}
