/**
 * Writes content/kent/places.json, the offline gazetteer of the report's "Where" step, from the rows in
 * scripts/places/sources.json (each copied from a named open source):
 * - towns with coordinates (OS Open Names in British National Grid, converted to WGS84 here; or a
 *   Wikipedia infobox): their district is the district whose boundary holds them (api/rules/geo.ts, the
 *   same point-in-polygon the phone and the server use), and they are the town labels of the map;
 * - postcode districts (outward codes) with the local authority areas Wikipedia lists for them: an outward
 *   code that reaches beyond Kent and Medway also offers "somewhere else", one that spans several
 *   districts is asked about;
 * - the villages and neighbourhoods Wikipedia lists for each outward code, with that code's districts;
 * - a label point for each district (well inside it, for the district names on the map).
 *
 *   npx vite build --ssr scripts/places/make-places.ts --outDir build/places --emptyOutDir --logLevel warn \
 *     && node build/places/make-places.js
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  distanceToFeatureKm,
  locateDistrict,
  type DistrictCollection,
  type DistrictFeature,
} from '../../api/rules/geo';

interface SourceFile {
  sources: Record<string, { title: string; url: string; licence: string; attribution: string }>;
  towns: {
    name: string;
    x?: number;
    y?: number;
    lat?: number;
    lng?: number;
    source: string;
    aliases?: string[];
    outward?: string[];
    outwardSource?: string;
  }[];
  outward: { code: string; postTown: string; coverage: string[]; areas: string[]; source: string }[];
}

const file = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const root = '../../';
const sources = JSON.parse(readFileSync(file(`${root}scripts/places/sources.json`), 'utf8')) as SourceFile;
const boundaries = JSON.parse(
  readFileSync(file(`${root}content/kent/districts.geojson`), 'utf8'),
) as DistrictCollection;
const codeOf = new Map(boundaries.features.map((f) => [f.properties.name, f.properties.code]));
const OUTSIDE = 'outside';

// ── British National Grid (OSGB36) → WGS84: Ordnance Survey's transverse Mercator inverse, then the
// 7-parameter Helmert transformation (about 5 m error, far below what a town label needs).
const rad = Math.PI / 180;
function bngToWgs84(E: number, N: number): { lat: number; lng: number } {
  const a = 6377563.396,
    b = 6356256.909,
    F0 = 0.9996012717;
  const lat0 = 49 * rad,
    lon0 = -2 * rad,
    N0 = -100000,
    E0 = 400000;
  const e2 = 1 - (b * b) / (a * a),
    n = (a - b) / (a + b);
  let lat = lat0,
    M = 0;
  do {
    lat = (N - N0 - M) / (a * F0) + lat;
    const d = lat - lat0,
      s = lat + lat0;
    M =
      b *
      F0 *
      ((1 + n + 1.25 * n * n + 1.25 * n ** 3) * d -
        (3 * n + 3 * n * n + (21 / 8) * n ** 3) * Math.sin(d) * Math.cos(s) +
        ((15 / 8) * n * n + (15 / 8) * n ** 3) * Math.sin(2 * d) * Math.cos(2 * s) -
        (35 / 24) * n ** 3 * Math.sin(3 * d) * Math.cos(3 * s));
  } while (Math.abs(N - N0 - M) >= 0.00001);
  const sin = Math.sin(lat),
    cos = Math.cos(lat),
    tan = Math.tan(lat);
  const nu = (a * F0) / Math.sqrt(1 - e2 * sin * sin);
  const rho = (a * F0 * (1 - e2)) / (1 - e2 * sin * sin) ** 1.5;
  const eta2 = nu / rho - 1;
  const VII = tan / (2 * rho * nu);
  const VIII = (tan / (24 * rho * nu ** 3)) * (5 + 3 * tan ** 2 + eta2 - 9 * tan ** 2 * eta2);
  const IX = (tan / (720 * rho * nu ** 5)) * (61 + 90 * tan ** 2 + 45 * tan ** 4);
  const X = 1 / (cos * nu);
  const XI = (1 / (cos * 6 * nu ** 3)) * (nu / rho + 2 * tan ** 2);
  const XII = (1 / (cos * 120 * nu ** 5)) * (5 + 28 * tan ** 2 + 24 * tan ** 4);
  const XIIA = (1 / (cos * 5040 * nu ** 7)) * (61 + 662 * tan ** 2 + 1320 * tan ** 4 + 720 * tan ** 6);
  const dE = E - E0;
  const phi = lat - VII * dE ** 2 + VIII * dE ** 4 - IX * dE ** 6;
  const lambda = lon0 + X * dE - XI * dE ** 3 + XII * dE ** 5 - XIIA * dE ** 7;
  // OSGB36 (Airy 1830) cartesian → WGS84 (GRS80) by Helmert
  const nuA = a / Math.sqrt(1 - e2 * Math.sin(phi) ** 2);
  const x1 = nuA * Math.cos(phi) * Math.cos(lambda),
    y1 = nuA * Math.cos(phi) * Math.sin(lambda),
    z1 = nuA * (1 - e2) * Math.sin(phi);
  const tx = 446.448,
    ty = -125.157,
    tz = 542.06,
    s = 20.4894e-6;
  const rx = (0.1502 / 3600) * rad,
    ry = (0.247 / 3600) * rad,
    rz = (0.8421 / 3600) * rad;
  const x2 = tx + (1 + s) * x1 - rz * y1 + ry * z1,
    y2 = ty + rz * x1 + (1 + s) * y1 - rx * z1,
    z2 = tz - ry * x1 + rx * y1 + (1 + s) * z1;
  const a2 = 6378137,
    b2 = 6356752.3141,
    e22 = 1 - (b2 * b2) / (a2 * a2);
  const p = Math.hypot(x2, y2);
  let lat2 = Math.atan2(z2, p * (1 - e22)),
    previous = 2 * Math.PI;
  while (Math.abs(lat2 - previous) > 1e-12) {
    previous = lat2;
    lat2 = Math.atan2(z2 + e22 * (a2 / Math.sqrt(1 - e22 * Math.sin(lat2) ** 2)) * Math.sin(lat2), p);
  }
  return { lat: lat2 / rad, lng: Math.atan2(y2, x2) / rad };
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;

/** A point well inside a district (the sampled point farthest from its edges), for its name on the map. */
function labelPoint(feature: DistrictFeature): [number, number] {
  const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  const points = polygons.flatMap((p) => p[0] ?? []);
  const lngs = points.map((p) => p[0]),
    lats = points.map((p) => p[1]);
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  let best: [number, number] = [0, 0],
    bestKm = -1;
  const steps = 40;
  for (let i = 1; i < steps; i++) {
    for (let j = 1; j < steps; j++) {
      const point = { lat: minLat + ((maxLat - minLat) * i) / steps, lng: minLng + ((maxLng - minLng) * j) / steps };
      if (locateDistrict(point, { type: 'FeatureCollection', features: [feature] })?.code !== feature.properties.code)
        continue;
      if (distanceToFeatureKm(point, feature) === 0) continue;
      const km = distanceToFeatureKm(point, feature);
      if (km > bestKm) [best, bestKm] = [[round(point.lat), round(point.lng)], km];
    }
  }
  return best;
}

