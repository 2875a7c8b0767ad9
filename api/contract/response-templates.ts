/**
 * Response templates (content/kent/response-templates.json): the messages staff send most, in every
 * language of the pack, with fields such as {date} and {phone}. Staff pick one and fill its fields; the
 * young person reads it in their own language. No Hono, DB or Vue imports: the API checks a note with
 * these functions and the phone fills the text with them.
 */
import { z } from 'zod';
import { LOCALES, TranslationStatus, type Locale } from './content';
import { isPhoneNumber } from './report-fields';

/** The kinds of field a template may have, and how each is checked. */
export const TEMPLATE_FIELD_KINDS = {
  date: z.iso.date({ error: 'must be a date (YYYY-MM-DD)' }),
  phone: z.string({ error: 'must be text' }).trim().refine(isPhoneNumber, 'must be a phone number'),
} as const;
export type TemplateFieldKind = keyof typeof TEMPLATE_FIELD_KINDS;
const FIELD_NAMES = Object.keys(TEMPLATE_FIELD_KINDS) as [TemplateFieldKind, ...TemplateFieldKind[]];

/** A template's words in one language (`needsUpdate`: its English changed since it was reviewed). */
export const TemplateText = z.strictObject({
  text: z.string().trim().min(1).max(300),
  status: TranslationStatus,
  needsUpdate: z.literal(true).optional(),
});
export type TemplateText = z.infer<typeof TemplateText>;

export const TemplateId = z.string().regex(/^[a-z][a-z0-9_]*$/);

/** A template without its words: what the versioned pack keeps as `responseTemplates.<id>`. */
export const TemplateFacts = z.strictObject({
  id: TemplateId,
  /** Field names, each one of TEMPLATE_FIELD_KINDS; the text holds each as {name}. */
  fields: z.array(z.enum(FIELD_NAMES)),
});
export type TemplateFacts = z.infer<typeof TemplateFacts>;

/** The words `text` must use exactly `fields` as {name}; a message saying so when they do not. */
export function fieldsProblem(fields: readonly string[], text: string): string | null {
  const used = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  return used.length !== fields.length || fields.some((f) => !used.includes(f))
    ? `must use exactly the fields ${fields.join(', ') || '(none)'}`
    : null;
}

export const ResponseTemplate = z
  .strictObject({
    ...TemplateFacts.shape,
    text: z.strictObject(
      Object.fromEntries(LOCALES.map((l) => [l, TemplateText])) as Record<Locale, typeof TemplateText>,
    ),
  })
  .superRefine((t, ctx) => {
    for (const locale of LOCALES) {
      const message = fieldsProblem(t.fields, t.text[locale].text);
      if (message) ctx.addIssue({ code: 'custom', path: ['text', locale], message });
    }
  });
export type ResponseTemplate = z.infer<typeof ResponseTemplate>;

export const ResponseTemplates = z.strictObject({
  templates: z.array(ResponseTemplate).min(1),
  lastChecked: z.iso.date(),
});
export type ResponseTemplates = z.infer<typeof ResponseTemplates>;

/** The problems with a template's filled fields (field → message), none when all is right. */
export function templateFieldProblems(
  template: { fields: readonly string[] },
  fields: Record<string, string>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  for (const name of template.fields as readonly TemplateFieldKind[]) {
    const result = TEMPLATE_FIELD_KINDS[name].safeParse(fields[name]);
    if (!result.success) problems[name] = fields[name] === undefined ? 'is required' : result.error.issues[0]!.message;
  }
  for (const name of Object.keys(fields))
    if (!template.fields.includes(name)) problems[name] = 'is not a field of this template';
  return problems;
}

// zod-free, so the phone can fill a template without downloading the schema library
export { fillTemplate, withTemplateItems, type TemplateOf } from './template-text';
