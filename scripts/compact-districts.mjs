#!/usr/bin/env node
/**
 * Writes the district boundaries the phone downloads, from content/kent/districts.geojson (the source of
 * truth, which the API reads):
 * - districts.web.json: every point, in a compact encoding (api/rules/compact-boundaries.ts decodes it)
 *   at under a quarter of the bytes, for pins and point-in-polygon on the phone;
 * - districts-overview.web.json: fewer points, for maps that show the whole county at once (the
 *   commissioners' dashboard). Leaflet then converts, projects and draws just over a quarter of the
 *   points, which keeps the page responsive on a slow phone.
 *
 *   node scripts/compact-districts.mjs            (re-run whenever districts.geojson changes)
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
const target = (name) => fileURLToPath(new URL(`../content/kent/${name}`, import.meta.url));
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
const pack = JSON.parse(readFileSync(target('pack.json'), 'utf8'));
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
    if (here !== ownersKey(open[(i + n - 1) % n]) || here !== ownersKey(open[(i + 1) % n]) || forced.has(key(open[i])))
      keep.add(i);
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
    const geometry =
      feature.geometry.type === 'Polygon'
        ? { type: 'Polygon', coordinates: polygons[0] }
        : { type: 'MultiPolygon', coordinates: polygons };
    return { type: 'Feature', properties: feature.properties, geometry };
  });
}

// Until no border point is kept on one side only (a pass or two): each pass keeps, everywhere, the border
// points any district kept in the pass before.
let features = simplifyAll();
for (;;) {
  const size = forced.size;
  for (const f of features)
    for (const p of polygonsOf(f.geometry).flat(2)) if (owners.get(key(p)).size > 1) forced.add(key(p));
  if (forced.size === size) break;
  features = simplifyAll();
}
const count = (list) => list.reduce((n, f) => n + polygonsOf(f.geometry).flat(2).length, 0);
const before = count(source.features);
const after = count(features);

/** Google's encoded-polyline characters for one signed whole number. */
function encodeNumber(value) {
  let v = value < 0 ? ~(value << 1) : value << 1;
  let text = '';
  while (v >= 0x20) {
    text += String.fromCharCode((0x20 | (v & 0x1f)) + 63);
    v >>= 5;
  }
  return text + String.fromCharCode(v + 63);
}

// 1e-5 degrees: the source's five decimals, so the full file loses nothing (the content test decodes it)
const SCALE = 100_000;

function encodeRing(ring) {
  let x = 0;
  let y = 0;
  let text = '';
  for (const [lng, lat] of ring) {
    const [px, py] = [Math.round(lng * SCALE), Math.round(lat * SCALE)];
    text += encodeNumber(px - x) + encodeNumber(py - y);
    [x, y] = [px, py];
  }
  return text;
}

function write(name, list) {
  const compact = {
    about: `Made from districts.geojson by scripts/compact-districts.mjs (do not edit). ${pack.attribution.text[0]} ${pack.attribution.licence.url}`,
    scale: SCALE,
    features: list.map((f) => ({
      code: f.properties.code,
      name: f.properties.name,
      type: f.geometry.type,
      polygons: polygonsOf(f.geometry).map((polygon) => polygon.map(encodeRing)),
    })),
  };
  // one feature per line, like the source
  const text = `{"about":${JSON.stringify(compact.about)},"scale":${SCALE},"features":[\n${compact.features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
  writeFileSync(target(name), text);
  return text.length;
}

const fullBytes = write('districts.web.json', source.features);
const overviewBytes = write('districts-overview.web.json', features);
console.log(
  `districts.web.json: ${before} points (${fullBytes} bytes); districts-overview.web.json: ${after} points (${overviewBytes} bytes)`,
);
