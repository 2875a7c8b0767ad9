/**
 * Where the phone is, as a district, worked out on the phone (offline): the GPS position is never
 * sent anywhere. The boundaries are the pack's, every point, in a hashed file the service worker precaches.
 */
import { locateDistrict, type LatLng } from '#rules/geo';
import { loadBoundaries } from '../../ui/map/district-boundaries';

/** The district code for a point, or `elsewhere_england` when it is outside Kent and Medway. */
export async function districtAt(point: LatLng): Promise<{ code: string; outside: boolean }> {
  const found = locateDistrict(point, await loadBoundaries());
  return found ? { code: found.code, outside: false } : { code: 'elsewhere_england', outside: true };
}
