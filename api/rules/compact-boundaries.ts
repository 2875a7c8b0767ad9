/**
 * District boundaries as the phone downloads them (web/ui/map/district-boundaries.ts fetches them): content/kent/districts.web.json (every point of
 * districts.geojson) and districts-overview.web.json (fewer points, for the county map), both made by
 * scripts/compact-districts.mjs. Each ring is a string in Google's encoded-polyline characters: the change
 * in longitude, then latitude, from the point before, in units of 1 / `scale` degrees. The source has five
 * decimals, so with `scale` 100000 nothing is lost, at under a quarter of GeoJSON's bytes (every phone
 * precaches these files). https://developers.google.com/maps/documentation/utilities/polylinealgorithm
 */
import type { DistrictCollection, DistrictFeature, Position } from './geo';

export interface CompactBoundaries {
  scale: number;
  features: { code: string; name: string; type: 'Polygon' | 'MultiPolygon'; polygons: string[][] }[];
}

export function decodeRing(text: string, scale: number): Position[] {
  const ring: Position[] = [];
  let at = 0;
  const next = (): number => {
    let value = 0;
    let shift = 0;
    let chunk: number;
    do {
      chunk = text.charCodeAt(at++) - 63;
      value |= (chunk & 0x1f) << shift;
      shift += 5;
    } while (chunk >= 0x20);
    return value & 1 ? ~(value >> 1) : value >> 1;
  };
  let x = 0;
  let y = 0;
  while (at < text.length) {
    x += next();
    y += next();
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

/** The GeoJSON the map and point-in-polygon use. */
export function decodeBoundaries(compact: CompactBoundaries): DistrictCollection {
  return {
    type: 'FeatureCollection',
    features: compact.features.map(({ code, name, type, polygons }): DistrictFeature => {
      const coordinates = polygons.map((rings) => rings.map((ring) => decodeRing(ring, compact.scale)));
      return {
        type: 'Feature',
        properties: { code, name },
        geometry: type === 'Polygon' ? { type, coordinates: coordinates[0]! } : { type, coordinates },
      };
    }),
  };
}
