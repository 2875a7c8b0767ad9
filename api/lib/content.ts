import boundariesText from '#content/kent/districts.geojson?raw';
import type { DistrictCollection } from '#rules/geo';

/** The Kent pack's district boundaries (OGL v3, see content/kent/README.md), parsed once. */
export const districtBoundaries = JSON.parse(boundariesText) as DistrictCollection;

export const districtList = districtBoundaries.features
  .map((f) => f.properties)
  .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));

/** Reports whose point lies outside every district are kept under this code, and still count. */
export const OUTSIDE = { code: 'outside', name: 'Outside Kent and Medway' } as const;

export const districtName = (code: string): string =>
  districtList.find((d) => d.code === code)?.name ?? (code === OUTSIDE.code ? OUTSIDE.name : code);
