/**
 * The Kent content pack against its contract (api/contract/content.ts), plus the rules a schema
 * cannot see: every entitlement has text in every language the pack lists, every district matches
 * the boundary file, no amount appears in English text without a source, no translation keeps an English
 * sentence of an entitlement, and dates are real.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  CATEGORY_IDS,
  ContactList,
  ContentPack,
  ContentText,
  DistrictPolicyList,
  EntitlementFactsList,
  HousingPolicy,
  KENT_AREA_CODES,
  OTHER_AREA_CODES,
  PackManifest,
  REQUIRED_GLOSSARY_TERMS,
  Schemes,
  THEME_IDS,
  type Locale,
} from '../../api/contract/content';

const PACK_DIR = fileURLToPath(new URL('../../content/kent/', import.meta.url));
const readJson = (name: string): unknown => JSON.parse(readFileSync(PACK_DIR + name, 'utf8'));

const REQUIRED_ENTITLEMENT_IDS = [
  'council_tax',
  'rent_guarantor',
  'personal_adviser',
  'pathway_plan',
  'staying_put',
  'setting_up_home',
  'he_bursary',
  'apprenticeship_bursary',
  'priority_need',
  'uc_shared_rate_exemption',
  'id_documents',
];
const MAX_GZIP_BYTES_PER_LOCALE = 40 * 1024;

const manifest = PackManifest.parse(readJson('pack.json'));
const entitlements = EntitlementFactsList.parse(readJson('entitlements.json'));
const districts = DistrictPolicyList.parse(readJson('districts.json'));
const contacts = ContactList.parse(readJson('contacts.json'));
const housingPolicy = HousingPolicy.parse(readJson('housing-policy.json'));
const texts = new Map(manifest.locales.map((locale) => [locale, readText(locale)]));

function readText(locale: Locale) {
  const result = ContentText.safeParse(readJson(`text/${locale}.json`));
  if (!result.success) throw new Error(`text/${locale}.json: ${result.error.message}`);
  return result.data;
}

/** Every value under a key named `key`, with its path, anywhere in a JSON document. */
function collect(value: unknown, key: string, path = '$'): Array<{ path: string; value: unknown }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => collect(v, key, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      ...(k === key ? [{ path: `${path}.${k}`, value: v }] : []),
      ...collect(v, key, `${path}.${k}`),
    ]);
  }
  return [];
}

/** Every plain object anywhere in a JSON document. */
function collectObjects(value: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value.flatMap(collectObjects);
  if (value && typeof value === 'object') {
    return [value as Record<string, unknown>, ...Object.values(value).flatMap(collectObjects)];
  }
  return [];
}

describe('content pack files parse against the contract', () => {
  it.each(['pack.json', 'entitlements.json', 'districts.json', 'schemes.json', 'contacts.json', 'housing-policy.json'])(
    '%s',
    (file) => {
      const schema = {
        'pack.json': PackManifest,
        'entitlements.json': EntitlementFactsList,
        'districts.json': DistrictPolicyList,
        'schemes.json': Schemes,
        'contacts.json': ContactList,
        'housing-policy.json': HousingPolicy,
      }[file]!;
      const result = schema.safeParse(readJson(file));
      expect(result.success ? 'ok' : result.error.message).toBe('ok');
    },
  );

  it('the whole pack parses as one ContentPack', () => {
    const pack = ContentPack.safeParse({
      manifest: readJson('pack.json'),
      entitlements: readJson('entitlements.json'),
      districts: readJson('districts.json'),
      schemes: readJson('schemes.json'),
      contacts: readJson('contacts.json'),
      housingPolicy: readJson('housing-policy.json'),
    });
    expect(pack.success ? 'ok' : pack.error.message).toBe('ok');
  });

  it('English is always shipped, and every listed locale has a text file in that language', () => {
    expect(manifest.locales).toContain('en');
    for (const [locale, text] of texts) {
      expect(text.locale, `text/${locale}.json`).toBe(locale);
      expect(text.status, `text/${locale}.json status vs pack.json translation`).toBe(manifest.translation[locale]);
    }
  });
});

