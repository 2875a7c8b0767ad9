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

export function currentPosition(timeoutMs = 15_000): Promise<LatLng> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new Error('unsupported'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
      (e) => reject(e),
      { enableHighAccuracy: false, timeout: timeoutMs, maximumAge: 5 * 60_000 },
    );
  });
}
