import { z } from 'zod';

export const DistrictRef = z.object({ code: z.string(), name: z.string() });
export type DistrictRef = z.infer<typeof DistrictRef>;

/** A latitude/longitude query or body field: numbers in range, strings from a query coerced. */
export const LatLngQuery = z.object({
  lat: z.coerce
    .number({ error: 'must be a number' })
    .min(-90, 'must be between -90 and 90')
    .max(90, 'must be between -90 and 90'),
  lng: z.coerce
    .number({ error: 'must be a number' })
    .min(-180, 'must be between -180 and 180')
    .max(180, 'must be between -180 and 180'),
});

/**
 * GET /api/health: readiness. 200 when the database takes a write and reads it back, the disk of DATA_DIR
 * has room and every migration this server knows is applied; 503 otherwise, and from the moment the server
 * starts shutting down (`stopping`) while it finishes what is in flight.
 */
export const Health = z.object({
  status: z.enum(['ok', 'failing', 'stopping']),
  database: z.enum(['pglite', 'postgres']),
  version: z.string(),
  checks: z.object({
    database: z.enum(['ok', 'failed']),
    /** free bytes on the disk of DATA_DIR; null when it cannot be measured */
    diskFreeBytes: z.number().nullable(),
    disk: z.enum(['ok', 'low', 'unknown']),
    migrations: z.enum(['current', 'behind', 'unknown']),
  }),
});
export type Health = z.infer<typeof Health>;

/** GET /api/health/live: liveness, the process answers (no database, no disk). */
export const Liveness = z.object({ status: z.literal('ok') });
export type Liveness = z.infer<typeof Liveness>;

/** Runtime settings the web app needs from the server. `tileUrl` null: no tile server (the default). */
export const ClientConfig = z.object({ tileUrl: z.string().nullable(), tileAttribution: z.string() });
export type ClientConfig = z.infer<typeof ClientConfig>;
