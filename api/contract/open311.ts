/**
 * Open311 API keys: the contract of /api/admin/api-keys (admin only). The Open311 endpoints
 * themselves follow the GeoReport v2 specification (docs/open311.md), not this file.
 * No Hono, DB or Vue imports here: the web app and the API both use this file.
 */
import { z } from 'zod';
import { STAFF_DISTRICT_CODES } from './staff';

/** A key's districts: the pack's areas and `outside`; null = every district. */
export const ApiKeyDistricts = z
  .array(z.enum(STAFF_DISTRICT_CODES, { error: 'is not a known district' }))
  .min(1, 'choose at least one district, or none for all')
  .refine((list) => new Set(list).size === list.length, 'must not repeat a district');

/**
 * What a key reads: `districts`, every report in its districts (a council); `own`, only the reports it
 * submitted (a housing provider or another partner). Either way it submits only in its districts.
 */
export const ApiKeyScope = z.enum(['districts', 'own'], { error: 'must be districts or own' });
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

/** POST /api/admin/api-keys. */
export const CreateApiKey = z.object({
  name: z
    .string({ error: 'must be text' })
    .trim()
    .min(1, 'must not be empty')
    .max(120, 'must be at most 120 characters'),
  districts: ApiKeyDistricts.nullable().default(null),
  scope: ApiKeyScope.default('districts'),
});
export type CreateApiKey = z.infer<typeof CreateApiKey>;
export type CreateApiKeyInput = z.input<typeof CreateApiKey>;

/** A key as the admin list shows it: never the key itself, only its first characters. */
export const ApiKeySummary = z.object({
  id: z.string(),
  name: z.string(),
  keyPrefix: z.string(),
  districts: z.array(z.string()).nullable(),
  scope: ApiKeyScope,
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKeySummary = z.infer<typeof ApiKeySummary>;

/** 201 of POST /api/admin/api-keys: the only time the key is shown. */
export const ApiKeyCreated = z.object({ apiKey: ApiKeySummary, key: z.string() });
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;

/** GET /api/admin/api-keys. */
export const ApiKeyList = z.object({ apiKeys: z.array(ApiKeySummary) });
export type ApiKeyList = z.infer<typeof ApiKeyList>;
