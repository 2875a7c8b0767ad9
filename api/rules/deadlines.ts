/**
 * Response deadlines for a housing report, from the content pack's housing policy (the default
 * is modelled on Awaab's Law: the Hazards in Social Housing (Prescribed Requirements) (England) Regulations 2025). Pure and synchronous:
 * the API stores the result with the report, the phone shows it, the dashboard and Open311 reuse it.
 *
 * Rules, in the pack's words:
 * - **urgent** = the young person does not feel safe at home right now (`feelsSafe: 'no'`), or a category
 *   the pack treats as an emergency (`emergencyByDefault`: gas/CO, fire safety, electrics … as the pack says).
 *   Urgent reports run on the emergency clock: investigate and make safe within the pack's hours (24 h).
 * - **significant** = any other category with an HHSRS hazard that Awaab's Law covers (`awaabPhase` set;
 *   the pack applies the clocks to every report whatever the landlord, so the phase is not checked):
 *   investigate within 10 working days, written summary 3 working days after that, make safe within
 *   5 working days of the investigation.
 * - **standard** = no hazard clock (overcrowding, unsafe area, other …): only the acknowledgement clock,
 *   when the pack has one.
 * - **acknowledge**: the pack's `acknowledgeWorkingDays` when it sets one; otherwise no later than the
 *   investigation deadline (nobody can investigate a report they have not acknowledged).
 *
 * Working days: Monday to Friday, except England and Wales bank holidays listed in the pack, counted in
 * UK time (Europe/London). "Within N working days" = by the end (23:59:59.999 UK time) of the Nth working
 * day after the day the report arrived; the day of arrival does not count, so a report sent on Saturday
 * starts counting on Monday. Hour-based clocks are exact hours from arrival.
 */
import type { CategoryId, HousingPolicy } from '../contract/content';
import { categoryPolicies, isUrgent } from './urgency';

export { isUrgent };

export type DeadlinePolicy = Pick<HousingPolicy, 'categories' | 'deadlines' | 'bankHolidays'>;
export type BasisPolicy = Pick<HousingPolicy, 'categories' | 'model'>;

export type HazardClass = 'emergency' | 'significant' | 'standard';

export interface Deadlines {
  acknowledgeBy?: string;
  investigateBy?: string;
  summaryBy?: string;
  makeSafeBy?: string;
}

export interface DeadlineResult {
  urgent: boolean;
  hazard: HazardClass;
  deadlines: Deadlines;
  /** The earliest deadline (the next one to meet for a new report), or null when there is none. */
  dueAt: string | null;
}

const HOUR_MS = 60 * 60 * 1000;

// ── UK calendar ─────────────────────────────────────────────────────────────────────────────────

