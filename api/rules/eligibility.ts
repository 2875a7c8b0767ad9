/**
 * "What can I get?": one pure, synchronous `evaluate(answers, pack)`, used by the web app (offline, on the
 * phone), visit mode, the tests, and the server. It knows no council, age or amount: every condition is
 * in the pack (`content/<pack>/eligibility.json`, contract in api/contract/eligibility.ts).
 *
 * - Each entitlement's outcome is the best of its routes. A route gives its outcome when every condition
 *   holds; an unknown answer gives "ask your PA" or "you might get this", never "not for you".
 * - A fact not confirmed current (`verified: false`, `currentVerified: false`) never gives "you can get this".
 * - Information pages (`kind: info`) are never "you can get this": they are "useful for you" or not shown.
 * Reasons and next steps are message keys (`check.reason.*`, `check.step.*` in locales/). A value named
 * `district` is an area code and `council` a council id: the UI turns them into names.
 */
import type { ContentPack } from '../contract/content';
import type { Capability, Category, EligibilityRulesInput, Route } from '../contract/eligibility';
import { ageOn, isoParts, OTHER_COUNCIL, type Answers } from './answers';
import { checkAll, reason, stepMsg, type Check, type Message, type Person } from './conditions';

export * from './answers';
export type { Message } from './conditions';

export type Outcome = 'eligible' | 'likely' | 'ask_pa' | 'not_eligible' | 'info';
export const OUTCOMES = ['eligible', 'likely', 'ask_pa', 'info', 'not_eligible'] as const satisfies readonly Outcome[];

export interface Result {
  entitlementId: string;
  outcome: Outcome;
  /** Shown above everything else. */
  urgent?: boolean;
  reasons: Message[];
  nextSteps: Message[];
}

/** The parts of the pack the rules read (the web app loads no more than this for the check). */
export type EligibilityPack = Pick<ContentPack, 'entitlements' | 'districts' | 'schemes'> & {
  rules: EligibilityRulesInput;
};

export interface EvaluateOptions {
  /** "Today", for an age worked out from a date of birth (`YYYY-MM-DD` or a Date). */
  today?: string | Date;
}

type Given = 'eligible' | 'likely' | 'ask_pa' | 'not_eligible';
const RANK: Record<Given, number> = { eligible: 0, likely: 1, ask_pa: 2, not_eligible: 3 };
const lower = (a: Given, b: Given): Given => (RANK[a] >= RANK[b] ? a : b);

// ── The person ──────────────────────────────────────────────────────────────────────────────

function personOf(answers: Answers, pack: EligibilityPack, options: EvaluateOptions): Person {
  const today = options.today ?? new Date();
  let age: number | null = null;
  let birthdayMonth = false;
  if (answers.dateOfBirth) {
    age = ageOn(answers.dateOfBirth, today);
    const born = isoParts(answers.dateOfBirth);
    const now = isoParts(today);
    if (born && now && age !== null) birthdayMonth = now[0] === born[0] + age && now[1] === born[1];
  }
  if (
    age === null &&
    typeof answers.age === 'number' &&
    Number.isInteger(answers.age) &&
    answers.age >= 0 &&
    answers.age <= 120
  )
    age = answers.age;

  let categories: Set<Category> | null = null;
  if (answers.lookedAfter === 'no') categories = new Set();
  else if (answers.lookedAfter === 'qualifying') categories = new Set(['qualifying']);
  else if (answers.lookedAfter === 'yes_13_weeks') {
    // Under 18: still in care (eligible) or left (relevant); from 18: former relevant.
    categories = new Set(
      age === null
        ? ['eligible', 'relevant', 'former_relevant']
        : age < 18
          ? ['eligible', 'relevant']
          : ['former_relevant'],
    );
  }

  const councils = pack.rules.councils;
  const by = answers.lookedAfterBy;
  const council = by && (by === OTHER_COUNCIL || councils.some((c) => c.id === by)) ? by : null;
  const district = pack.districts.find((d) => d.code === answers.district);
  const area = district
    ? {
        code: district.code,
        kind: district.kind,
        council: councils.find((c) => c.areas.includes(district.code))?.id ?? null,
      }
    : null;
  const immigration = answers.immigration;
  const status = immigration
    ? ((pack.rules.statuses[immigration] as Partial<Record<Capability, 'yes' | 'no' | 'check'>> | undefined) ?? null)
    : null;
  return { answers, age, birthdayMonth, categories, council, area, status };
}

