import { districtList } from '../lib/content';

/** "Thanet" and "folkestone-and-hythe" as well as "E07000114": people know their districts by name. */
const key = (text: string) =>
  text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '');

/**
 * `--districts Thanet,Dover` (names or ONS codes, any case) → ONS codes; `all` or absent → null (every
 * district). A name nobody knows is kept as given, so the contract's own check names it in its refusal.
 */
export function districtCodes(option: string | undefined): string[] | null {
  if (option === undefined || option.trim().toLowerCase() === 'all') return null;
  return option
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean)
    .map(
      (given) => districtList.find((d) => d.code === given.toUpperCase() || key(d.name) === key(given))?.code ?? given,
    );
}

/** For usage lines: every district's name, so nobody has to look up an ONS code. */
export const DISTRICT_NAMES = districtList.map((d) => d.name).join(', ');