describe('entitlements', () => {
  it('has at least 25 entitlements and the required ones', () => {
    expect(entitlements.length).toBeGreaterThanOrEqual(25);
    const ids = entitlements.map((e) => e.id);
    for (const id of REQUIRED_ENTITLEMENT_IDS) expect(ids, id).toContain(id);
  });

  it('every theme has at least one entitlement', () => {
    for (const theme of THEME_IDS)
      expect(
        entitlements.some((e) => e.theme === theme),
        theme,
      ).toBe(true);
  });

  it('every entitlement has a source and a lastChecked date', () => {
    for (const e of entitlements) {
      expect(e.source.url, e.id).toMatch(/^https?:\/\//);
      expect(e.lastChecked, e.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('links only to contacts and entitlements that exist', () => {
    const contactIds = new Set(contacts.map((c) => c.id));
    const entitlementIds = new Set(entitlements.map((e) => e.id));
    for (const e of entitlements) {
      for (const c of e.contactIds ?? []) expect(contactIds.has(c), `${e.id} → contact ${c}`).toBe(true);
      for (const r of e.related ?? []) expect(entitlementIds.has(r), `${e.id} → related ${r}`).toBe(true);
    }
  });

  it.each([...texts.keys()])(
    'every entitlement has easy-read and full text in %s, and no text is orphaned',
    (locale) => {
      const text = texts.get(locale)!;
      for (const e of entitlements) {
        const t = text.entitlements[e.id];
        expect(t, `${locale}: ${e.id}`).toBeDefined();
        expect(t!.easyRead.length, `${locale}: ${e.id} easy read`).toBeGreaterThanOrEqual(2);
        expect(t!.full.length, `${locale}: ${e.id} full`).toBeGreaterThanOrEqual(1);
        if (manifest.translation[locale] === 'draft') expect(t!.status, `${locale}: ${e.id}`).toBe('draft');
      }
      const ids = new Set(entitlements.map((e) => e.id));
      for (const id of Object.keys(text.entitlements))
        expect(ids.has(id), `${locale}: text for unknown entitlement ${id}`).toBe(true);
    },
  );

  it('English easy read: short sentences, at most 15 words each', () => {
    const en = texts.get('en')!;
    for (const [id, t] of Object.entries(en.entitlements)) {
      for (const sentence of t.easyRead)
        expect(sentence.split(/\s+/).length, `${id}: "${sentence}"`).toBeLessThanOrEqual(15);
    }
  });

  it('every £ amount in the English text is an amount in the facts (nothing invented)', () => {
    const en = texts.get('en')!;
    for (const e of entitlements) {
      const known = new Set([e.amount, ...(e.moreAmounts ?? [])].filter((a) => a !== undefined).map((a) => a.value));
      const t = en.entitlements[e.id]!;
      const words = [t.title, t.summary, ...t.easyRead, ...t.full, t.whoCanGet, ...t.howToGet, t.contact].join(' ');
      for (const match of words.matchAll(/£([\d,]+)/g)) {
        expect(
          known.has(Number(match[1]!.replace(/,/g, ''))),
          `${e.id}: £${match[1]} has no source in entitlements.json`,
        ).toBe(true);
      }
    }
  });
});

describe('districts', () => {
  const geojson = readJson('districts.geojson') as { features: Array<{ properties: { code: string; name: string } }> };
  const boundaryCodes = geojson.features.map((f) => f.properties.code).sort();

  it('the 13 codes in districts.json are exactly the 13 codes of districts.geojson, plus the two "other" choices', () => {
    const packCodes = districts.map((d) => d.code).filter((c) => !(OTHER_AREA_CODES as readonly string[]).includes(c));
    expect(packCodes.sort()).toEqual(boundaryCodes);
    expect(boundaryCodes).toEqual([...KENT_AREA_CODES].sort());
    expect(districts.map((d) => d.code)).toEqual(expect.arrayContaining([...OTHER_AREA_CODES]));
  });

  it('names match the boundary file', () => {
    for (const f of geojson.features) {
      expect(districts.find((d) => d.code === f.properties.code)?.name, f.properties.code).toBe(f.properties.name);
    }
  });

  it('council tax schemes follow the facts: KCC pays in the 12 Kent districts, Medway relief in Medway', () => {
    for (const d of districts) {
      const expected =
        d.code === 'E06000035'
          ? 'medway_relief'
          : d.kind === 'district'
            ? 'kcc_pays'
            : d.kind === 'elsewhere'
              ? 'other_council'
              : 'unknown';
      expect(d.councilTax.scheme, d.code).toBe(expected);
    }
  });

  it('care-leaver counts are never invented: null unless a source publishes one for the area', () => {
    for (const d of districts) expect(d.careLeavers, d.code).toBeNull();
  });

  it.each([...texts.keys()])('every district has a name and council tax text in %s', (locale) => {
    const text = texts.get(locale)!;
    for (const d of districts) {
      expect(text.districts[d.code]?.name, `${locale}: ${d.code}`).toBeTruthy();
      expect(text.districts[d.code]?.councilTaxText.length, `${locale}: ${d.code}`).toBeGreaterThan(0);
    }
  });
});

describe('contacts and housing policy', () => {
  it('urgent help has every line a young person in crisis may need, each with a number to call', () => {
    const urgent = new Map(contacts.filter((c) => c.urgent).map((c) => [c.id, c]));
    const expected: Record<string, string> = {
      emergency_999: '999',
      kent_out_of_hours: '03000 41 91 91',
      kcc_children_daytime: '03000 41 11 11',
      gas_emergency: '0800 111 999',
      shelter_helpline: '0808 800 4444',
      domestic_abuse_helpline: '0808 2000 247',
      samaritans: '116 123',
      nhs_111_mental_health: '111',
      release_the_pressure: '0800 107 0160',
    };
    for (const [id, phone] of Object.entries(expected)) expect(urgent.get(id)?.phone, id).toBe(phone);
    expect(urgent.get('release_the_pressure')?.sms).toEqual({ number: '85258', word: 'SHOUT' });
    for (const c of urgent.values()) expect(c.phone, c.id).toMatch(/\d/);
  });

  it('no line is offered without a sourced number: the 18+ duty line has none, so it is not listed', () => {
    expect(contacts.find((c) => c.id === 'kcc_18_plus_duty')).toBeUndefined();
  });

  it("a council's out-of-hours line names its council", () => {
    for (const c of contacts.filter((x) => x.kind === 'homeless_out_of_hours')) expect(c.district, c.id).toBeDefined();
  });

  it('a contact without a phone or url is marked unverified', () => {
    for (const c of contacts) if (!c.phone && !c.url) expect(c.verified, c.id).toBe(false);
  });

  it.each([...texts.keys()])('%s never tells anyone to ask their PA for a number', (locale) => {
    const text = texts.get(locale)!;
    const en = JSON.stringify(text).toLowerCase();
    if (locale === 'en')
      expect(en).not.toMatch(/ask your pa for (the|a|these|their) (phone )?numbers?|ask your pa for them/);
    // the steps and each contact are checked in every language by what they must say instead
    expect(text.urgentHelp.steps.join(' ')).toContain('999');
    expect(text.urgentHelp.steps).toHaveLength(texts.get('en')!.urgentHelp.steps.length);
  });

  it('has every report category once, with a group and an icon', () => {
    expect(housingPolicy.categories.map((c) => c.id).sort()).toEqual([...CATEGORY_IDS].sort());
  });

  it("deadlines follow Awaab's Law", () => {
    expect(housingPolicy.deadlines.emergency.makeSafeHours).toBe(24);
    expect(housingPolicy.deadlines.significant).toEqual({
      investigateWorkingDays: 10,
      summaryWorkingDays: 3,
      makeSafeWorkingDays: 5,
    });
  });

  it('bank holidays: 8 a year for 2024 to 2028, each on a weekday, including Christmas and New Year substitutes', () => {
    for (const year of [2024, 2025, 2026, 2027, 2028]) {
      expect(
        housingPolicy.bankHolidays.filter((d) => d.startsWith(`${year}-`)),
        String(year),
      ).toHaveLength(8);
    }
    for (const d of housingPolicy.bankHolidays) expect([0, 6], d).not.toContain(new Date(`${d}T12:00:00Z`).getUTCDay());
    expect(housingPolicy.bankHolidays).toEqual(
      expect.arrayContaining(['2026-12-28', '2027-12-27', '2027-12-28', '2028-01-03']),
    );
  });

  it.each([...texts.keys()])('every category and contact has text in %s', (locale) => {
    const text = texts.get(locale)!;
    for (const id of CATEGORY_IDS) expect(text.categories[id]?.label, `${locale}: ${id}`).toBeTruthy();
    // a council's own line is named by its council (text.districts)
    for (const c of contacts) if (!c.district) expect(text.contacts[c.id]?.name, `${locale}: ${c.id}`).toBeTruthy();
  });
});

describe('text files', () => {
  it.each([...texts.keys()])('%s explains every glossary term English has, and the required ones', (locale) => {
    const text = texts.get(locale)!;
    const en = texts.get('en')!;
    for (const term of [...REQUIRED_GLOSSARY_TERMS, ...Object.keys(en.glossary)]) {
      expect(text.glossary[term]?.meaning, `${locale}: ${term}`).toBeTruthy();
    }
  });

  it.each([...texts.keys()])('text/%s.json is at most 40 KB gzipped', (locale) => {
    const bytes = gzipSync(readFileSync(`${PACK_DIR}text/${locale}.json`)).length;
    expect(bytes).toBeLessThanOrEqual(MAX_GZIP_BYTES_PER_LOCALE);
  });

  it.each([...texts.keys()])('%s: no entitlement text is English copied (names and numbers aside)', (locale) => {
    if (locale === 'en') return;
    expect(copiedFromEnglish(texts.get(locale)!, texts.get('en')!)).toEqual([]);
  });

  it.each([...texts.keys()])('%s: easy read, full text and steps have as many lines as the English', (locale) => {
    const text = texts.get(locale)!;
    for (const [id, en] of Object.entries(texts.get('en')!.entitlements)) {
      const t = text.entitlements[id]!;
      for (const field of ['easyRead', 'full', 'howToGet'] as const)
        expect(t[field].length, `${locale}: ${id}.${field}`).toBe(en[field].length);
    }
  });

  it('the copy check can fail: an English sentence left in a translation is found, a line of names and numbers is not', () => {
    const en = texts.get('en')!;
    const id = 'personal_adviser';
    const copy = structuredClone(texts.get('ar')!);
    copy.entitlements = { [id]: copy.entitlements[id]! };
    copy.entitlements[id]!.easyRead[1] = en.entitlements[id]!.easyRead[1]!;
    copy.entitlements[id]!.contact = 'Become \u20660800 023 2033\u2069; Shelter; Citizens Advice.';
    const english = structuredClone(en);
    english.entitlements[id]!.contact = 'Become 0800 023 2033; Shelter; Citizens Advice.';
    expect(copiedFromEnglish(copy, english)).toEqual([`${id}.easyRead.1`]);
  });
});

/**
 * Which texts of a language's entitlements are the English text unchanged. A line made only of names that
 * stay in English (organisations), phone numbers, email and web addresses may be the same in every language.
 */
function copiedFromEnglish(text: ContentText, en: ContentText): string[] {
  const ISOLATES = /[\u2066\u2069]/g;
  const NAMES = /\b(?:Become|Shelter|Citizens Advice)\b/g;
  const ADDRESSES = /\S+@\S+|\b[\w-]+(?:\.[\w-]+)+\b/g;
  const hasWords = (s: string) => /\p{L}{2,}/u.test(s.replace(ADDRESSES, '').replace(NAMES, ''));
  const copied: string[] = [];
  for (const [id, theirs] of Object.entries(text.entitlements)) {
    const ours = en.entitlements[id];
    if (!ours) continue;
    const pairs: Array<[string, string, string]> = [
      ['title', theirs.title, ours.title],
      ['summary', theirs.summary, ours.summary],
      ['whoCanGet', theirs.whoCanGet, ours.whoCanGet],
      ['contact', theirs.contact, ours.contact],
      ...(['easyRead', 'full', 'howToGet'] as const).flatMap((field) =>
        ours[field].map((line, i): [string, string, string] => [`${field}.${i}`, theirs[field][i] ?? '', line]),
      ),
    ];
    for (const [field, t, e] of pairs) if (t.replace(ISOLATES, '') === e && hasWords(e)) copied.push(`${id}.${field}`);
  }
  return copied;
}

describe('dates', () => {
  const today = new Date().toISOString().slice(0, 10);
  const files = ['entitlements.json', 'districts.json', 'schemes.json', 'contacts.json', 'housing-policy.json'];

  it.each(files)('every lastChecked in %s is a real date, not in the future', (file) => {
    const dates = collect(readJson(file), 'lastChecked');
    expect(dates.length).toBeGreaterThan(0);
    for (const { path, value } of dates) {
      expect(typeof value, path).toBe('string');
      const d = value as string;
      expect(new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10), `${path}: not a real date`).toBe(d);
      expect(d <= today, `${path}: ${d} is in the future`).toBe(true);
    }
  });

  it('every sourceDate is no later than the lastChecked beside it', () => {
    for (const file of files) {
      const withBoth = collectObjects(readJson(file)).filter((o) => typeof o.sourceDate === 'string');
      for (const o of withBoth)
        expect((o.sourceDate as string) <= (o.lastChecked as string), `${file}: ${String(o.sourceDate)}`).toBe(true);
    }
  });
});
