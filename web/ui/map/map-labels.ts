/**
 * The names of the districts and towns, drawn on the map as text (not focusable; no tile needed). Town
 * names are hidden at the county's zoom by BaseMap's stylesheet. Leaflet itself is passed in, so this
 * file does not pull it into a page that has no map.
 */
import type { Map as LeafletMap } from 'leaflet';
import { loadGazetteer } from './gazetteer';

type Leaflet = typeof import('leaflet');

/** `gone`: the map was taken down while the names were loading, so nothing is drawn. */
export async function addLabels(
  L: Leaflet,
  m: LeafletMap,
  geo: { features: { properties: { code: string; name: string } }[] },
  gone: () => boolean,
) {
  try {
    const gazetteer = await loadGazetteer();
    if (gone()) return;
    const label = (text: string, point: [number, number], kind: 'district' | 'town') =>
      L.marker(point, {
        interactive: false,
        keyboard: false,
        // textContent, never HTML: the names come from a data file
        icon: L.divIcon({
          className: `map-label map-label--${kind}`,
          html: Object.assign(document.createElement('span'), { textContent: text }),
        }),
      }).addTo(m);
    for (const { properties } of geo.features) {
      const point = gazetteer.labels[properties.code];
      if (point) label(properties.name, point, 'district');
    }
    for (const place of gazetteer.places) if (place.p) label(place.n, place.p, 'town');
  } catch (error) {
    console.warn('Map labels could not load', error); // the map works without them
  }
}
