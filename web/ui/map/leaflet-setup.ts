/**
 * Everything Leaflet needs, in one lazy chunk: only pages that show a map import this (through
 * BaseMap.vue's dynamic import), so Leaflet is never in the first page's JavaScript.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import iconUrl from 'leaflet/dist/images/marker-icon.png';
import iconRetinaUrl from 'leaflet/dist/images/marker-icon-2x.png';
import shadowUrl from 'leaflet/dist/images/marker-shadow.png';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { loadBoundaries } from './district-boundaries';

// Bundlers rename Leaflet's marker images; point the default icon at the bundled files.
delete (L.Icon.Default.prototype as { _getIconUrl?: unknown })._getIconUrl;
L.Icon.Default.mergeOptions({ iconUrl, iconRetinaUrl, shadowUrl });

export { L };

export type DistrictFeatures = FeatureCollection<Polygon | MultiPolygon, { code: string; name: string }>;

/** The district boundaries: full detail, or (`overview`) simplified for a map of the whole county. */
export async function loadDistricts(overview = false): Promise<DistrictFeatures> {
  return (await loadBoundaries(overview)) as DistrictFeatures;
}

export interface MapConfig {
  /** null: no tile server; the map is the pack's boundaries and place names, drawn on the phone. */
  tileUrl: string | null;
  tileAttribution: string;
}

/** No tiles until the server names a tile server (TILE_URL): nothing is asked of a third party. */
export const DEFAULT_MAP_CONFIG: MapConfig = { tileUrl: null, tileAttribution: '' };

const CONFIG_KEY = 'clh.map-config';

function isMapConfig(value: unknown): value is MapConfig {
  const v = value as Partial<MapConfig> | null;
  const url = v?.tileUrl;
  return (url === null || (typeof url === 'string' && url.includes('{z}'))) && typeof v?.tileAttribution === 'string';
}

/**
 * Tile server from the server's runtime config (GET /api/config, which reads TILE_URL; unset = none). The
 * last answer is kept, so offline the map asks for the same tile addresses the service worker has cached.
 */
export async function loadMapConfig(timeoutMs = 3000): Promise<MapConfig> {
  let stored: MapConfig | undefined;
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(CONFIG_KEY) ?? 'null');
    if (isMapConfig(parsed)) stored = parsed;
  } catch {
    stored = undefined;
  }
  if (!navigator.onLine) return stored ?? DEFAULT_MAP_CONFIG;
  try {
    const response = await fetch('/api/config', { credentials: 'same-origin', signal: AbortSignal.timeout(timeoutMs) });
    const body: unknown = response.ok ? await response.json() : null;
    if (isMapConfig(body)) {
      const config = { tileUrl: body.tileUrl, tileAttribution: body.tileAttribution };
      try {
        localStorage.setItem(CONFIG_KEY, JSON.stringify(config));
      } catch {
        /* storage blocked */
      }
      return config;
    }
  } catch {
    /* offline or slow: use what we have */
  }
  return stored ?? DEFAULT_MAP_CONFIG;
}
