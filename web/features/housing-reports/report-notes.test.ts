import { describe, expect, it } from 'vitest';
import { REPLY_MAX as CONTRACT_REPLY_MAX, type PublicUpdate, type ResponseTemplates } from '#contract';
import templatesJson from '#content/kent/response-templates.json';
import { withTemplateItems } from '#contract/template-text';
import { hasStaffNote, lastIsOwnAnswer, noteViews, REPLY_MAX } from './report-notes';

const templates = templatesJson as ResponseTemplates;
const show = (name: string, value: string) => `<${name}:${value}>`;
const visit = templates.templates.find((t) => t.fields.includes('date'))!;

const updates: PublicUpdate[] = [
  { at: '2026-03-02T10:00:00Z', status: 'new' },
  { at: '2026-03-03T10:00:00Z', status: 'acknowledged', template: { id: visit.id, fields: { date: '2026-03-10' } } },
  { at: '2026-03-04T10:00:00Z', note: 'Bring the cat in please.' },
  { at: '2026-03-05T10:00:00Z', reply: { kind: 'reply', text: 'OK' } },
];

describe('the messages of a report', () => {
  it("a template note is written in the phone's language, with its fields shown by the phone", () => {
    const [templated] = noteViews(updates, 'ar', templates.templates, show);
    expect(templated!.template!.lang).toBe('ar');
    expect(templated!.template!.text).toContain('<date:2026-03-10>');
    expect(templated!.template!.text).not.toContain('{date}');
    // Arabic, not the English text
    expect(templated!.template!.text.replace('<date:2026-03-10>', '')).toMatch(/[\u0600-\u06FF]/);
    expect(templated!.template!.text).not.toContain(visit.text.en.text.split('{')[0]!.trim());
  });

  it('a number to call in a template is also given apart (the phone offers to call it)', () => {
    const access = templates.templates.find((t) => t.fields.includes('phone'))!;
    const [view] = noteViews(
      [{ at: 'x', template: { id: access.id, fields: { phone: '01234 567890' } } }],
      'ps',
      templates.templates,
      show,
    );
    expect(view!.template).toMatchObject({ lang: 'ps', phone: '01234 567890' });
    expect(view!.template!.text).toContain('<phone:01234 567890>');
    expect(noteViews(updates, 'en', templates.templates, show)[0]!.template!.phone).toBeUndefined();
  });

  it("free text from staff is kept as written (marked in English), answers are the young person's", () => {
    const views = noteViews(updates, 'vi', templates.templates, show);
    expect(views.map((v) => v.at)).toEqual(updates.slice(1).map((u) => u.at)); // a status change alone is no message
    expect(views[1]).toEqual({ at: updates[2]!.at, staffText: 'Bring the cat in please.' });
    expect(views[2]).toEqual({ at: updates[3]!.at, reply: { kind: 'reply', text: 'OK' } });
  });

  it('a template the pack does not have is flagged (once the templates are there), never shown as its id', () => {
    const unknown: PublicUpdate[] = [{ at: 'x', template: { id: 'from_a_newer_pack', fields: {} } }];
    expect(noteViews(unknown, 'en', templates.templates, show)[0]).toEqual({ at: 'x', unknownTemplate: true });
    expect(noteViews(unknown, 'en', null, show)[0]).toEqual({ at: 'x' }); // still loading
  });

  it('a template is read as the published version the phone has stored says, not as built', () => {
    const published = withTemplateItems(templates.templates, {
      [`text.ar.responseTemplates.${visit.id}`]: { text: 'زيارة يوم {date}', status: 'reviewed' },
      'responseTemplates.received': null,
    });
    const [view] = noteViews(updates, 'ar', published, show);
    expect(view!.template!.text).toBe('زيارة يوم <date:2026-03-10>');
    const gone: PublicUpdate[] = [{ at: 'x', template: { id: 'received', fields: {} } }];
    expect(noteViews(gone, 'ar', published, show)[0]).toEqual({ at: 'x', unknownTemplate: true });
    expect(noteViews(gone, 'ar', templates.templates, show)[0]!.template).toBeDefined();
  });

  it("knows when there is a staff note to answer, and when the last change was the person's own", () => {
    expect(hasStaffNote(updates)).toBe(true);
    expect(hasStaffNote([updates[0]!, updates[3]!])).toBe(false);
    expect(lastIsOwnAnswer(updates)).toBe(true);
    expect(lastIsOwnAnswer(updates.slice(0, 3))).toBe(false);
  });

  it("limits an answer's length as the API does", () => {
    expect(REPLY_MAX).toBe(CONTRACT_REPLY_MAX);
  });
});
