/**
 * The boundaries the phone downloads are made from content/kent/districts.geojson (which the API reads) by
 * scripts/compact-districts.mjs: districts.web.json holds every point, exactly; districts-overview.web.json
 * (the dashboard's county map) the same 13 districts with fewer points, every point one of the source's,
 * and shared borders simplified the same way on both sides (no gaps between neighbours).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DistrictCollection, DistrictFeature } from '../../api/rules/geo';
import { decodeBoundaries, decodeRing, type CompactBoundaries } from '../../api/rules/compact-boundaries';

const path = (name: string) => fileURLToPath(new URL(`../../content/kent/${name}`, import.meta.url));
const readJson = <T>(name: string) => JSON.parse(readFileSync(path(name), 'utf8')) as T;
const points = (g: DistrictFeature['geometry']) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2);
const key = (p: number[]) => p.join(',');

const source = readJson<DistrictCollection>('districts.geojson');

describe('decodeRing', () => {
  it('reads Google’s example polyline (lat/lng order there), signs and all', () => {
    // https://developers.google.com/maps/documentation/utilities/polylinealgorithm
    expect(decodeRing('_p~iF~ps|U_ulLnnqC_mqNvxq`@', 1e5)).toEqual([
      [38.5, -120.2],
      [40.7, -120.95],
      [43.252, -126.453],
    ]);
  });
});

describe('districts.web.json', () => {
  it('decodes to exactly the districts, geometry types and points of districts.geojson', () => {
    const decoded = decodeBoundaries(readJson<CompactBoundaries>('districts.web.json'));
    expect(decoded.features).toEqual(
      source.features.map(({ type, properties, geometry }) => ({ type, properties, geometry })),
    );
  });

  it('is under a quarter of the size of the GeoJSON', () => {
    expect(readFileSync(path('districts.web.json')).length).toBeLessThan(
      readFileSync(path('districts.geojson')).length / 4,
    );
  });
});

describe('districts-overview.web.json', () => {
  const overview = decodeBoundaries(readJson<CompactBoundaries>('districts-overview.web.json'));

  it('has the same districts, in the same order, with the same names', () => {
    expect(overview.features.map((f) => f.properties)).toEqual(source.features.map((f) => f.properties));
  });

  it('has under half the points, every one of them a point of the full boundaries', () => {
    const all = new Set(source.features.flatMap((f) => points(f.geometry).map(key)));
    const kept = overview.features.flatMap((f) => points(f.geometry));
    expect(kept.length).toBeLessThan(all.size / 2);
    for (const p of kept) expect(all.has(key(p)), key(p)).toBe(true);
  });

  it('keeps each border both neighbours share: a point on the border in the full file is kept for both or neither', () => {
    const owners = (c: DistrictCollection) => {
      const m = new Map<string, Set<string>>();
      for (const f of c.features)
        for (const p of points(f.geometry)) m.set(key(p), (m.get(key(p)) ?? new Set()).add(f.properties.code));
      return m;
    };
    const before = owners(source);
    const after = owners(overview);
    for (const [k, codes] of after) expect([...codes].sort(), k).toEqual([...before.get(k)!].sort());
  });
});

it('both files are what the script makes from districts.geojson today', () => {
  const names = ['districts.web.json', 'districts-overview.web.json'];
  const committed = names.map((n) => readFileSync(path(n), 'utf8'));
  execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/compact-districts.mjs', import.meta.url))]);
  expect(names.map((n) => readFileSync(path(n), 'utf8'))).toEqual(committed);
});
