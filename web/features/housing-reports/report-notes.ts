/**
 * The messages of a report's public history, as the young person reads them: a note from a template is
 * written in the phone's language from the template's id and fields (the published templates the phone has);
 * staff's free text is shown as written, in English (the language staff write in), and marked so; the
 * young person's own answers are theirs. Status changes alone are not messages (the status shows them).
 */
import type { PublicUpdate, ReplyKind } from '#contract';
import { fillTemplate, type TemplateOf } from '#contract/template-text';

/** The contract's REPLY_MAX, without downloading the contract's schemas (report-notes.test.ts holds them equal). */
export const REPLY_MAX = 1000;

/** The language staff write free text in (the contract's PublicUpdate.note). */
export const STAFF_NOTE_LANGUAGE = 'en';

export interface NoteView {
  at: string;
  /** A template's text in the phone's language (English when the pack lacks that language), fields filled. */
  template?: { text: string; lang: string; phone?: string };
  /** Free text from staff, in STAFF_NOTE_LANGUAGE. */
  staffText?: string;
  /** The young person's own answer. */
  reply?: { kind: ReplyKind; text?: string };
  /** A template the pack does not have (a newer pack on the server): the free text, if any, is all there is. */
  unknownTemplate?: boolean;
}

/**
 * The messages of `updates`, oldest first. `show` formats a field (dates in the phone's language, numbers
 * isolated for right-to-left text); `templates` is null while the pack's templates are still loading.
 */
export function noteViews(
  updates: PublicUpdate[],
  locale: string,
  templates: readonly TemplateOf[] | null,
  show: (name: string, value: string) => string,
): NoteView[] {
  return updates
    .filter((u) => u.note || u.template || u.reply)
    .map((u) => {
      const view: NoteView = { at: u.at };
      if (u.template) {
        const found = templates?.find((t) => t.id === u.template!.id);
        const lang = found?.text[locale] ? locale : 'en';
        const text = found?.text[lang]?.text;
        // a number to call ("please call {phone}") is also offered as a button that calls it
        const phone = found?.fields.includes('phone') ? u.template.fields.phone : undefined;
        if (text) view.template = { text: fillTemplate(text, u.template.fields, show), lang, ...(phone && { phone }) };
        else if (templates) view.unknownTemplate = true;
      }
      if (u.note) view.staffText = u.note;
      if (u.reply) view.reply = u.reply;
      return view;
    });
}

/** Whether a note from staff (template or free text) is there to answer. */
export const hasStaffNote = (updates: PublicUpdate[]) => updates.some((u) => u.note || u.template);

/** The latest change was the young person's own answer: not news to them. */
export const lastIsOwnAnswer = (updates: PublicUpdate[]) => !!updates.at(-1)?.reply;
