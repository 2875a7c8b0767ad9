import { describe, expect, it } from 'vitest';
import { fromInput, problemsByField, readField, underForm, writeField } from './form-values';
import { ADD_FORMS, formFor, removableKey, withItemChoices } from './item-forms';

describe('a form’s fields in an item’s value', () => {
  it('reads and writes by path, and takes an emptied field out with the objects it leaves empty', () => {
    const district = { code: 'E07000105', councilTax: { scheme: 'kcc_pays', contact: { url: 'https://a.example' } } };
    expect(readField(district, 'councilTax.contact.url')).toBe('https://a.example');
    const cleared = writeField(district, 'councilTax.contact.url', fromInput('url', '  '));
    expect(cleared).toEqual({ code: 'E07000105', councilTax: { scheme: 'kcc_pays' } });
    expect(district.councilTax.contact.url).toBe('https://a.example');
    expect(writeField({}, 'source.title', 'Kent')).toEqual({ source: { title: 'Kent' } });
    expect(fromInput('number', '21')).toBe(21);
    expect(fromInput('number', '2x')).toBe('2x');
    expect(fromInput('yesNo', false)).toBe(false);
  });

  it('puts each server problem beside its field, and keeps the rest apart', () => {
    const form = formFor('contacts.kent_out_of_hours')!;
    const { byField, others } = problemsByField('contacts.kent_out_of_hours', form.fields, {
      'contacts.kent_out_of_hours.url': 'Invalid URL',
      'contacts.kent_out_of_hours.source': 'Invalid input',
      'contacts.kent_out_of_hours.moreSources.0.url': 'Invalid URL',
      'contacts.emergency_999.phone': 'Invalid string',
    });
    expect(byField).toEqual({ url: 'Invalid URL', 'source.title': 'Invalid input' });
    expect(Object.keys(others)).toEqual([
      'contacts.kent_out_of_hours.moreSources.0.url',
      'contacts.emergency_999.phone',
    ]);
    const steps = problemsByField('text.en.urgentHelp', formFor('text.en.urgentHelp')!.fields, {
      'text.en.urgentHelp.steps.2': 'Too small',
    });
    expect(steps.byField).toEqual({ steps: 'Too small' });
  });

  it('puts a new item’s problems beside the fields of the form that adds it', () => {
    const form = ADD_FORMS.contact;
    const problems = underForm(
      {
        id: 'already used',
        'contacts.youth_hub.phone': 'Invalid string',
        'text.en.contacts.youth_hub.name': 'Too small',
        'entitlements.pip.contactIds': 'still shows youth_hub',
      },
      form.keys('youth_hub'),
    );
    const { byField, others } = problemsByField('', form.fields, problems);
    expect(byField).toEqual({ id: 'already used', 'value.phone': 'Invalid string', 'words.name': 'Too small' });
    expect(Object.keys(others)).toEqual(['entitlements.pip.contactIds']);
    expect(ADD_FORMS.glossary.keys('youth_hub')).toEqual({ value: 'text.en.glossary.youth_hub' });
  });

  it('removes contacts and English glossary words only, and offers the draft’s contacts on a page', () => {
    expect(removableKey('contacts.shelter')).toBe('contacts.shelter');
    expect(removableKey('text.en.glossary.sanction')).toBe('text.en.glossary.sanction');
    expect(removableKey('text.ar.glossary.sanction')).toBeNull();
    expect(removableKey('districts.E07000105')).toBeNull();
    const fields = withItemChoices(formFor('entitlements.council_tax')!.fields, [
      { key: 'contacts.shelter', kind: 'contact', label: 'Shelter' },
      { key: 'text.en.glossary.pa', kind: 'glossary', label: 'PA' },
    ]);
    expect(fields.find((f) => f.path === 'contactIds')).toMatchObject({
      kind: 'choices',
      choices: ['shelter'],
      choiceNames: { shelter: 'Shelter' },
    });
  });

  it('finds the form of each kind of item from its key, and none for a key it does not edit', () => {
    expect(formFor('text.ar.glossary.pa')).toMatchObject({ kind: 'glossary', locale: 'ar' });
    expect(formFor('text.ar.glossary.pa')!.wordsKey!('sq')).toBe('text.sq.glossary.pa');
    expect(formFor('text.vi.contacts.emergency_999')!.factKey).toBe('contacts.emergency_999');
    expect(formFor('districts.E07000105')!.wordsKey!('en')).toBe('text.en.districts.E07000105');
    expect(
      formFor('entitlements.council_tax')!
        .fields.filter((f) => f.forPublish)
        .map((f) => f.path),
    ).toEqual(['source.title', 'source.url', 'lastChecked']);
    expect(formFor('districts.E07000105')!.fields.map((f) => f.path)).toContain('councilTax.localDiscount.status');
    expect(formFor('eligibility')).toBeNull();
    expect(formFor('text.en.entitlements.pip')).toBeNull();
  });
});

describe('a form’s value held by Vue', () => {
  it('is written through its reactive proxy', async () => {
    const { reactive } = await import('vue');
    const held = reactive({ phone: '03000 41 91 91', source: { title: 'Kent' } });
    expect(writeField(held, 'phone', '03000 41 00 00')).toEqual({ phone: '03000 41 00 00', source: { title: 'Kent' } });
  });
});
