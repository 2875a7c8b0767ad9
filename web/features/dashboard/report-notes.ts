/**
 * What staff and PAs read about a report's young person and the notes sent to them: the young person's
 * language by name ("Arabic (العربية)"), and a template note as its English text with the fields put in.
 * The templates are the published content's: the pack's own with the published version's changes laid
 * over them (web/app/content-overlay.ts, brought up to date on every page), as the API checks every note
 * against the published version and the young person's phone shows the same template in their language.
 */
import { computed } from 'vue';
import templatesJson from '#content/kent/response-templates.json';
import type { ReplyKind, ReportStatus, TemplateNote } from '#contract';
import { fillTemplate, withTemplateItems, type TemplateOf } from '#contract/template-text';
import { findLocale, formatDateFor } from '../../../locales/index';
import { contentOverlay } from '../../app/content-overlay';

const published = computed(() =>
  withTemplateItems(templatesJson.templates as TemplateOf[], contentOverlay.value?.items ?? {}),
);

/** The published templates (reactive: read in a component, it follows a newer version). */
export const responseTemplates = (): readonly TemplateOf[] => published.value;

export const templateById = (id: string) => published.value.find((t) => t.id === id);

/** A field's value as the text shows it: a date (YYYY-MM-DD) in words, anything else as typed. */
function showField(locale: string) {
  return (name: string, value: string) =>
    name === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? // midday, so no time zone moves the day
        formatDateFor(locale, `${value}T12:00:00`, { dateStyle: 'long' })
      : value;
}

/** The template's text in `locale` (English by default) with the filled fields put in; unfilled ones stay `{name}`. */
export function templateText(note: TemplateNote, locale = 'en'): string {
  const template = templateById(note.id);
  if (!template) return note.id;
  const text = template.text[locale] ?? template.text.en;
  if (!text) return note.id;
  const filled = Object.fromEntries(Object.entries(note.fields).filter(([, v]) => v.trim() !== ''));
  return fillTemplate(text.text, filled, showField(locale));
}

/** Whether a field of the chosen template is still empty (the API checks each field's form). */
export const templateFieldsMissing = (note: TemplateNote) =>
  (templateById(note.id)?.fields ?? []).some((name) => !note.fields[name]?.trim());

// one per UI language, kept (making one costs far more than using one)
const displayNames = new Map<string, Intl.DisplayNames | null>();

/**
 * A language by name for staff: its name in the page's language and its own name, "Arabic (العربية)";
 * English alone for English. The code itself where the browser has no name for it.
 */
export function languageName(code: string, uiLocale: string): string {
  const info = findLocale(code);
  if (!displayNames.has(uiLocale)) {
    try {
      displayNames.set(uiLocale, new Intl.DisplayNames([uiLocale, 'en'], { type: 'language' }));
    } catch {
      displayNames.set(uiLocale, null);
    }
  }
  const name = displayNames.get(uiLocale)?.of(code) ?? code;
  return !info || name === info.endonym ? name : `${name} (${info.endonym})`;
}

/** One step of a report's history as staff and PAs read it (DashboardReportHistory.vue). */
export interface HistoryStep {
  at: string;
  /** `reporter`, a member of staff's email, or `system`. */
  actor?: string;
  status?: ReportStatus | null;
  template?: TemplateNote | null;
  /** The note for the young person, in staff's words. */
  note?: string | null;
  reply?: { kind: ReplyKind; text?: string | null } | null;
  internalNote?: string | null;
}
