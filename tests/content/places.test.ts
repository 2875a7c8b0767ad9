/**
 * The gazetteer of the report's "Where" step (content/kent/places.json, made by
 * scripts/places/make-places.ts from scripts/places/sources.json): small enough for every phone, every
 * place with a point lies in the district it names (the same point-in-polygon as the server), every
 * district code is one of the pack's (or `outside`), and every row of the sources made it in.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { locateDistrict, type DistrictCollection } from '../../api/rules/geo';

/** The shape web/ui/map/gazetteer.ts reads (the web's types are not this project's). */
interface Gazetteer {
  about: string;
  labels: Record<string, [number, number]>;
  places: { n: string; d: string[]; p?: [number, number] }[];
  outward: Record<string, { town: string; d: string[] }>;
}

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8');
const text = read('content/kent/places.json');
const places = JSON.parse(text) as Gazetteer;
const boundaries = JSON.parse(read('content/kent/districts.geojson')) as DistrictCollection;
const sources = JSON.parse(read('scripts/places/sources.json')) as {
  towns: { name: string; outward?: string[] }[];
  outward: { code: string; coverage: string[] }[];
};
const codes = new Set([...boundaries.features.map((f) => f.properties.code), 'outside']);

describe('places.json', () => {
  it('stays small (it is in every phone’s precache) and names its sources and licences', () => {
    expect(Buffer.byteLength(text)).toBeLessThan(12 * 1024);
    expect(places.about).toMatch(/Open Government Licence v3\.0/);
    expect(places.about).toMatch(/CC BY-SA 4\.0/);
  });

  it('every place with a point is in the district it names', () => {
    const withPoint = places.places.filter((p) => p.p);
    expect(withPoint.length).toBeGreaterThanOrEqual(20);
    for (const place of withPoint) {
      expect(place.d, place.n).toHaveLength(1);
      expect(locateDistrict({ lat: place.p![0], lng: place.p![1] }, boundaries)?.code, place.n).toBe(place.d[0]);
    }
  });

  it('every district code is one of the pack’s, and every district has a label point inside it', () => {
    for (const place of places.places) for (const d of place.d) expect(codes, place.n).toContain(d);
    for (const [code, entry] of Object.entries(places.outward))
      for (const d of entry.d) expect(codes, code).toContain(d);
    expect(Object.keys(places.labels).sort()).toEqual([...codes].filter((c) => c !== 'outside').sort());
    for (const [code, [lat, lng]] of Object.entries(places.labels))
      expect(locateDistrict({ lat, lng }, boundaries)?.code).toBe(code);
  });

  it('holds every row of its sources: each outward code and each place named', () => {
    const outward = [...sources.outward.map((r) => r.code), ...sources.towns.flatMap((t) => t.outward ?? [])];
    expect(Object.keys(places.outward).sort()).toEqual([...new Set(outward)].sort());
    const names = new Set(places.places.map((p) => p.n));
    for (const name of [...sources.towns.map((t) => t.name), ...sources.outward.flatMap((r) => r.coverage)])
      expect(names, name).toContain(name);
  });

  it('Margate and CT9 are in Thanet; ME5 spans districts; DA1 reaches outside Kent', () => {
    const THANET = 'E07000114';
    expect(places.places.find((p) => p.n === 'Margate')?.d).toEqual([THANET]);
    expect(places.outward.CT9).toEqual({ town: 'Margate', d: [THANET] });
    expect(places.outward.ME5!.d.length).toBeGreaterThan(1);
    expect(places.outward.DA1!.d).toContain('outside');
  });
});
