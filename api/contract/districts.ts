import { z } from 'zod';

export const DistrictRef = z.object({ code: z.string(), name: z.string() });
export type DistrictRef = z.infer<typeof DistrictRef>;

/** A latitude/longitude query or body field: numbers in range, strings from a query coerced. */
export const LatLngQuery = z.object({
  lat: z.coerce.number({ error: 'must be a number' }).min(-90, 'must be between -90 and 90').max(90, 'must be between -90 and 90'),
  lng: z.coerce.number({ error: 'must be a number' }).min(-180, 'must be between -180 and 180').max(180, 'must be between -180 and 180'),
});

export const Health = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  version: z.string(),
});
export type Health = z.infer<typeof Health>;

/** Runtime settings the web app needs from the server. `tileUrl` null: no tile server (the default). */
export const ClientConfig = z.object({ tileUrl: z.string().nullable(), tileAttribution: z.string() });
export type ClientConfig = z.infer<typeof ClientConfig>;
