import { describe, expect, it } from 'vitest';
import boundaries from '#content/kent/districts.geojson?raw';
import { locateDistrict, type DistrictCollection } from './geo';

const districts = JSON.parse(boundaries) as DistrictCollection;
const at = (lat: number, lng: number) => locateDistrict({ lat, lng }, districts)?.name ?? null;

describe('locateDistrict', () => {
  it.each([
    ['Margate', 51.3813, 1.3862, 'Thanet'],
    ['Chatham', 51.38, 0.527, 'Medway'],
    ['Canterbury Cathedral', 51.2798, 1.0828, 'Canterbury'],
    ['Herne Bay seafront', 51.373, 1.128, 'Canterbury'],
    ['Sheerness', 51.44, 0.76, 'Swale'],
    ['Folkestone', 51.0814, 1.1695, 'Folkestone and Hythe'],
  ])('%s is in %s', (_place, lat, lng, expected) => {
    expect(at(lat, lng)).toBe(expected);
  });

  it('snaps a point just off the Margate shore to Thanet', () => {
    // about 500 m north of the Margate seafront, in the sea
    expect(at(51.395, 1.38)).toBe('Thanet');
  });

  it.each([
    ['Paris', 48.8566, 2.3522],
    ['Bexleyheath (London)', 51.456, 0.14],
    ['Dover Strait', 51.1, 1.6],
    ['Hastings', 50.855, 0.573],
  ])('%s is outside', (_place, lat, lng) => {
    expect(at(lat, lng)).toBeNull();
  });
});
