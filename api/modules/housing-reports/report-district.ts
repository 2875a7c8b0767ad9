/** The district a report is filed in: from its point on the map, or the district the young person chose. */
import type { NewReport } from '#contract';
import { locateDistrict } from '#rules/geo';
import { districtBoundaries, districtName, OUTSIDE } from '../../lib/content';

/** Each district's bounding box (every ring's every point), in the pack's order. */
const boxes = districtBoundaries.features.map((f) => {
  const box = { minLng: Infinity, maxLng: -Infinity, minLat: Infinity, maxLat: -Infinity };
  const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (const [lng, lat] of ring) {
        box.minLng = Math.min(box.minLng, lng);
        box.maxLng = Math.max(box.maxLng, lng);
        box.minLat = Math.min(box.minLat, lat);
        box.maxLat = Math.max(box.maxLat, lat);
      }
    }
  }
  return box;
});

/**
 * The districts with the ones whose bounding box holds the point first: point-in-polygon then usually
 * tests one or two districts instead of walking the rings of most of the 13 (the districts do not overlap,
 * so the first that contains the point is the same district in either order; the snap to the nearest
 * still sees them all).
 */
function likelyFirst({ lat, lng }: { lat: number; lng: number }): typeof districtBoundaries {
  const inBox = (i: number) =>
    lng >= boxes[i]!.minLng && lng <= boxes[i]!.maxLng && lat >= boxes[i]!.minLat && lat <= boxes[i]!.maxLat;
  const features = districtBoundaries.features;
  return {
    ...districtBoundaries,
    features: [...features.filter((_, i) => inBox(i)), ...features.filter((_, i) => !inBox(i))],
  };
}

/** The district of a report: from the point when there is one (outside every district → `outside`). */
export function resolveDistrict(report: Pick<NewReport, 'location' | 'district'>): { code: string; name: string } {
  if (report.location) return locateDistrict(report.location, likelyFirst(report.location)) ?? { ...OUTSIDE };
  const code = report.district ?? OUTSIDE.code;
  return { code, name: districtName(code) };
}