// ── Facts and their currency flags ──────────────────────────────────────────────────────────

/** A dotted path into the pack; a list is searched by `id` or `code`. */
function factAt(pack: EligibilityPack, path: string): unknown {
  let here: unknown = pack;
  for (const part of path.split('.')) {
    if (Array.isArray(here)) here = here.find((x: { id?: string; code?: string }) => x.id === part || x.code === part);
    else if (here && typeof here === 'object') here = (here as Record<string, unknown>)[part];
    else return undefined;
  }
  return here;
}

/** Not confirmed, or not confirmed current: every currency flag the fact carries. */
function unconfirmed(fact: unknown): boolean {
  if (!fact || typeof fact !== 'object') return true;
  const f = fact as { verified?: boolean; currentVerified?: boolean };
  return f.verified === false || f.currentVerified === false;
}

// ── Routes ──────────────────────────────────────────────────────────────────────────────────

interface RouteResult {
  outcome: Given;
  /** How close a route came: conditions that held, less those that did not. */
  closeness: number;
  urgent: boolean;
  reasons: Message[];
  steps: Message[];
}

const withDefaults = (
  m: { key: string; values?: Record<string, string | number> },
  defaults: Record<string, string | number>,
  make: typeof reason,
): Message => make(m.key, { ...defaults, ...m.values });

function runRoute(route: Route, p: Person, pack: EligibilityPack, entitlementFact: unknown): RouteResult {
  const checks = checkAll(route.when, p);
  const age = route.when.age;
  const defaults: Record<string, string | number> = {
    ...(age?.from !== undefined ? { from: age.from } : {}),
    ...(age?.to !== undefined ? { until: age.to + 1 } : {}),
    ...(p.area ? { district: p.area.code } : {}),
  };
  const say = (list: Route['reasons'] | undefined) => (list ?? []).map((m) => withDefaults(m, defaults, reason));
  const todo = (list: Route['steps'] | undefined) => (list ?? []).map((m) => withDefaults(m, defaults, stepMsg));
  const fails = checks.filter((c): c is Extract<Check, { state: 'no' }> => c.state === 'no');
  const closeness = checks.filter((c) => c.state === 'yes').length - fails.length;
  if (fails.length > 0)
    return { outcome: 'not_eligible', closeness, urgent: false, reasons: [fails[0]!.why], steps: [] };

  const unknown = checks.filter((c): c is Extract<Check, { state: 'unknown' }> => c.state === 'unknown');
  let outcome: Given = route.gives ?? 'eligible';
  const reasons: Message[] = [];
  if (unknown.length > 0) {
    outcome = lower(outcome, unknown.some((u) => u.hard) ? 'ask_pa' : 'likely');
    reasons.push(...unknown.map((u) => u.why));
  }
  reasons.push(...say(route.reasons));
  for (const c of checks) if (c.state === 'yes' && c.note) reasons.push(c.note);
  const steps = todo(route.steps);

  for (const caveat of route.caveats ?? []) {
    if (!checkAll(caveat.when, p).every((c) => c.state === 'yes')) continue;
    if (caveat.atMost) outcome = lower(outcome, caveat.atMost);
    reasons.push(...say(caveat.reasons));
    steps.push(...todo(caveat.steps));
  }
  // A fact no source confirms as current is never settled.
  const fact = route.fact ? factAt(pack, route.fact) : entitlementFact;
  if (outcome === 'eligible' && unconfirmed(fact)) {
    outcome = 'likely';
    reasons.push(reason('unverified'));
    steps.push(stepMsg('ask_pa_confirm'));
  }
  // Urgent only when every condition is known to hold.
  return { outcome, closeness, urgent: route.urgent === true && unknown.length === 0, reasons, steps };
}

