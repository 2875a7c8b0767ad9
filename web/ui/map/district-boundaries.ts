/**
 * The district boundaries on the phone: hashed assets of the content pack, in the precache, so the map
 * and point-in-polygon work offline. Every point (pins, "where do I live"), or the overview with about a
 * quarter of the points, for maps of the whole county (scripts/compact-districts.mjs makes both).
 */
import districtsUrl from '#content/kent/districts.web.json?url';
import overviewUrl from '#content/kent/districts-overview.web.json?url';
import { decodeBoundaries, type CompactBoundaries } from '#rules/compact-boundaries';
import type { DistrictCollection } from '#rules/geo';
import { keptLoads } from '../../app/kept-loads';

const loads = keptLoads<DistrictCollection>();

/** Fetched and decoded once per page; a failed fetch is tried again next time. */
export function loadBoundaries(overview = false): Promise<DistrictCollection> {
  return loads(overview ? 'overview' : 'full', async () => {
    const response = await fetch(overview ? overviewUrl : districtsUrl);
    if (!response.ok) throw new Error(`district boundaries: HTTP ${response.status}`);
    return decodeBoundaries((await response.json()) as CompactBoundaries);
  });
}
