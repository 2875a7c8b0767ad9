import { describe, expect, it } from 'vitest';
import { ResponseTemplates, templateFieldProblems } from '#contract';
import templatesJson from '#content/kent/response-templates.json';
import { languageName, responseTemplates, templateById, templateFieldsMissing, templateText } from './report-notes';

describe('report notes for staff', () => {
  it('names each language in the page language and in its own words', () => {
    expect(languageName('ar', 'en')).toBe('Arabic (العربية)');
    expect(languageName('fa-AF', 'en')).toBe('Dari (دری)');
    expect(languageName('ckb', 'en')).toBe('Central Kurdish (کوردی (سۆرانی))');
    expect(languageName('en', 'en')).toBe('English');
    // a code the browser has no name for stays as it is
    expect(languageName('xx', 'en')).toBe('xx');
  });

  it('uses the pack templates the API checks notes against', () => {
    expect(responseTemplates()).toEqual(ResponseTemplates.parse(templatesJson).templates);
    expect(templateById('visit_on')?.fields).toEqual(['date']);
  });

  it('fills a template in English (dates in words), and in the young person language', () => {
    expect(templateText({ id: 'visit_on', fields: { date: '2026-12-10' } })).toBe(
      'Someone will visit your home on 10 December 2026.',
    );
    expect(templateText({ id: 'need_access', fields: { phone: '01843 577000' } })).toContain(
      'Please call 01843 577000',
    );
    // an empty field shows where it goes
    expect(templateText({ id: 'visit_on', fields: { date: '' } })).toBe('Someone will visit your home on {date}.');
    const arabic = templateText({ id: 'visit_on', fields: { date: '2026-12-10' } }, 'ar');
    expect(arabic).toContain('ديسمبر');
    expect(arabic).not.toContain('{date}');
    expect(templateText({ id: 'gone', fields: {} })).toBe('gone');
  });

  it('says a template is not ready while a field is empty, as the API would refuse it', () => {
    const empty = { id: 'visit_on', fields: { date: ' ' } };
    expect(templateFieldsMissing(empty)).toBe(true);
    expect(Object.keys(templateFieldProblems(templateById('visit_on')!, empty.fields))).toEqual(['date']);
    expect(templateFieldsMissing({ id: 'visit_on', fields: { date: '2026-12-10' } })).toBe(false);
    expect(templateFieldsMissing({ id: 'received', fields: {} })).toBe(false);
  });
});
