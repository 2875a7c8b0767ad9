#!/usr/bin/env node
/**
 * Writes content/kent/districts-overview.geojson: the district boundaries of content/kent/districts.geojson
 * with fewer points, for maps that show the whole county at once (the commissioners' dashboard). Leaflet
 * then converts, projects and draws just over a quarter of the points, which keeps the page responsive on a slow
 * phone. The full file stays the source of truth for everything else (pins, point-in-polygon, the API).
 *
 *   node scripts/simplify-districts.mjs            (re-run whenever districts.geojson changes)
 *
 * Douglas–Peucker on each stretch of boundary between two junctions (points where the set of districts that
 * share the boundary changes): a border shared by two districts is simplified once, the same way for both,
 * so neighbouring districts still meet with no gaps or overlaps. Tolerance: TOLERANCE degrees (about 100 m
 * east–west and 170 m north–south, under one screen pixel at the county zoom, about 190 m a pixel).
 *
 * Same data, same licence: Open Government Licence v3.0; see content/kent/README.md for the attribution.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SOURCE = fileURLToPath(new URL('../content/kent/districts.geojson', import.meta.url));
const TARGET = fileURLToPath(new URL('../content/kent/districts-overview.geojson', import.meta.url));
const TOLERANCE = 0.0015;

const key = ([x, y]) => `${x},${y}`;

/** Kept indexes of `points[from..to]` by Douglas–Peucker (both ends kept). */
function douglasPeucker(points, from, to, keep) {
  const [ax, ay] = points[from];
  const [bx, by] = points[to];
  const dx = bx - ax;
  const dy = by - ay;
  const length = Math.hypot(dx, dy);
  let worst = -1;
  let at = -1;
  for (let i = from + 1; i < to; i++) {
    const [px, py] = points[i];
    const d = length === 0 ? Math.hypot(px - ax, py - ay) : Math.abs(dy * px - dx * py + bx * ay - by * ax) / length;
    if (d > worst) {
      worst = d;
      at = i;
    }
  }
  if (worst > TOLERANCE) {
    keep.add(at);
    douglasPeucker(points, from, at, keep);
    douglasPeucker(points, at, to, keep);
  }
}

const source = JSON.parse(readFileSync(SOURCE, 'utf8'));
const polygonsOf = (geometry) => (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates);

// which districts each point belongs to
const owners = new Map();
for (const feature of source.features) {
  for (const polygon of polygonsOf(feature.geometry)) {
    for (const ring of polygon) {
      for (const point of ring) {
        const k = key(point);
        if (!owners.has(k)) owners.set(k, new Set());
        owners.get(k).add(feature.properties.code);
      }
    }
  }
}
const ownersKey = (point) => [...owners.get(key(point))].sort().join('|');

// border points kept on one side are kept on the other too (filled in by the passes below)
const forced = new Set();

function simplifyRing(ring) {
  const open = ring.slice(0, -1); // GeoJSON rings repeat the first point at the end
  const n = open.length;
  if (n <= 4) return ring;
  const keep = new Set();
  for (let i = 0; i < n; i++) {
    const here = ownersKey(open[i]);
    if (here !== ownersKey(open[(i + n - 1) % n]) || here !== ownersKey(open[(i + 1) % n]) || forced.has(key(open[i]))) keep.add(i);
  }
  // a ring with no junction (an island, or a district inside no other): keep its extreme points
  if (keep.size === 0) keep.add(0).add(Math.floor(n / 2));
  const fixed = [...keep].sort((a, b) => a - b);
  const closed = [...open, ...open]; // so a stretch may run past the ring's end
  for (let j = 0; j < fixed.length; j++) {
    const from = fixed[j];
    const to = j + 1 < fixed.length ? fixed[j + 1] : fixed[0] + n;
    const local = new Set();
    douglasPeucker(closed, from, to, local);
    for (const i of local) keep.add(i % n);
  }
  const kept = [...keep].sort((a, b) => a - b).map((i) => open[i]);
  if (kept.length < 3) return ring;
  return [...kept, kept[0]];
}

function simplifyAll() {
  return source.features.map((feature) => {
    const polygons = polygonsOf(feature.geometry).map((polygon) => polygon.map(simplifyRing));
    const geometry = feature.geometry.type === 'Polygon' ? { type: 'Polygon', coordinates: polygons[0] } : { type: 'MultiPolygon', coordinates: polygons };
    return { type: 'Feature', properties: feature.properties, geometry };
  });
}

// Until no border point is kept on one side only (a pass or two): each pass keeps, everywhere, the border
// points any district kept in the pass before.
let features = simplifyAll();
for (;;) {
  const size = forced.size;
  for (const f of features) for (const p of polygonsOf(f.geometry).flat(2)) if (owners.get(key(p)).size > 1) forced.add(key(p));
  if (forced.size === size) break;
  features = simplifyAll();
}
const count = (list) => list.reduce((n, f) => n + polygonsOf(f.geometry).flat(2).length, 0);
const before = count(source.features);
const after = count(features);

// one feature per line, like the source
const text = `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
writeFileSync(TARGET, text);
console.log(`districts-overview.geojson: ${after} points of ${before} (${text.length} bytes)`);
