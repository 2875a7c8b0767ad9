/** Numbers, shares and colour classes for the dashboard (no library). */
import { intlLocale } from '../../../locales/index';

// One formatter per language and kind, kept: making an Intl.NumberFormat costs far more than using one,
// and the table formats about 170 figures at a time.
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(locale: string, kind: 'number' | 'percent'): Intl.NumberFormat {
  const key = `${kind}:${locale}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(
      intlLocale(locale),
      kind === 'percent' ? { style: 'percent', maximumFractionDigits: 0 } : { maximumFractionDigits: 1 },
    );
    formatters.set(key, f);
  }
  return f;
}

export const number = (value: number | null, locale: string) => (value === null ? '–' : formatter(locale, 'number').format(value));

export const percent = (share: number | null, locale: string) => (share === null ? '–' : formatter(locale, 'percent').format(share));

/** ColorBrewer "Blues", 5 classes: light = few, dark = many (readable in greyscale too). */
export const SCALE = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'] as const;

/** Five equal classes from 0 to the largest value: upper bounds, and the class of a value. */
export function classes(values: number[]) {
  const max = Math.max(0, ...values);
  const step = max <= 5 ? 1 : Math.ceil(max / 5);
  const bounds = SCALE.map((_, i) => step * (i + 1));
  const classOf = (value: number) => Math.min(SCALE.length - 1, Math.max(0, Math.ceil(value / step) - 1));
  return { bounds, classOf, colourOf: (value: number) => SCALE[classOf(value)]! };
}