const unique = (list: Message[]) => list.filter((m, i) => list.findIndex((x) => x.key === m.key) === i);

// ── evaluate ────────────────────────────────────────────────────────────────────────────────

/**
 * One result per entitlement with a rule, in the pack's order. Pure: the same answers, pack and `today`
 * always give the same results. `arrangeResults` puts them in the order the results page shows them.
 */
export function evaluate(answers: Answers, pack: EligibilityPack, options: EvaluateOptions = {}): Result[] {
  const p = personOf(answers, pack, options);
  return pack.rules.entitlements.flatMap((rule): Result[] => {
    const facts = pack.entitlements.find((e) => e.id === rule.id);
    if (!facts) return [];
    if ((rule.careLeaversOnly ?? true) && p.categories?.size === 0) {
      return [{ entitlementId: rule.id, outcome: 'not_eligible', reasons: [reason('not_care_leaver')], nextSteps: [] }];
    }
    const runs = rule.routes.map((route) => runRoute(route as Route, p, pack, facts));
    // The best outcome; among routes that do not hold, the one that came closest explains why.
    const best = runs.reduce((a, b) =>
      RANK[b.outcome] < RANK[a.outcome] || (b.outcome === a.outcome && b.closeness > a.closeness) ? b : a,
    );
    const reasons = [...best.reasons];
    const steps = [...best.steps];
    if (best.outcome === 'not_eligible' && rule.otherwise) {
      reasons.unshift(...(rule.otherwise.reasons ?? []).map((m) => reason(m.key, m.values ?? {})));
      steps.push(...(rule.otherwise.steps ?? []).map((m) => stepMsg(m.key, m.values ?? {})));
    }
    const outcome: Outcome = rule.kind === 'info' && best.outcome !== 'not_eligible' ? 'info' : best.outcome;
    return [
      {
        entitlementId: rule.id,
        outcome,
        ...(best.urgent && outcome !== 'not_eligible' ? { urgent: true } : {}),
        reasons: unique(reasons),
        nextSteps: unique(steps),
      },
    ];
  });
}

export interface ArrangedResults {
  /** Do this first: urgent legal advice, "contact children's services now". */
  urgent: Result[];
  /** The pack's headline entitlements (council tax, rent guarantor), whatever the outcome. */
  headline: Result[];
  /** What changes this person's situation most. */
  top: Result[];
  /** "Other things you might get": the rest that may apply, and pages useful to read. */
  other: Result[];
  notForYou: Result[];
}

/** The results page's order: urgent, headline, then by outcome and how much each changes, then the rest. */
export function arrangeResults(
  results: readonly Result[],
  rules: Pick<EligibilityRulesInput, 'headline' | 'topCount' | 'entitlements'>,
): ArrangedResults {
  const weight = (id: string) => rules.entitlements.find((e) => e.id === id)?.weight ?? 0;
  const urgent = results.filter((r) => r.urgent);
  const headline = rules.headline.flatMap((id) => results.filter((r) => r.entitlementId === id && !r.urgent));
  const placed = new Set([...urgent, ...headline]);
  const rank = (r: Result) => (r.outcome === 'info' ? 3 : RANK[r.outcome as Given]);
  const open = results
    .filter((r) => !placed.has(r) && r.outcome !== 'not_eligible')
    .sort((a, b) => rank(a) - rank(b) || weight(b.entitlementId) - weight(a.entitlementId));
  const topCandidates = open.filter((r) => r.outcome === 'eligible' || r.outcome === 'likely');
  const top = topCandidates.slice(0, rules.topCount);
  return {
    urgent,
    headline,
    top,
    other: open.filter((r) => !top.includes(r)),
    notForYou: results.filter((r) => !placed.has(r) && r.outcome === 'not_eligible'),
  };
}
