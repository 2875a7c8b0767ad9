/**
 * Point-in-polygon over the pack's district boundaries, shared by the phone (offline) and the server.
 * The boundaries stop at the high-water line, so a point in the sea or an estuary close to the shore
 * snaps to the nearest district.
 */
export type Position = [number, number, ...number[]]; // GeoJSON order: [lng, lat]
type Ring = Position[];
type PolygonCoords = Ring[];

export interface DistrictFeature {
  type: 'Feature';
  properties: { code: string; name: string };
  geometry: { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
}

export interface DistrictCollection {
  type: 'FeatureCollection';
  features: DistrictFeature[];
}

export interface LatLng {
  lat: number;
  lng: number;
}

/** How far off the coast a point may be and still belong to the nearest district. */
export const SNAP_DISTANCE_KM = 1.5;

const polygonsOf = (f: DistrictFeature): PolygonCoords[] =>
  f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;

function inRing(point: LatLng, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > point.lat !== yj > point.lat && point.lng < ((xj - xi) * (point.lat - yi)) / (yj - yi) + xi) {
      inside = !inside;
    }
  }
  return inside;
}

function inPolygon(point: LatLng, [outer, ...holes]: PolygonCoords): boolean {
  return !!outer && inRing(point, outer) && !holes.some((hole) => inRing(point, hole));
}

/** Distance in km from a point to a segment, on a local equirectangular projection (fine at 1–2 km). */
function distanceToSegmentKm(p: LatLng, a: Position, b: Position): number {
  const kmPerDegLat = 111.32;
  const kmPerDegLng = 111.32 * Math.cos((p.lat * Math.PI) / 180);
  const ax = (a[0] - p.lng) * kmPerDegLng,
    ay = (a[1] - p.lat) * kmPerDegLat;
  const bx = (b[0] - p.lng) * kmPerDegLng,
    by = (b[1] - p.lat) * kmPerDegLat;
  const dx = bx - ax,
    dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSquared));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/** Distance in km from a point to the nearest edge of a district (0 only on an edge). */
export function distanceToFeatureKm(point: LatLng, feature: DistrictFeature): number {
  let best = Infinity;
  for (const polygon of polygonsOf(feature)) {
    for (const ring of polygon) {
      for (let i = 1; i < ring.length; i++) best = Math.min(best, distanceToSegmentKm(point, ring[i - 1]!, ring[i]!));
    }
  }
  return best;
}

/** The district containing the point, else the nearest within SNAP_DISTANCE_KM, else null (outside). */
export function locateDistrict(point: LatLng, districts: DistrictCollection): DistrictFeature['properties'] | null {
  const containing = districts.features.find((f) => polygonsOf(f).some((poly) => inPolygon(point, poly)));
  if (containing) return containing.properties;
  let nearest: DistrictFeature | null = null;
  let nearestKm = SNAP_DISTANCE_KM;
  for (const feature of districts.features) {
    const km = distanceToFeatureKm(point, feature);
    if (km <= nearestKm) {
      nearest = feature;
      nearestKm = km;
    }
  }
  return nearest?.properties ?? null;
}

/** A label point for a district (the mean of its largest ring): used where a location must not be exact. */
export function districtCentroid(feature: DistrictFeature): LatLng {
  const rings = polygonsOf(feature).map((p) => p[0] ?? []);
  const ring = rings.reduce((a, b) => (b.length > a.length ? b : a), [] as Ring);
  const sum = ring.reduce((acc, [lng, lat]) => ({ lat: acc.lat + lat, lng: acc.lng + lng }), { lat: 0, lng: 0 });
  return { lat: sum.lat / ring.length, lng: sum.lng / ring.length };
}
