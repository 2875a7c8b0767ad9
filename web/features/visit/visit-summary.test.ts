import { describe, expect, it } from 'vitest';
import {
  buildSummary,
  describeSummary,
  escapeHtml,
  summaryToHtml,
  summaryToText,
  type SummaryWords,
} from './visit-summary';

const facts = {
  entitlements: [
    { id: 'council_tax', icon: '🏛️', contactIds: ['kcc'] },
    { id: 'rent_guarantor', icon: '🔑', contactIds: ['kcc', 'shelter'] },
    { id: 'bursary', icon: '🎓' },
    { id: 'staying_put', icon: '🏠' },
  ],
  contacts: [
    { id: 'shelter', order: 5, url: 'https://example.org/shelter' },
    { id: 'kcc', order: 1, phone: '03000 41 41 41' },
    { id: 'unused', order: 0, phone: '999' },
  ],
};

const draft = {
  lang: 'ti' as const,
  createdAt: Date.UTC(2026, 10, 23),
  paContact: 'Sam, 07700 900123',
  marks: {
    bursary: { status: 'getting' as const, note: 'Paid <monthly>' },
    council_tax: { status: 'apply' as const, step: { who: 'pa' as const, what: 'Send the form', by: '2026-12-10' } },
    rent_guarantor: { status: 'apply' as const, step: { who: 'young_person' as const, by: '2026-12-01' } },
    staying_put: { status: 'not_eligible' as const, step: { what: 'Ask again at 18' } },
  },
};

function words(lang: string, dir: 'ltr' | 'rtl' = 'ltr'): SummaryWords {
  return {
    lang,
    dir,
    t: (key, values) => ({ text: `${lang}:${key}${values ? JSON.stringify(values) : ''}`, lang }),
    title: (id) => ({ text: `${lang}-title-${id}`, lang }),
    contactName: (id) => ({ text: `${lang}-contact-${id}`, lang: 'en' }),
    askPa: { text: `${lang}-ask-pa`, lang },
    formatDate: (iso) => `${lang}(${iso})`,
    formatDay: () => `${lang}(day)`,
  };
}

describe('buildSummary', () => {
  const model = buildSummary(draft, facts, ['council_tax', 'rent_guarantor', 'bursary', 'staying_put']);

  it('sorts what they get, what they apply for, and next steps by date (undated last)', () => {
    expect(model.getting.map((i) => i.id)).toEqual(['bursary']);
    expect(model.getting[0]!.note).toBe('Paid <monthly>');
    expect(model.apply.map((i) => i.id)).toEqual(['council_tax', 'rent_guarantor']);
    expect(model.steps.map((s) => [s.id, s.by])).toEqual([
      ['rent_guarantor', '2026-12-01'],
      ['council_tax', '2026-12-10'],
      ['staying_put', undefined],
    ]);
    expect(model.later).toEqual([]);
  });

  it('lists the contacts of what they get or apply for, once, in the pack order', () => {
    expect(model.contacts).toEqual([
      { id: 'kcc', phone: '03000 41 41 41' },
      { id: 'shelter', url: 'https://example.org/shelter' },
    ]);
  });

  it('says it in each language, with the same rows', () => {
    const ti = describeSummary(model, words('ti'));
    const en = describeSummary(model, words('en'));
    expect(ti.sections.map((s) => s.key)).toEqual(['getting', 'apply', 'steps', 'contacts']);
    expect(ti.sections.map((s) => s.items.length)).toEqual(en.sections.map((s) => s.items.length));
    const step = ti.sections[2]!.items[1]!;
    expect(step.title.text).toBe('ti-title-council_tax');
    expect(step.lines.map((l) => l.text)).toEqual([
      'ti:visit.summary.step_who_what{"who":"ti:visit.who.pa","what":"Send the form"}',
      'ti:visit.summary.step_by{"date":"ti(2026-12-10)"}',
    ]);
    const noDate = ti.sections[2]!.items[2]!;
    expect(noDate.lines.map((l) => l.text)).toEqual(['Ask again at 18', 'ti:visit.summary.step_no_date']);
    const contacts = ti.sections[3]!.items;
    expect(contacts.map((c) => c.key)).toEqual(['contact-pa', 'contact-kcc', 'contact-shelter']);
    expect(contacts[1]!.lines).toEqual([{ text: '03000 41 41 41', lang: '', kind: 'tel' }]);
  });

  it('writes plain text and a self-contained, escaped web page', () => {
    const docs = [describeSummary(model, words('ar', 'rtl')), describeSummary(model, words('en'))];
    const text = summaryToText(docs);
    expect(text).toContain('• ar-title-bursary');
    expect(text.indexOf('ar:visit.summary.title')).toBeLessThan(text.indexOf('en:visit.summary.title'));
    const html = summaryToHtml(docs, 'Care Leaver Hub');
    expect(html).toMatch(/^<!doctype html>\n<html lang="ar" dir="rtl">/);
    expect(html).toContain('<div class="cell" lang="en" dir="ltr">');
    expect(html).toContain('Paid &lt;monthly&gt;');
    expect(html).not.toContain('<monthly>');
    expect(html).toContain('<a href="tel:03000414141">03000 41 41 41</a>');
    expect(html).toContain('@page { size: A4');
    expect(html).not.toMatch(/<script|<link|src=/);
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