const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function londonParts(instant: Date) {
  const parts: Record<string, number> = {};
  for (const p of londonFormat.formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

// UK clocks change on the hour (01:00 UTC), so the offset is the same all through a UTC hour: it is worked
// out once an hour, because formatToParts is slow and every report's deadlines need a dozen offsets.
const offsetByHour = new Map<number, number>();

/** Offset of UK time from UTC at an instant, in ms (0 in winter, +1 h in summer). */
function londonOffsetMs(instant: Date): number {
  const hour = Math.floor(instant.getTime() / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const p = londonParts(instant);
    offset =
      Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant.getTime() / 1000) * 1000;
    if (offsetByHour.size >= 10_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** The UK calendar date (YYYY-MM-DD) of an instant. */
export function londonDate(instant: Date): string {
  return new Date(instant.getTime() + londonOffsetMs(instant)).toISOString().slice(0, 10);
}

/** The UK wall-clock date and time of an instant, as people in the UK write it: `31/12/2026 23:59`. */
export function londonDateTime(instant: Date): string {
  const iso = new Date(instant.getTime() + londonOffsetMs(instant)).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}

/** The instant a UK wall-clock time happens (times inside the spring-forward gap move on by an hour). */
function fromLondonWallClock(isoDate: string, hour: number, minute: number, second: number, ms: number): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour, minute, second, ms);
  let instant = wall - londonOffsetMs(new Date(wall));
  const corrected = wall - londonOffsetMs(new Date(instant));
  if (corrected !== instant) instant = corrected;
  return new Date(instant);
}

/** The last millisecond of a UK calendar day. */
export function endOfLondonDay(isoDate: string): Date {
  return fromLondonWallClock(isoDate, 23, 59, 59, 999);
}

function nextDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

export function isWorkingDay(isoDate: string, bankHolidays: readonly string[]): boolean {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !bankHolidays.includes(isoDate);
}

/** The UK date of the Nth working day after the UK date of `from` (that day itself never counts). */
export function addWorkingDays(from: Date | string, days: number, bankHolidays: readonly string[]): string {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${days}`);
  let date = typeof from === 'string' ? from : londonDate(from);
  let counted = 0;
  while (counted < days) {
    date = nextDate(date);
    if (isWorkingDay(date, bankHolidays)) counted++;
  }
  return date;
}

/** End of the Nth working day after `from`, as an instant. */
export function workingDaysDeadline(from: Date | string, days: number, bankHolidays: readonly string[]): Date {
  return endOfLondonDay(addWorkingDays(from, days, bankHolidays));
}

// ── Classification ──────────────────────────────────────────────────────────────────────────────

export function hazardClass(
  report: { categories: readonly CategoryId[]; feelsSafe: string },
  policy: Pick<HousingPolicy, 'categories'>,
): HazardClass {
  if (isUrgent(report, policy)) return 'emergency';
  return categoryPolicies(report.categories, policy).some((c) => c.awaabPhase !== null) ? 'significant' : 'standard';
}

/**
 * Whether a report's clocks are the law (`law`) or the council's own target (`target`). Awaab's Law binds
 * the landlords of the pack's `tenuresBound` only, and a hazard only once its phase is in force (verified)
 * on the day the report arrived (UK date): a significant hazard by its category's phase; an emergency of
 * any category with a phase from `emergencyHazardsFromPhase`. Anything without a phase (overcrowding, an
 * unsafe area, other people) is never law.
 */
export function deadlinesBasis(
  report: { categories: readonly CategoryId[]; feelsSafe: string; accommodationType: string; receivedAt: Date },
  policy: BasisPolicy,
): 'law' | 'target' {
  const { phases, tenuresBound, emergencyHazardsFromPhase } = policy.model;
  if (!tenuresBound.includes(report.accommodationType)) return 'target';
  const day = londonDate(report.receivedAt);
  const inForce = (phase: number | null) =>
    phase !== null &&
    phases.some((p) => p.phase === phase && p.verified && p.inForceFrom !== null && p.inForceFrom <= day);
  const categories = categoryPolicies(report.categories, policy);
  const hazard = hazardClass(report, policy);
  if (hazard === 'emergency')
    return categories.some((c) => c.awaabPhase !== null) && inForce(emergencyHazardsFromPhase) ? 'law' : 'target';
  if (hazard === 'significant') return categories.some((c) => inForce(c.awaabPhase)) ? 'law' : 'target';
  return 'target';
}

// ── Deadlines ───────────────────────────────────────────────────────────────────────────────────

const earliest = (values: (string | undefined)[]): string | null =>
  values.filter((v): v is string => v !== undefined).sort()[0] ?? null;

/**
 * The deadlines of a report that arrived at `receivedAt`. Summary and make-safe deadlines of a significant
 * hazard count from the investigation deadline (the latest the investigation may conclude); once staff
 * record when it really concluded, use `deadlinesAfterInvestigation`.
 */
export function computeDeadlines(
  report: { categories: readonly CategoryId[]; feelsSafe: string; receivedAt: Date },
  policy: DeadlinePolicy,
): DeadlineResult {
  const urgent = isUrgent(report, policy);
  const hazard = hazardClass(report, policy);
  const { emergency, significant, acknowledgeWorkingDays } = policy.deadlines;
  const holidays = policy.bankHolidays;
  const received = report.receivedAt;
  const deadlines: Deadlines = {};

  if (hazard === 'emergency') {
    deadlines.investigateBy = new Date(received.getTime() + emergency.investigateHours * HOUR_MS).toISOString();
    deadlines.makeSafeBy = new Date(received.getTime() + emergency.makeSafeHours * HOUR_MS).toISOString();
  } else if (hazard === 'significant') {
    const investigateDay = addWorkingDays(received, significant.investigateWorkingDays, holidays);
    deadlines.investigateBy = endOfLondonDay(investigateDay).toISOString();
    Object.assign(deadlines, deadlinesAfterInvestigation(investigateDay, policy));
  }

  const ackByPolicy =
    acknowledgeWorkingDays !== undefined
      ? workingDaysDeadline(received, acknowledgeWorkingDays, holidays).toISOString()
      : undefined;
  const acknowledgeBy = earliest([ackByPolicy, deadlines.investigateBy]);
  if (acknowledgeBy) deadlines.acknowledgeBy = acknowledgeBy;

  const ordered: Deadlines = {};
  for (const key of ['acknowledgeBy', 'investigateBy', 'summaryBy', 'makeSafeBy'] as const) {
    if (deadlines[key]) ordered[key] = deadlines[key];
  }
  return { urgent, hazard, deadlines: ordered, dueAt: earliest(Object.values(ordered)) };
}

/** A significant hazard: the written summary and the make-safe deadline, counted from the investigation. */
export function deadlinesAfterInvestigation(
  investigatedAt: Date | string,
  policy: DeadlinePolicy,
): Required<Pick<Deadlines, 'summaryBy' | 'makeSafeBy'>> {
  const { summaryWorkingDays, makeSafeWorkingDays } = policy.deadlines.significant;
  return {
    summaryBy: workingDaysDeadline(investigatedAt, summaryWorkingDays, policy.bankHolidays).toISOString(),
    makeSafeBy: workingDaysDeadline(investigatedAt, makeSafeWorkingDays, policy.bankHolidays).toISOString(),
  };
}
