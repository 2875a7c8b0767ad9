import { describe, expect, it } from 'vitest';
import places from '#content/kent/places.json';
import type { Gazetteer } from '../../ui/map/gazetteer';
import { nearestTown, outwardCode, searchPlaces } from './place-search';

const gazetteer = places as unknown as Gazetteer;
const THANET = 'E07000114';

describe('place search (the pack gazetteer, offline)', () => {
  it('reads the outward code of a full or partial postcode, with or without the space', () => {
    expect(outwardCode('CT9')).toBe('CT9');
    expect(outwardCode(' ct9 ')).toBe('CT9');
    expect(outwardCode('ct9 1ab')).toBe('CT9');
    expect(outwardCode('CT91AB')).toBe('CT9');
    expect(outwardCode('ME14 5XX')).toBe('ME14');
    expect(outwardCode('Margate')).toBeNull();
    expect(outwardCode('9CT')).toBeNull();
  });

  it('finds Margate and CT9 in Thanet', () => {
    const [margate] = searchPlaces(gazetteer, 'margate');
    expect(margate).toMatchObject({ kind: 'place', name: 'Margate', districts: [THANET] });
    expect(margate!.point!.lat).toBeCloseTo(51.38, 1);
    expect(searchPlaces(gazetteer, 'CT9 1AB')).toEqual([
      { kind: 'postcode', name: 'CT9', town: 'Margate', districts: [THANET] },
    ]);
  });

  it('lists the districts of an outward code that spans several, and "outside" for one that leaves Kent', () => {
    const [me5] = searchPlaces(gazetteer, 'ME5');
    expect(me5!.districts.length).toBeGreaterThan(1);
    const [da1] = searchPlaces(gazetteer, 'DA1');
    expect(da1!.districts).toContain('outside');
    expect(da1!.districts).toContain('E07000107'); // Dartford
  });

  it('matches the start of a name or of a later word, ignoring case and apostrophes, best first', () => {
    expect(searchPlaces(gazetteer, 'tunbridge').map((m) => m.name)).toEqual([
      'Tunbridge Wells',
      'Royal Tunbridge Wells',
    ]);
    expect(searchPlaces(gazetteer, 'st marys').map((m) => m.name)).toContain("St Mary's Island");
    expect(searchPlaces(gazetteer, 'x')).toEqual([]);
    expect(searchPlaces(gazetteer, 'Atlantis')).toEqual([]);
    expect(searchPlaces(gazetteer, 'ZZ9')).toEqual([]);
  });

  it('names the nearest town in the same district, within reach', () => {
    expect(nearestTown(gazetteer, { lat: 51.3813, lng: 1.3862 }, THANET)).toBe('Margate');
    expect(nearestTown(gazetteer, { lat: 51.3813, lng: 1.3862 }, 'E07000105')).toBeNull();
  });
});