function districtsOfAreas(areas: string[]): string[] {
  const codes = areas.map((name) => codeOf.get(name) ?? OUTSIDE);
  return [...new Set(codes)];
}

interface Place {
  /** name */
  n: string;
  /** ONS codes of the districts it may be in (or `outside`); one when known */
  d: string[];
  /** [lat, lng] when known: a town label on the map */
  p?: [number, number];
}

const places = new Map<string, Place>();
const outward: Record<string, { town: string; d: string[] }> = {};
const key = (name: string) => name.toLowerCase();

for (const town of sources.towns) {
  const point =
    town.x !== undefined && town.y !== undefined ? bngToWgs84(town.x, town.y) : { lat: town.lat!, lng: town.lng! };
  const district = locateDistrict(point, boundaries);
  if (!district) throw new Error(`${town.name} is outside every district`);
  for (const name of [town.name, ...(town.aliases ?? [])]) {
    places.set(key(name), {
      n: name,
      d: [district.code],
      ...(name === town.name ? { p: [round(point.lat), round(point.lng)] as [number, number] } : {}),
    });
  }
  for (const code of town.outward ?? []) outward[code] = { town: town.name, d: [district.code] };
}

for (const row of sources.outward) {
  const d = districtsOfAreas(row.areas);
  outward[row.code] = { town: row.postTown, d };
  for (const name of row.coverage) {
    const known = places.get(key(name));
    if (known?.p) continue; // a town with coordinates: its own district is known
    places.set(key(name), { n: name, d: [...new Set([...(known?.d ?? []), ...d])].sort() });
  }
}

const labels = Object.fromEntries(boundaries.features.map((f) => [f.properties.code, labelPoint(f)]));
const out = {
  about: `Made by scripts/places/make-places.ts (do not edit); sources in scripts/places/sources.json and content/kent/README.md. ${Object.values(
    sources.sources,
  )
    .map((s) => `${s.attribution} (${s.licence})`)
    .join('; ')}.`,
  labels,
  places: [...places.values()].sort((a, b) => a.n.localeCompare(b.n)),
  outward: Object.fromEntries(Object.entries(outward).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))),
};
writeFileSync(file(`${root}content/kent/places.json`), JSON.stringify(out) + '\n');
console.log(
  `places.json: ${out.places.length} places (${out.places.filter((p) => p.p).length} with a point), ${Object.keys(out.outward).length} outward codes`,
);
