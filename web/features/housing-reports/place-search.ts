/**
 * Finding the district of a report without the map: a town, village or postcode typed by the young
 * person, matched against the pack's gazetteer (web/ui/map/gazetteer.ts). Pure functions, unit-tested.
 *
 *   searchPlaces(gazetteer, 'ct9 1ab') → [{ kind: 'postcode', name: 'CT9', town: 'Margate', districts: ['E07000114'] }]
 */
import type { Gazetteer } from '../../ui/map/gazetteer';

export interface PlaceMatch {
  kind: 'place' | 'postcode';
  /** what is shown and remembered: the place's name, or the outward code */
  name: string;
  /** the post town of an outward code */
  town?: string;
  /** ONS codes (or `outside`): one when the district is known, several when the person must choose */
  districts: string[];
  point?: { lat: number; lng: number };
}

const MAX_RESULTS = 8;

/** The outward code of a full or partial UK postcode (`ct9 1ab`, `CT91AB`, `ct9` → `CT9`), else null. */
export function outwardCode(text: string): string | null {
  const compact = text.toUpperCase().replace(/\s+/g, '');
  const full = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/.exec(compact);
  if (full) return full[1]!;
  return /^[A-Z]{1,2}\d[A-Z\d]?$/.test(compact) ? compact : null;
}

/** Lower case, without accents, apostrophes, dots and dashes, so "St Mary's" finds "st marys". */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f'’.]/g, '')
    .replace(/[-\s]+/g, ' ')
    .trim()
    .toLowerCase();

/** Best first: the whole name, then the start of it, then the start of a later word. */
function rank(name: string, query: string): number {
  const n = fold(name);
  if (n === query) return 0;
  if (n.startsWith(query)) return 1;
  if (n.split(' ').some((word, i) => i > 0 && word.startsWith(query))) return 2;
  return -1;
}

export function searchPlaces(gazetteer: Gazetteer, text: string): PlaceMatch[] {
  const code = outwardCode(text);
  if (code) {
    const found = gazetteer.outward[code];
    return found ? [{ kind: 'postcode', name: code, town: found.town, districts: found.d }] : [];
  }
  const query = fold(text);
  if (query.length < 2) return [];
  return gazetteer.places
    .map((place) => ({ place, rank: rank(place.n, query) }))
    .filter((m) => m.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.place.n.localeCompare(b.place.n))
    .slice(0, MAX_RESULTS)
    .map(({ place }) => ({
      kind: 'place' as const,
      name: place.n,
      districts: place.d,
      ...(place.p ? { point: { lat: place.p[0], lng: place.p[1] } } : {}),
    }));
}

/** Kilometres between two points (equirectangular: plenty for a county). */
function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const x = (b.lng - a.lng) * Math.cos(((a.lat + b.lat) / 2) * (Math.PI / 180)) * 111.32;
  const y = (b.lat - a.lat) * 111.32;
  return Math.hypot(x, y);
}

/** The nearest town in the same district within `maxKm`, for "near Margate"; else null. */
export function nearestTown(
  gazetteer: Gazetteer,
  point: { lat: number; lng: number },
  district: string,
  maxKm = 8,
): string | null {
  let best: string | null = null;
  let bestKm = maxKm;
  for (const place of gazetteer.places) {
    if (!place.p || !place.d.includes(district)) continue;
    const km = distanceKm(point, { lat: place.p[0], lng: place.p[1] });
    if (km <= bestKm) [best, bestKm] = [place.n, km];
  }
  return best;
}
