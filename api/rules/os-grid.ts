/**
 * A GPS (WGS84) latitude and longitude as an Ordnance Survey National Grid reference, the way staff and
 * contractors in Britain find a place on an OS map. Following Ordnance Survey's "A guide to coordinate
 * systems in Great Britain": to Cartesian coordinates on the GRS80 ellipsoid, the approximate 7-parameter
 * Helmert transformation to OSGB36 (good to about 3.5 m, well inside a 10-figure reference's metre), back
 * to latitude and longitude on the Airy 1830 ellipsoid, then the National Grid's Transverse Mercator
 * projection. Heights are taken as 0 (a few metres of height move the result by millimetres).
 */

interface Ellipsoid {
  a: number;
  b: number;
}
const GRS80: Ellipsoid = { a: 6378137, b: 6356752.3141 };
const AIRY_1830: Ellipsoid = { a: 6377563.396, b: 6356256.909 };

const RAD = Math.PI / 180;
const ARC_SECOND = RAD / 3600;

/** WGS84/ETRS89 → OSGB36, the guide's approximate parameters: metres, ppm, arc-seconds. */
const HELMERT = { tx: -446.448, ty: 125.157, tz: -542.06, s: 20.4894, rx: -0.1502, ry: -0.247, rz: -0.8421 };

/** The National Grid: true origin 49°N 2°W, false origin 400 km west and 100 km north of it. */
const GRID = { f0: 0.9996012717, lat0: 49 * RAD, lon0: -2 * RAD, e0: 400_000, n0: -100_000 };

type Xyz = [number, number, number];

export function toCartesian(latDeg: number, lonDeg: number, { a, b }: Ellipsoid, height = 0): Xyz {
  const lat = latDeg * RAD;
  const lon = lonDeg * RAD;
  const e2 = (a * a - b * b) / (a * a);
  const nu = a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
  return [
    (nu + height) * Math.cos(lat) * Math.cos(lon),
    (nu + height) * Math.cos(lat) * Math.sin(lon),
    ((1 - e2) * nu + height) * Math.sin(lat),
  ];
}

/** The guide's small-angle Helmert transformation. */
export function helmertToOsgb36([x, y, z]: Xyz): Xyz {
  const { tx, ty, tz } = HELMERT;
  const s = 1 + HELMERT.s * 1e-6;
  const [rx, ry, rz] = [HELMERT.rx * ARC_SECOND, HELMERT.ry * ARC_SECOND, HELMERT.rz * ARC_SECOND];
  return [tx + s * x - rz * y + ry * z, ty + rz * x + s * y - rx * z, tz - ry * x + rx * y + s * z];
}

/** Cartesian → latitude and longitude in degrees (iterated until it moves less than a millimetre). */
export function toLatLon([x, y, z]: Xyz, { a, b }: Ellipsoid): { lat: number; lon: number } {
  const e2 = (a * a - b * b) / (a * a);
  const p = Math.hypot(x, y);
  let lat = Math.atan2(z, p * (1 - e2));
  for (let i = 0; i < 10; i++) {
    const nu = a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
    const next = Math.atan2(z + e2 * nu * Math.sin(lat), p);
    if (Math.abs(next - lat) < 1e-12) {
      lat = next;
      break;
    }
    lat = next;
  }
  return { lat: lat / RAD, lon: Math.atan2(y, x) / RAD };
}

/** OSGB36 latitude and longitude (degrees) → National Grid easting and northing (metres). */
export function projectToGrid(latDeg: number, lonDeg: number): { easting: number; northing: number } {
  const { a, b } = AIRY_1830;
  const { f0, lat0, lon0, e0, n0 } = GRID;
  const lat = latDeg * RAD;
  const lon = lonDeg * RAD;
  const e2 = (a * a - b * b) / (a * a);
  const n = (a - b) / (a + b);
  const sin = Math.sin(lat);
  const cos = Math.cos(lat);
  const tan = Math.tan(lat);
  const nu = (a * f0) / Math.sqrt(1 - e2 * sin * sin);
  const rho = (a * f0 * (1 - e2)) / (1 - e2 * sin * sin) ** 1.5;
  const eta2 = nu / rho - 1;
  const dl = lat - lat0;
  const sl = lat + lat0;
  const m =
    b *
    f0 *
    ((1 + n + (5 / 4) * n ** 2 + (5 / 4) * n ** 3) * dl -
      (3 * n + 3 * n ** 2 + (21 / 8) * n ** 3) * Math.sin(dl) * Math.cos(sl) +
      ((15 / 8) * n ** 2 + (15 / 8) * n ** 3) * Math.sin(2 * dl) * Math.cos(2 * sl) -
      (35 / 24) * n ** 3 * Math.sin(3 * dl) * Math.cos(3 * sl));
  const I = m + n0;
  const II = (nu / 2) * sin * cos;
  const III = (nu / 24) * sin * cos ** 3 * (5 - tan ** 2 + 9 * eta2);
  const IIIA = (nu / 720) * sin * cos ** 5 * (61 - 58 * tan ** 2 + tan ** 4);
  const IV = nu * cos;
  const V = (nu / 6) * cos ** 3 * (nu / rho - tan ** 2);
  const VI = (nu / 120) * cos ** 5 * (5 - 18 * tan ** 2 + tan ** 4 + 14 * eta2 - 58 * tan ** 2 * eta2);
  const dLon = lon - lon0;
  return {
    northing: I + II * dLon ** 2 + III * dLon ** 4 + IIIA * dLon ** 6,
    easting: e0 + IV * dLon + V * dLon ** 3 + VI * dLon ** 5,
  };
}

/** The grid's 100 km squares: two letters, from the 500 km square and the 100 km square within it. */
function squareLetters(easting: number, northing: number): string | null {
  const e100 = Math.floor(easting / 100_000);
  const n100 = Math.floor(northing / 100_000);
  if (e100 < 0 || e100 > 6 || n100 < 0 || n100 > 12) return null;
  // letters A–Z without I, in rows of five from the top left
  let l1 = 19 - n100 - ((19 - n100) % 5) + Math.floor((e100 + 10) / 5);
  let l2 = (((19 - n100) * 5) % 25) + (e100 % 5);
  if (l1 > 7) l1++;
  if (l2 > 7) l2++;
  return String.fromCharCode(65 + l1) + String.fromCharCode(65 + l2);
}

export interface GridReference {
  easting: number;
  northing: number;
  /** e.g. "TR 36950 69720" (1 m), or null outside the grid */
  reference: string | null;
}

/** A WGS84 point (as phones and GPS give it) as a National Grid reference to the metre. */
export function osGridReference(lat: number, lon: number): GridReference {
  const osgb = toLatLon(helmertToOsgb36(toCartesian(lat, lon, GRS80)), AIRY_1830);
  const { easting, northing } = projectToGrid(osgb.lat, osgb.lon);
  const e = Math.round(easting);
  const n = Math.round(northing);
  const letters = squareLetters(e, n);
  const digits = (v: number) => String(v % 100_000).padStart(5, '0');
  return { easting: e, northing: n, reference: letters ? `${letters} ${digits(e)} ${digits(n)}` : null };
}

/** A geo: URI (RFC 5870) that phones open in their map app. */
export const geoUri = (lat: number, lon: number) => `geo:${lat},${lon}`;
