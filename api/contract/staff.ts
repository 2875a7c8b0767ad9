/**
 * Staff accounts and sign-in: the contract of /api/auth/*.
 * No Hono, DB or Vue imports here: the web app and the API both use this file.
 */
import { z } from 'zod';
import { KENT_AREA_CODES, Locale } from './content';
import { pageCounts } from './paging';
import { EMAIL_MAX, EMAIL_PATTERN } from './report-fields';

/** `editor` edits and publishes the content pack; `translator` edits the words of the languages they hold. */
export const STAFF_ROLES = ['pa', 'commissioner', 'admin', 'editor', 'translator'] as const;
export const StaffRole = z.enum(STAFF_ROLES, { error: 'must be pa, commissioner, admin, editor or translator' });
export type StaffRole = z.infer<typeof StaffRole>;

/** The languages a translator holds (English is the source text: editors change it). */
export const TranslationLocale = Locale.exclude(['en'], {
  error: 'must be a language code other than en (ar, ti, ckb, vi, ps, fa-AF, sq)',
});
export type TranslationLocale = z.infer<typeof TranslationLocale>;
export const StaffLanguages = z
  .array(TranslationLocale)
  .min(1, 'choose at least one language')
  .refine((list) => new Set(list).size === list.length, 'must not repeat a language');

/** Districts a member of staff may be limited to: the pack's areas, and reports kept as `outside`. */
export const STAFF_DISTRICT_CODES = [...KENT_AREA_CODES, 'outside'] as const;
export const StaffDistricts = z
  .array(z.enum(STAFF_DISTRICT_CODES, { error: 'is not a known district' }))
  .min(1, 'choose at least one district, or none for all')
  .refine((list) => new Set(list).size === list.length, 'must not repeat a district');

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export const StaffEmail = z
  .string({ error: 'must be text' })
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX, `must be at most ${EMAIL_MAX} characters`)
  .regex(EMAIL_PATTERN, 'must be an email address');

export const TotpCode = z
  .string({ error: 'must be text' })
  .trim()
  .regex(/^\d{6}$/, 'must be the 6 digits from your app');

export const LoginRequest = z.object({
  email: StaffEmail,
  password: z.string({ error: 'must be text' }).min(1, 'must not be empty').max(1024, 'is too long'),
  totp: TotpCode.optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** GET /api/auth/me and the 200 body of a sign-in. `districts: null` = every district. */
export const Me = z.object({
  id: z.string(),
  email: z.string(),
  role: StaffRole,
  districts: z.array(z.string()).nullable(),
  /** A translator's languages; null for every other role. */
  languages: z.array(z.string()).nullable(),
  totpEnabled: z.boolean(),
});
export type Me = z.infer<typeof Me>;

export const StaffMember = Me.extend({
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
});
export type StaffMember = z.infer<typeof StaffMember>;

/** POST /api/auth/staff (admin). Without `password`, a strong one is made and returned once. */
export const CreateStaff = z.object({
  email: StaffEmail,
  role: StaffRole,
  districts: StaffDistricts.nullable().optional(),
  /** Required for a translator, refused for other roles. */
  languages: StaffLanguages.optional(),
  password: z
    .string({ error: 'must be text' })
    .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
    .max(PASSWORD_MAX)
    .optional(),
});
export type CreateStaff = z.infer<typeof CreateStaff>;

/**
 * 201 of POST /api/auth/staff and 200 of PATCH with a reset: secrets shown once, never stored readable.
 * An admin account always gets a TOTP secret at creation (admins must use a second factor).
 */
export const StaffSecrets = z.object({
  staff: StaffMember,
  password: z.string().optional(),
  totpSecret: z.string().optional(),
  totpUri: z.string().optional(),
});
export type StaffSecrets = z.infer<typeof StaffSecrets>;

/** PATCH /api/auth/staff/{id} (admin). */
export const UpdateStaff = z
  .strictObject({
    disabled: z.boolean({ error: 'must be true or false' }).optional(),
    districts: StaffDistricts.nullable().optional(),
    languages: StaffLanguages.optional(),
    resetPassword: z.literal(true, { error: 'must be true' }).optional(),
    resetTotp: z.literal(true, { error: 'must be true' }).optional(),
  })
  .refine((u) => Object.keys(u).length > 0, { message: 'say what to change', path: ['(body)'] });
export type UpdateStaff = z.infer<typeof UpdateStaff>;

/** POST /api/auth/totp/setup → a new secret to add to an authenticator app, confirmed by a code. */
export const TotpSetup = z.object({ secret: z.string(), uri: z.string() });
export type TotpSetup = z.infer<typeof TotpSetup>;
export const TotpConfirm = z.object({ code: TotpCode });
/** Replacing an authenticator app needs a code from the current one (a borrowed session cannot swap it). */
export const TotpSetupRequest = z.object({ currentCode: TotpCode.optional() });

/** GET /api/auth/audit (admin). */
export const AuditEntry = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string().nullable(),
  action: z.string(),
  reportId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;
export const AuditPage = z.object({ entries: z.array(AuditEntry), ...pageCounts });
export type AuditPage = z.infer<typeof AuditPage>;
