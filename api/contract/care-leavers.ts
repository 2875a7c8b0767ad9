/**
 * Care leavers living in each district, as an admin enters them (GET/PUT/DELETE /api/admin/care-leavers):
 * the number, where it comes from and the date it describes. The dashboard's "per 100 care leavers" uses
 * the entered number, else the content pack's. No Hono, DB or Vue imports: the web app and the API share it.
 */
import { z } from 'zod';
import { KENT_AREA_CODES } from './content';

/** The districts care leavers are counted in: Kent and Medway's (never "outside"). */
export const CARE_LEAVER_DISTRICTS = KENT_AREA_CODES;

/** The most care leavers one district could have: a typo (an extra zero or two) is refused, not published. */
export const MAX_CARE_LEAVERS = 20_000;

// a day ahead of UTC: just after midnight in summer the UK's date is already tomorrow's in UTC
const latestDay = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** PUT /api/admin/care-leavers/{district} */
export const SetCareLeavers = z.strictObject({
  careLeavers: z
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .max(MAX_CARE_LEAVERS, `must be ${MAX_CARE_LEAVERS} or fewer`),
  source: z
    .string({ error: 'must say where the number comes from' })
    .trim()
    .min(1, 'must say where the number comes from')
    .max(300, 'must be 300 characters or fewer'),
  asOf: z.iso
    .date({ error: 'must be a date (YYYY-MM-DD)' })
    .refine((d) => d <= latestDay(), 'must not be in the future'),
});
export type SetCareLeavers = z.infer<typeof SetCareLeavers>;

export const DistrictCareLeavers = z.object({
  code: z.enum(CARE_LEAVER_DISTRICTS),
  name: z.string(),
  /** What an admin entered, or null. */
  entered: z
    .object({
      careLeavers: z.number(),
      source: z.string(),
      asOf: z.string(),
      updatedAt: z.string(),
      updatedBy: z.string().nullable(),
    })
    .nullable(),
  /** The content pack's number, used while nothing is entered (often null). */
  pack: z.number().nullable(),
});
export type DistrictCareLeavers = z.infer<typeof DistrictCareLeavers>;

/** GET /api/admin/care-leavers */
export const CareLeaversList = z.object({ districts: z.array(DistrictCareLeavers) });
export type CareLeaversList = z.infer<typeof CareLeaversList>;
