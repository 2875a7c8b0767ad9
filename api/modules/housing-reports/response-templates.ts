/** The pack's response templates, checked against the contract once at start-up, and a note checked against them. */
import templatesJson from '#content/kent/response-templates.json';
import { ResponseTemplates, templateFieldProblems, type TemplateNote } from '#contract';
import { ApiError } from '../../lib/errors';

export const responseTemplates: ResponseTemplates = ResponseTemplates.parse(templatesJson);

/** 400 naming the field unless `note` is a template of the pack with every field filled in right. */
export function assertTemplateNote(note: TemplateNote): void {
  const template = responseTemplates.templates.find((t) => t.id === note.id);
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
