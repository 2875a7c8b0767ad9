/**
 * Amounts and ages in the reader's language: numbers through `Intl` for the UI locale, words from
 * vue-i18n (`offer.amount_*`, `offer.ages_*`).
 */
import type { Amount, EntitlementFacts } from '#contract/content';
import { ltr } from '../../ui/bidi';

type Translate = (key: string, values?: Record<string, unknown>) => string;

export function formatMoney(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'GBP',
    maximumFractionDigits: value % 1 === 0 ? 0 : 2,
  }).format(value);
}

/** "Up to £2,000", "£30 at age 17", "£1,200 a year", "About £3,000"; the amount itself reads left to right. */
export function amountText(amount: Amount, locale: string, t: Translate): string {
  let text = ltr(formatMoney(amount.value, locale));
  if (amount.per === 'year') text = t('offer.amount_per_year', { amount: text });
  else if (amount.per === 'month') text = t('offer.amount_per_month', { amount: text });
  else if (amount.per === 'week') text = t('offer.amount_per_week', { amount: text });
  if (amount.atAge !== undefined) text = t('offer.amount_at_age', { amount: text, age: amount.atAge });
  if (amount.upTo) text = t('offer.amount_up_to', { amount: text });
  else if (amount.approximate) text = t('offer.amount_about', { amount: text });
  return text;
}

/** "Ages 18 to 20", "From age 17", "Until you turn 25"; null when the entitlement has no age limits. */
export function agesText(e: Pick<EntitlementFacts, 'ageFrom' | 'ageTo'>, t: Translate): string | null {
  if (e.ageFrom !== undefined && e.ageTo !== undefined) return t('offer.ages_range', { from: e.ageFrom, to: e.ageTo });
  if (e.ageFrom !== undefined) return t('offer.ages_from', { from: e.ageFrom });
  if (e.ageTo !== undefined) return t('offer.ages_until', { until: e.ageTo + 1 });
  return null;
}

/**
 * An icon for each easy-read point ("an icon beside each point"). The first point says what
 * the entitlement is and gets its own icon; the others are chosen from what the sentence holds, in any
 * language: money, an age or date, a phone number, else a tick.
 */
export function pointIcon(point: string, index: number, entitlementIcon: string): string {
  if (index === 0) return entitlementIcon;
  if (/[£]/.test(point)) return 'pound-sterling';
  if (/\b\d{3,}[\d ]{4,}\b/.test(point)) return 'phone';
  if (/\p{Nd}/u.test(point)) return 'calendar';
  return 'circle-check';
}
