/**
 * Where the phone is, from its own location service. The position stays on the phone: callers match it
 * to a district or place a pin with it, and never send it.
 */
import type { LatLng } from '#rules/geo';

/**
 * `precise`: GPS for a pin on a home (slower, more battery); otherwise the phone's quick answer, which is
 * enough to tell a district and may be a few minutes old.
 */
export function currentPosition({ precise }: { precise: boolean }, timeoutMs = 15_000): Promise<LatLng> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new Error('unsupported'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
      (e) => reject(e),
      { enableHighAccuracy: precise, timeout: timeoutMs, maximumAge: precise ? 60_000 : 5 * 60_000 },
    );
  });
}

/** Why the position could not be had, as a `map.*` message key. */
export function locationProblem(
  error: unknown,
): 'map.location_unsupported' | 'map.location_denied' | 'map.location_timeout' | 'map.location_unavailable' {
  const e = error as { code?: number; message?: string };
  if (e.message === 'unsupported') return 'map.location_unsupported';
  // the codes of GeolocationPositionError: 1 denied, 2 unavailable, 3 timed out
  if (e.code === 1) return 'map.location_denied';
  if (e.code === 3) return 'map.location_timeout';
  return 'map.location_unavailable';
}
