/**
 * Housing reports: the contract of POST /api/reports and GET /api/reports/{trackingCode}.
 * The web app (form, outbox, "My reports"), the API, Open311 and the dashboard all use these names.
 * No Hono, DB or Vue imports here.
 */
import { z } from 'zod';
import { CATEGORY_IDS, KENT_AREA_CODES, LOCALES } from './content';
import { DistrictRef } from './districts';
import {
  ACCOMMODATION_TYPES,
  ADDRESS_MAX,
  CATEGORIES_MAX,
  CONTACT_METHODS,
  CONTACT_VALUE_MAX,
  DESCRIPTION_MAX,
  EMAIL_MAX,
  EMAIL_PATTERN,
  isPhoneNumber,
  NAME_MAX,
  PHOTOS_MAX,
  PROVIDER_MAX,
} from './report-fields';

export { ADDRESS_MAX, CATEGORIES_MAX, CONTACT_METHODS, DESCRIPTION_MAX, PHOTOS_MAX, PROVIDER_MAX };

export const Category = z.enum(CATEGORY_IDS, { error: 'is not a known category' });
export type Category = z.infer<typeof Category>;

export const FEELS_SAFE = ['yes', 'no', 'not_sure'] as const;
export const FeelsSafe = z.enum(FEELS_SAFE, { error: 'must be yes, no or not_sure' });
export type FeelsSafe = z.infer<typeof FeelsSafe>;

export const AccommodationType = z.enum(ACCOMMODATION_TYPES, { error: 'is not a known accommodation type' });
export type AccommodationType = z.infer<typeof AccommodationType>;

export const ContactMethod = z.enum(CONTACT_METHODS, { error: 'must be pa, phone, email or none' });
export type ContactMethod = z.infer<typeof ContactMethod>;

/** `reopened`: the young person said the problem came back (or was not fixed) after it was resolved or closed. */
export const REPORT_STATUSES = [
  'new',
  'acknowledged',
  'investigating',
  'works_scheduled',
  'resolved',
  'closed',
  'reopened',
] as const;
export const ReportStatus = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof ReportStatus>;

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

export const ReportContact = z
  .object({
    method: ContactMethod,
    value: z
      .string({ error: 'must be text' })
      .trim()
      .max(CONTACT_VALUE_MAX, `must be at most ${CONTACT_VALUE_MAX} characters`)
      .optional(),
  })
  .superRefine((contact, ctx) => {
    const value = contact.value ?? '';
    if (contact.method === 'phone') {
      if (!isPhoneNumber(value)) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be a phone number' });
      }
    } else if (contact.method === 'email') {
      if (!z.email().safeParse(value).success)
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'must be an email address' });
    }
  });
export type ReportContact = z.infer<typeof ReportContact>;

/** The young person's language: staff see it, and notes from templates reach them in it. */
export const ReportLanguage = z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` });
export type ReportLanguage = z.infer<typeof ReportLanguage>;

/** "Through my PA": who the PA is, so the report reaches them (their work email, kept lower-cased). */
export const ReportPa = z.object({
  name: z
    .string({ error: 'must be text' })
    .trim()
    .min(1, 'must not be empty')
    .max(NAME_MAX, `must be at most ${NAME_MAX} characters`),
  email: z
    .string({ error: 'must be text' })
    .trim()
    .toLowerCase()
    .max(EMAIL_MAX, `must be at most ${EMAIL_MAX} characters`)
    .regex(EMAIL_PATTERN, 'must be an email address'),
});
export type ReportPa = z.infer<typeof ReportPa>;

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
    provider: z
      .string({ error: 'must be text' })
      .trim()
      .max(PROVIDER_MAX, `must be at most ${PROVIDER_MAX} characters`)
      .optional(),
    /** Flat or house number and street, if the young person wants to give it. Never in a public answer. */
    address: z
      .string({ error: 'must be text' })
      .trim()
      .max(ADDRESS_MAX, `must be at most ${ADDRESS_MAX} characters`)
      .optional(),
    contact: ReportContact,
    /** Only with `contact.method: 'pa'` (older phones send that method without it). */
    pa: ReportPa.optional(),
    /** Optional, so the PA knows who it is from. */
    firstName: z
      .string({ error: 'must be text' })
      .trim()
      .min(1, 'must not be empty')
      .max(NAME_MAX, `must be at most ${NAME_MAX} characters`)
      .optional(),
    /** Missing means English (phones from before languages were stored). */
    language: ReportLanguage.default('en'),
    createdAt: z.iso.datetime({ offset: true, error: 'must be an ISO date-time' }),
  })
  .superRefine((report, ctx) => {
    if (report.location === null && report.district === null) {
      ctx.addIssue({ code: 'custom', path: ['district'], message: 'is required when there is no location' });
    }
    if (report.pa && report.contact.method !== 'pa') {
      ctx.addIssue({ code: 'custom', path: ['pa'], message: 'only goes with contact method "pa"' });
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

/**
 * `law`: Awaab's Law binds this landlord for this hazard on the report's date (a tenure and a phase in
 * force, both from the pack); `target`: the council's own target for everything else.
 */
export const DEADLINES_BASES = ['law', 'target'] as const;
export const DeadlinesBasis = z.enum(DEADLINES_BASES);
export type DeadlinesBasis = z.infer<typeof DeadlinesBasis>;

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
  deadlinesBasis: DeadlinesBasis,
  photos: z.number().int(),
});
export type ReportCreated = z.infer<typeof ReportCreated>;

/** What the young person can answer from "My reports". */
export const REPLY_KINDS = ['reply', 'not_fixed', 'came_back'] as const;
export const ReplyKind = z.enum(REPLY_KINDS, { error: 'must be reply, not_fixed or came_back' });
export type ReplyKind = z.infer<typeof ReplyKind>;
export const REPLY_MAX = 1000;

/**
 * POST /api/reports/{trackingCode}/replies (with an Idempotency-Key, through the phone's outbox). `came_back`
 * reopens a resolved or closed report (409 otherwise); `not_fixed` reopens one too, and on an open report is
 * recorded as an answer.
 */
export const NewReply = z
  .strictObject({
    kind: ReplyKind,
    text: z
      .string({ error: 'must be text' })
      .trim()
      .min(1, 'must not be empty')
      .max(REPLY_MAX, `must be at most ${REPLY_MAX} characters`)
      .optional(),
  })
  .refine((r) => r.kind !== 'reply' || r.text !== undefined, { message: 'is required for a reply', path: ['text'] });
export type NewReply = z.infer<typeof NewReply>;

/** A note from a template of the pack (content/kent/response-templates.json), with its fields filled in. */
export const TemplateNote = z.object({ id: z.string(), fields: z.record(z.string(), z.string()) });
export type TemplateNote = z.infer<typeof TemplateNote>;

/**
 * One step of the public history: a change of status, a note for the young person (`template`: shown in
 * their language; `note`: free text, written by staff in English) and/or the young person's own answer.
 */
export const PublicUpdate = z.object({
  at: z.string(),
  status: ReportStatus.optional(),
  note: z.string().optional(),
  template: TemplateNote.optional(),
  reply: z.object({ kind: ReplyKind, text: z.string().optional() }).optional(),
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
  deadlinesBasis: DeadlinesBasis,
  accommodationType: AccommodationType,
  updates: z.array(PublicUpdate),
});
export type PublicReport = z.infer<typeof PublicReport>;
