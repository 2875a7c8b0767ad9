/**
 * The response templates staff may send: those of the published content version (a template edited in
 * the studio counts once it is published, never while it is a draft), and a note checked against them.
 */
import { templateFieldProblems, type PackDocument, type TemplateNote, type TemplateOf } from '#contract';
import type { Queryable } from '../../db/client';
import { ApiError } from '../../lib/errors';
import { currentVersion, packOf } from '../content/content.queries';

/** The templates of `pack`: each one's fields and its words in every language that has them. */
export function templatesOfPack(pack: PackDocument): TemplateOf[] {
  return (pack.responseTemplates ?? []).map(({ id, fields }) => ({
    id,
    fields,
    text: Object.fromEntries(
      Object.entries(pack.text).flatMap(([locale, text]) => {
        const words = text?.responseTemplates?.[id];
        return words ? [[locale, words]] : [];
      }),
    ),
  }));
}

export async function publishedTemplates(db: Queryable): Promise<TemplateOf[]> {
  const current = await currentVersion(db);
  const pack = current ? await packOf(db, current.version) : null;
  return pack ? templatesOfPack(pack) : [];
}

/** 400 naming the field unless `note` is a published template with every field filled in right. */
export async function assertTemplateNote(db: Queryable, note: TemplateNote): Promise<void> {
  const template = (await publishedTemplates(db)).find((t) => t.id === note.id);
  if (!template)
    throw new ApiError(400, 'invalid', 'There is no such template.', { 'template.id': 'is not a known template' });
  const problems = templateFieldProblems(template, note.fields);
  if (Object.keys(problems).length > 0) {
    throw new ApiError(
      400,
      'invalid',
      'Fill in the template’s fields.',
      Object.fromEntries(Object.entries(problems).map(([name, problem]) => [`template.fields.${name}`, problem])),
    );
  }
}
