/**
 * The places of the content pack (content/kent/places.json, made by scripts/places/make-places.ts): towns
 * with a point (the map's town labels), villages and postcode districts with the districts they may be in,
 * and a label point per district. A hashed asset in the precache, fetched once per page: the map's labels
 * and the report's place search work offline.
 */
import placesUrl from '#content/kent/places.json?url';
import { keptLoads } from '../../app/kept-loads';

export interface GazetteerPlace {
  /** name */
  n: string;
  /** the districts (ONS codes, or `outside`) it may be in: one when known */
  d: string[];
  /** [lat, lng]: a town, labelled on the map */
  p?: [number, number];
}

export interface Gazetteer {
  /** where it comes from, and the licences */
  about: string;
  /** district code → [lat, lng] of its name on the map */
  labels: Record<string, [number, number]>;
  places: GazetteerPlace[];
  /** outward code (`CT9`) → its post town and the districts it reaches */
  outward: Record<string, { town: string; d: string[] }>;
}

const loads = keptLoads<Gazetteer>();

export function loadGazetteer(): Promise<Gazetteer> {
  return loads('places', async () => {
    const response = await fetch(placesUrl);
    if (!response.ok) throw new Error(`places: HTTP ${response.status}`);
    return (await response.json()) as Gazetteer;
  });
}
