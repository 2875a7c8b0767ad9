/** Numbers, shares, periods and colour classes for the dashboard (no library). */
import { formatDateFor, intlLocale } from '../../../locales/index';

// One formatter per language and kind, kept: making an Intl.NumberFormat costs far more than using one,
// and the table formats about 170 figures at a time.
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(locale: string, kind: 'number' | 'percent' | 'signed'): Intl.NumberFormat {
  const key = `${kind}:${locale}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(
      intlLocale(locale),
      kind === 'percent'
        ? { style: 'percent', maximumFractionDigits: 0 }
        : { maximumFractionDigits: 1, signDisplay: kind === 'signed' ? 'exceptZero' : 'auto' },
    );
    formatters.set(key, f);
  }
  return f;
}

/**
 * Makes a language's formats ahead of use, numbers and the month names of periods (DashboardPage: while its
 * figures are on their way), one format a step: making one costs a slow phone about as long as a task may
 * take before it holds up a tap, so each step is meant to be a task of its own.
 */
export function formatWarmers(locale: string): (() => void)[] {
  return [
    ...(['number', 'percent', 'signed'] as const).map((kind) => () => void formatter(locale, kind)),
    // both kinds of month: with its year (ends in different years), then without (the same year at both ends)
    () => void periodWords({ from: '2025-12', to: '2026-01' }, locale),
    () => void periodWords({ from: '2026-01', to: '2026-02' }, locale),
  ];
}

export const number = (value: number | null, locale: string) =>
  value === null ? '–' : formatter(locale, 'number').format(value);

export const percent = (share: number | null, locale: string) =>
  share === null ? '–' : formatter(locale, 'percent').format(share);

/** A change with its sign: +3, −1.5, 0. */
export const signed = (value: number, locale: string) => formatter(locale, 'signed').format(value);

/**
 * A period of whole months in words, for "from {from} to {to}": the year once when both ends share it
 * ("January", "December 2026"), else with each ("November 2025", "February 2026").
 */
export function periodWords(period: { from: string; to: string }, locale: string): { from: string; to: string } {
  const at = (month: string) => new Date(`${month}-01T12:00:00Z`);
  const sameYear = period.from.slice(0, 4) === period.to.slice(0, 4);
  const monthYear = (month: string) =>
    formatDateFor(locale, at(month), { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return {
    from: sameYear
      ? formatDateFor(locale, at(period.from), { month: 'long', timeZone: 'UTC' })
      : monthYear(period.from),
    to: monthYear(period.to),
  };
}

/** Grey for none, then ColorBrewer "Blues" (4 classes): light = few, dark = many (readable in greyscale too). */
export const SCALE = ['#f0f0f0', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'] as const;

/** The smallest of 1, 2, 5 × 10^k (and at least `unit`) that is at least `x`. */
function niceStep(x: number, unit: number): number {
  if (x <= unit) return unit;
  const power = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 5, 10].map((m) => m * power).find((s) => s >= x - 1e-9)!;
}

/**
 * Classes for a map: 0 in a class of its own, then four of a fixed, round step (1, 2, 5, 10, …) so
 * that every value up to the largest fits: a district with 1 report never shares a colour with one with
 * none. `unit`: the smallest difference shown (1 for counts, 0.1 for rates).
 */
export function classes(values: number[], unit = 1) {
  const max = Math.max(0, ...values);
  const above = SCALE.length - 1;
  const step = niceStep(max / above, unit);
  const round = (n: number) => Number((Math.round(n / unit) * unit).toFixed(unit < 1 ? 1 : 0));
  const bins = SCALE.map((colour, i) =>
    i === 0 ? { colour, from: 0, to: 0 } : { colour, from: round((i - 1) * step + unit), to: round(i * step) },
  );
  const classOf = (value: number) => (value <= 0 ? 0 : Math.min(above, Math.ceil(value / step - 1e-9)));
  return { bins, classOf, colourOf: (value: number) => SCALE[classOf(value)]! };
}
