/**
 * Housing reports: the contract of POST /api/reports and GET /api/reports/{trackingCode} (DESIGN §7).
 * The web app (form, outbox, "My reports"), the API, Open311 and the dashboard all use these names.
 * No Hono, DB or Vue imports here.
 */
import { z } from 'zod';
import { ACCOMMODATION_TYPES, CATEGORY_IDS, KENT_AREA_CODES } from './content';
import { DistrictRef } from './districts';

export const Category = z.enum(CATEGORY_IDS, { error: 'is not a known category' });
export type Category = z.infer<typeof Category>;

export const FEELS_SAFE = ['yes', 'no', 'not_sure'] as const;
export const FeelsSafe = z.enum(FEELS_SAFE, { error: 'must be yes, no or not_sure' });
export type FeelsSafe = z.infer<typeof FeelsSafe>;

export const AccommodationType = z.enum(ACCOMMODATION_TYPES, { error: 'is not a known accommodation type' });
export type AccommodationType = z.infer<typeof AccommodationType>;

export const CONTACT_METHODS = ['pa', 'phone', 'email', 'none'] as const;
export const ContactMethod = z.enum(CONTACT_METHODS, { error: 'must be pa, phone, email or none' });
export type ContactMethod = z.infer<typeof ContactMethod>;

export const REPORT_STATUSES = ['new', 'acknowledged', 'investigating', 'works_scheduled', 'resolved', 'closed'] as const;
export const ReportStatus = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof ReportStatus>;

export const DESCRIPTION_MAX = 2000;
export const PROVIDER_MAX = 120;
/** The optional flat or house number and street (private: staff with the role only). */
export const ADDRESS_MAX = 200;
export const CATEGORIES_MAX = 5;
export const PHOTOS_MAX = 3;
/** Per photo, as sent (the phone sends ≤ 1600 px JPEGs, far smaller). */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_MAX_PIXELS = 24_000_000;

const latitude = z
  .number({ error: 'must be a number' })
  .min(-90, 'must be between -90 and 90')
  .max(90, 'must be between -90 and 90');
const longitude = z
  .number({ error: 'must be a number' })
  .min(-180, 'must be between -180 and 180')
  .max(180, 'must be between -180 and 180');

export const ReportLocation = z.object({ lat: latitude, lng: longitude });
export type ReportLocation = z.infer<typeof ReportLocation>;

/** UK-style phone number: digits, spaces, +, brackets and dashes; 7 to 15 digits. */
const PHONE = /^\+?[0-9 ()-]{7,24}$/;

export const ReportContact = z
  .object({
    method: ContactMethod,
    value: z.string({ error: 'must be text' }).trim().max(200, 'must be at most 200 characters').optional(),
  })
  .superRefine((contact, ctx) => {
    const value = contact.value ?? '';
    if (contact.method === 'phone') {
      const digits = value.replace(/\D/g, '').length;
      if (!PHONE.test(value) || digits < 7 || digits > 15) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be a phone number' });
      }
    } else if (contact.method === 'email') {
      if (!z.email().safeParse(value).success) ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be an email address' });
    }
  });
export type ReportContact = z.infer<typeof ReportContact>;

/** What the phone sends. `district` is only used when `location` is null; otherwise the server derives it. */
export const NewReport = z
  .object({
    categories: z
      .array(Category, { error: 'must be a list of categories' })
      .min(1, 'choose at least one')
      .max(CATEGORIES_MAX, `choose at most ${CATEGORIES_MAX}`)
      .refine((list) => new Set(list).size === list.length, 'must not repeat a category'),
    feelsSafe: FeelsSafe,
    location: ReportLocation.nullable(),
    /** ONS code of a Kent district or Medway, or `outside` ("somewhere else"). */
    district: z.enum([...KENT_AREA_CODES, 'outside'], { error: 'is not a known district' }).nullable(),
    description: z
      .string({ error: 'must be text' })
      .trim()
      .min(1, 'must not be empty')
      .max(DESCRIPTION_MAX, `must be at most ${DESCRIPTION_MAX} characters`),
    since: z.iso.date({ error: 'must be a date (YYYY-MM-DD)' }).optional(),
    affected: z
      .object({
        baby: z.boolean({ error: 'must be true or false' }).optional(),
        healthCondition: z.boolean({ error: 'must be true or false' }).optional(),
        /** Added later: apps that do not send them still work (each defaults to false). */
        children: z.boolean({ error: 'must be true or false' }).optional(),
        disabled: z.boolean({ error: 'must be true or false' }).optional(),
        pregnant: z.boolean({ error: 'must be true or false' }).optional(),
      })
      .optional(),
    accommodationType: AccommodationType,
    provider: z.string({ error: 'must be text' }).trim().max(PROVIDER_MAX, `must be at most ${PROVIDER_MAX} characters`).optional(),
    /** Flat or house number and street, if the young person wants to give it. Never in a public answer. */
    address: z.string({ error: 'must be text' }).trim().max(ADDRESS_MAX, `must be at most ${ADDRESS_MAX} characters`).optional(),
    contact: ReportContact,
    createdAt: z.iso.datetime({ offset: true, error: 'must be an ISO date-time' }),
  })
  .superRefine((report, ctx) => {
    if (report.location === null && report.district === null) {
      ctx.addIssue({ code: 'custom', path: ['district'], message: 'is required when there is no location' });
    }
  });
export type NewReport = z.infer<typeof NewReport>;
/** What the form builds before zod has normalised it (same shape). */
export type NewReportInput = z.input<typeof NewReport>;

/**
 * Response deadlines from the pack's housing policy (api/rules/deadlines.ts), ISO date-times in UTC.
 * A key is absent when the policy sets no such clock for the report's categories.
 */
export const ReportDeadlines = z.object({
  acknowledgeBy: z.string().optional(),
  investigateBy: z.string().optional(),
  summaryBy: z.string().optional(),
  makeSafeBy: z.string().optional(),
});
export type ReportDeadlines = z.infer<typeof ReportDeadlines>;

/** Tracking codes: `KNT-` and 16 Crockford base-32 characters in groups of 4 (80 random bits). */
export const TRACKING_CODE_PATTERN = /^KNT(-[0-9A-HJKMNP-TV-Z]{4}){4}$/;

/**
 * 201 body of POST /api/reports. A retry with the same Idempotency-Key and the same body gets this same
 * body again (status 201, header `Idempotency-Replayed: true`).
 */
export const ReportCreated = z.object({
  id: z.string(),
  trackingCode: z.string(),
  status: z.literal('new'),
  district: DistrictRef,
  urgent: z.boolean(),
  receivedAt: z.string(),
  deadlines: ReportDeadlines,
  photos: z.number().int(),
});
export type ReportCreated = z.infer<typeof ReportCreated>;

/** One step of the public history: a change of status and/or a note meant for the young person. */
export const PublicUpdate = z.object({
  at: z.string(),
  status: ReportStatus.optional(),
  note: z.string().optional(),
});
export type PublicUpdate = z.infer<typeof PublicUpdate>;

/**
 * GET /api/reports/{trackingCode}: what anyone holding the code may see. Never the location, address,
 * photos, contact details, description, provider or internal notes.
 */
export const PublicReport = z.object({
  trackingCode: z.string(),
  status: ReportStatus,
  urgent: z.boolean(),
  categories: z.array(Category),
  district: DistrictRef,
  receivedAt: z.string(),
  updatedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  deadlines: ReportDeadlines,
  updates: z.array(PublicUpdate),
});
export type PublicReport = z.infer<typeof PublicReport>;
