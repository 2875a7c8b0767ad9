import { describe, expect, it } from 'vitest';
import { geoUri, helmertToOsgb36, osGridReference, projectToGrid, toCartesian, toLatLon } from './os-grid';

const dms = (d: number, m: number, s: number) => d + m / 60 + s / 3600;
const GRS80 = { a: 6378137, b: 6356752.3141 };
const AIRY = { a: 6377563.396, b: 6356256.909 };

describe('WGS84 → OS National Grid', () => {
  it("Helmert step: Ordnance Survey's worked example, to the millimetre", () => {
    const [x, y, z] = helmertToOsgb36([3790644.9, -110149.21, 5111482.97]);
    expect(x).toBeCloseTo(3790269.549, 3);
    expect(y).toBeCloseTo(-110038.064, 3);
    expect(z).toBeCloseTo(5111050.261, 3);
  });

  it("projection step: Ordnance Survey's worked example (52°39′27.2531″N 1°43′4.5177″E on Airy 1830)", () => {
    const { easting, northing } = projectToGrid(dms(52, 39, 27.2531), dms(1, 43, 4.5177));
    expect(easting).toBeCloseTo(651409.903, 2);
    expect(northing).toBeCloseTo(313177.27, 2);
  });

  it('Cartesian and back gives the same point', () => {
    const back = toLatLon(toCartesian(51.3813, 1.3862, GRS80), GRS80);
    expect(back.lat).toBeCloseTo(51.3813, 9);
    expect(back.lon).toBeCloseTo(1.3862, 9);
  });

  it('datum shift: WGS84 53°N 1°E is OSGB36 52°59′58.72″N 1°00′06.49″E', () => {
    const osgb = toLatLon(helmertToOsgb36(toCartesian(53, 1, GRS80)), AIRY);
    expect(Math.abs(osgb.lat - dms(52, 59, 58.72)) * 3600).toBeLessThan(0.02);
    expect(Math.abs(osgb.lon - dms(1, 0, 6.49)) * 3600).toBeLessThan(0.02);
  });

  it('the whole chain: letters and figures of the 100 km square', () => {
    // the OS example point, taken back to WGS84 by the published shift (about +1.6″ N, −7″ E here), lands
    // within a few metres of TG 51409 13177
    const ref = osGridReference(dms(52, 39, 28.8), dms(1, 42, 57.8));
    expect(ref.reference).toMatch(/^TG 514\d\d 131\d\d$/);
    expect(Math.abs(ref.easting - 651409)).toBeLessThan(40);
    expect(Math.abs(ref.northing - 313177)).toBeLessThan(40);
    // Margate (Kent) is in TR; Maidstone in TQ; Land's End in SW
    expect(osGridReference(51.3813, 1.3862).reference).toMatch(/^TR /);
    expect(osGridReference(51.2724, 0.5229).reference).toMatch(/^TQ /);
    expect(osGridReference(50.066, -5.714).reference).toMatch(/^SW /);
    expect(osGridReference(40, -30).reference).toBeNull();
  });

  it('a geo: URI for the map app', () => {
    expect(geoUri(51.3813, 1.3862)).toBe('geo:51.3813,1.3862');
  });
});
