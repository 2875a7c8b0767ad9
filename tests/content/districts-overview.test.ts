/**
 * content/kent/districts-overview.geojson (the dashboard's county map) is made from districts.geojson by
 * scripts/simplify-districts.mjs: the same 13 districts with the same names, fewer points, every point one of
 * the source's, and shared borders simplified the same way on both sides (no gaps between neighbours).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

type Geometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
type Collection = { features: { properties: { code: string; name: string }; geometry: Geometry }[] };

const path = (name: string) => fileURLToPath(new URL(`../../content/kent/${name}`, import.meta.url));
const read = (name: string) => JSON.parse(readFileSync(path(name), 'utf8')) as Collection;
const points = (g: Geometry) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2);
const key = (p: number[]) => p.join(',');

describe('districts-overview.geojson', () => {
  const full = read('districts.geojson');
  const overview = read('districts-overview.geojson');

  it('has the same districts, in the same order, with the same names', () => {
    expect(overview.features.map((f) => f.properties)).toEqual(full.features.map((f) => f.properties));
  });

  it('has under half the points, every one of them a point of the full boundaries', () => {
    const source = new Set(full.features.flatMap((f) => points(f.geometry).map(key)));
    const kept = overview.features.flatMap((f) => points(f.geometry));
    expect(kept.length).toBeLessThan(source.size / 2);
    for (const p of kept) expect(source.has(key(p)), key(p)).toBe(true);
  });

  it('keeps each border both neighbours share: a point on the border in the full file is kept for both or neither', () => {
    const owners = (c: Collection) => {
      const m = new Map<string, Set<string>>();
      for (const f of c.features) for (const p of points(f.geometry)) m.set(key(p), (m.get(key(p)) ?? new Set()).add(f.properties.code));
      return m;
    };
    const before = owners(full);
    const after = owners(overview);
    for (const [k, codes] of after) expect([...codes].sort(), k).toEqual([...before.get(k)!].sort());
  });

  it('is what the script makes from districts.geojson today', () => {
    const committed = readFileSync(path('districts-overview.geojson'), 'utf8');
    execFileSync(process.execPath, [fileURLToPath(new URL('../../scripts/simplify-districts.mjs', import.meta.url))]);
    expect(readFileSync(path('districts-overview.geojson'), 'utf8')).toBe(committed);
  });
});
