/**
 * The building blocks of every content file: languages, dates, sources and how sure a fact is, amounts of
 * money, and the identifiers and icons the files share. No Hono, DB or Vue imports here.
 */
import { z } from 'zod';
import { SUPPORTED_LOCALES } from '../../locales/index';

type Codes<T extends readonly { code: string }[]> = { -readonly [K in keyof T]: T[K]['code'] };

/** The languages' codes, in the order of the app's language registry (locales/index.ts), which is their source. */
export const LOCALES = SUPPORTED_LOCALES.map((l) => l.code) as unknown as Readonly<Codes<typeof SUPPORTED_LOCALES>>;
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/** A calendar date `YYYY-MM-DD` that exists (2023-02-29 fails). */
export const ISODate = z.iso.date();
export type ISODate = z.infer<typeof ISODate>;

export const Source = z.strictObject({
  title: z.string().min(3),
  url: z.url({ protocol: /^https?$/ }),
  /**
   * Not the official source itself: a copy of an official document kept on another website, or a news
   * story or commentary. Shown only in the full details; young people see the official sources.
   */
  kind: z.enum(['copy', 'news']).optional(),
});
export type Source = z.infer<typeof Source>;

export const TranslationStatus = z.enum(['draft', 'reviewed']);
export type TranslationStatus = z.infer<typeof TranslationStatus>;

/** snake_case identifier used for entitlements, contacts and glossary terms. */
export const SnakeId = z.string().regex(/^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/, 'use snake_case');

/** One emoji (a pictograph, optionally with a variation selector or joiner sequence). */
export const Icon = z
  .string()
  .min(1)
  .max(16)
  .regex(/^\p{Extended_Pictographic}/u, 'must start with an emoji');

/** An age in whole years. `ageTo` is inclusive: "until the 21st birthday" is `ageTo: 20`. */
export const Age = z.int().min(0).max(30);

/**
 * Where a fact comes from and how sure we are.
 * - `verified: true`: a source says it, as we say it (as at `sourceDate` when given).
 * - `verified: false`: not confirmed (or possibly out of date): the app says "Ask your PA to confirm".
 */
export const FactMeta = {
  source: Source,
  moreSources: z.array(Source).optional(),
  /** When we last checked the fact against its source. */
  lastChecked: ISODate,
  verified: z.boolean(),
  /** The date printed in (or implied by) the source itself, when it has one. */
  sourceDate: ISODate.optional(),
};

export const Amount = z.strictObject({
  value: z.number().positive(),
  currency: z.literal('GBP'),
  per: z.enum(['year', 'week', 'once', 'month']).optional(),
  /** "up to £120": the most you can get. */
  upTo: z.boolean().optional(),
  /** "usually around £2,000". */
  approximate: z.boolean().optional(),
  /** The amount applies at this age (birthday allowance at 17 and 18). */
  atAge: Age.optional(),
});
export type Amount = z.infer<typeof Amount>;

/** Whether two lists hold the same values (each file lists every theme, district or category once). */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}
