/**
 * Which fields the studio's form shows for each kind of item, found from the item's key. A field is a path
 * into the item's value and the kind of input it needs; the server checks the saved value with the
 * build's schemas, so these lists say only what to show, never what is allowed.
 */
import type { ListItemKind } from '#contract';
import { Contact, TranslationStatus } from '#contract/content';
import { CouncilTaxScheme, LocalDiscount } from '#contract/content-places';

export type FieldKind =
  'text' | 'longText' | 'url' | 'date' | 'number' | 'lines' | 'phone' | 'yesNo' | 'choice' | 'choices' | 'id';

export interface FormField {
  /** dot path in the item's value: `source.url`, `housingOptions.phone` */
  path: string;
  kind: FieldKind;
  /** its words: `studio.form.field.<label>` */
  label: string;
  /** a fact's source and last-checked date: a draft may lack them, publishing may not */
  forPublish?: boolean;
  /** the fields with the same group are shown together under `studio.form.group.<group>` */
  group?: string;
  /** for `choice` (one of them) and `choices` (any of them; none ticked: the field is left out) */
  choices?: readonly string[];
  /** the i18n key of a choice's words (default `studio.form.choice.<choice>`) */
  choiceKey?: (choice: string) => string;
  /** a choice's words when they are names from the pack (a council, a district), not the app's words */
  choiceNames?: Readonly<Record<string, string>>;
  /** the choices are the draft's items of this kind, found when the form opens (the contacts a page shows) */
  choicesFrom?: 'contact';
  /** for `choices`: none ticked keeps an empty list (the pack needs the list), not leaving the field out */
  keepEmpty?: boolean;
}

export type ItemKind =
  | 'contact'
  | 'contact_words'
  | 'glossary'
  | 'urgent_help'
  | 'district'
  | 'district_words'
  | 'schemes'
  | 'entitlement'
  | 'template'
  | 'template_words';

export interface ItemForm {
  kind: ItemKind;
  fields: FormField[];
  /** the language of words (null: a fact, the same in every language) */
  locale: string | null;
  /** the key of this item's words in a language (a fact with words: contacts, districts) */
  wordsKey?: (locale: string) => string;
  /** the key of the fact these words belong to */
  factKey?: string;
}

/** Where a fact comes from and when it was last checked against it. */
export const sourceOf = (at = '', group?: string): FormField[] => [
  { path: `${at}source.title`, kind: 'text', label: 'source_title', forPublish: true, group },
  { path: `${at}source.url`, kind: 'url', label: 'source_url', forPublish: true, group },
  { path: `${at}lastChecked`, kind: 'date', label: 'last_checked', forPublish: true, group },
  { path: `${at}verified`, kind: 'yesNo', label: 'verified', group },
];

const CONTACT: FormField[] = [
  { path: 'phone', kind: 'phone', label: 'phone' },
  { path: 'url', kind: 'url', label: 'url' },
  { path: 'hours', kind: 'text', label: 'hours' },
  { path: 'sms.number', kind: 'text', label: 'sms_number' },
  { path: 'sms.word', kind: 'text', label: 'sms_word' },
  { path: 'urgent', kind: 'yesNo', label: 'urgent' },
  { path: 'order', kind: 'number', label: 'order' },
  ...sourceOf(),
];

const CONTACT_WORDS: FormField[] = [
  { path: 'name', kind: 'text', label: 'name' },
  { path: 'description', kind: 'longText', label: 'description' },
];

const GLOSSARY: FormField[] = [
  { path: 'term', kind: 'text', label: 'term' },
  { path: 'meaning', kind: 'longText', label: 'meaning' },
];

const URGENT_HELP: FormField[] = [
  { path: 'title', kind: 'text', label: 'title' },
  { path: 'intro', kind: 'longText', label: 'intro' },
  { path: 'steps', kind: 'lines', label: 'steps' },
  { path: 'unverified', kind: 'longText', label: 'unverified' },
  { path: 'homelessTitle', kind: 'text', label: 'homeless_title' },
  { path: 'gasNote', kind: 'longText', label: 'gas_note' },
];

const DISTRICT: FormField[] = [
  {
    path: 'councilTax.scheme',
    kind: 'choice',
    label: 'scheme',
    group: 'council_tax',
    choices: CouncilTaxScheme.options,
  },
  { path: 'councilTax.contact.url', kind: 'url', label: 'council_tax_page', group: 'council_tax' },
  ...sourceOf('councilTax.', 'council_tax'),
  {
    path: 'councilTax.localDiscount.status',
    kind: 'choice',
    label: 'discount_status',
    group: 'local_discount',
    choices: LocalDiscount.shape.status.options,
  },
  { path: 'councilTax.localDiscount.ageFrom', kind: 'number', label: 'age_from', group: 'local_discount' },
  { path: 'councilTax.localDiscount.ageTo', kind: 'number', label: 'age_to', group: 'local_discount' },
  ...sourceOf('councilTax.localDiscount.', 'local_discount'),
  { path: 'housingOptions.name', kind: 'text', label: 'name', group: 'housing_options' },
  { path: 'housingOptions.phone', kind: 'phone', label: 'phone', group: 'housing_options' },
  { path: 'housingOptions.url', kind: 'url', label: 'url', group: 'housing_options' },
  ...sourceOf('housingOptions.', 'housing_options'),
];

const DISTRICT_WORDS: FormField[] = [
  { path: 'name', kind: 'text', label: 'name' },
  { path: 'councilTaxText', kind: 'lines', label: 'council_tax_text' },
];

const SCHEMES: FormField[] = [
  { path: 'rentGuarantor.provider', kind: 'text', label: 'provider', group: 'rent_guarantor' },
  ...sourceOf('rentGuarantor.', 'rent_guarantor'),
  { path: 'councilTax.kcc.ageFrom', kind: 'number', label: 'age_from', group: 'kcc' },
  { path: 'councilTax.kcc.ageTo', kind: 'number', label: 'age_to', group: 'kcc' },
  { path: 'councilTax.kcc.untilBirthday', kind: 'number', label: 'until_birthday', group: 'kcc' },
  ...sourceOf('councilTax.kcc.', 'kcc'),
  { path: 'councilTax.medway.reliefPercent', kind: 'number', label: 'relief_percent', group: 'medway' },
  ...sourceOf('councilTax.medway.', 'medway'),
];

const ENTITLEMENT: FormField[] = [
  { path: 'since', kind: 'date', label: 'since' },
  ...sourceOf(),
  { path: 'sourceDate', kind: 'date', label: 'source_date' },
  { path: 'contactIds', kind: 'choices', label: 'contact_ids', choicesFrom: 'contact' },
];

/** What staff fill in when they send a template (the API's TEMPLATE_FIELD_KINDS). */
const TEMPLATE: FormField[] = [
  {
    path: 'fields',
    kind: 'choices',
    label: 'template_fields',
    choices: ['date', 'phone'],
    choiceKey: (c) => `studio.form.choice.template_${c}`,
    keepEmpty: true,
  },
];

/** A template's words: the message, and whether its translation has been checked. */
const TEMPLATE_WORDS: FormField[] = [
  { path: 'text', kind: 'longText', label: 'template_text' },
  {
    path: 'status',
    kind: 'choice',
    label: 'translation_status',
    choices: TranslationStatus.options,
    choiceKey: (c) => `studio.status.${c}`,
  },
];

/** The form for the item `key`, or null when the studio has no form for it. */
export function formFor(key: string): ItemForm | null {
  const [part, a, b, c, ...rest] = key.split('.');
  if (rest.length) return null;
  if (part === 'contacts' && a && !b)
    return { kind: 'contact', fields: CONTACT, locale: null, wordsKey: (l) => `text.${l}.contacts.${a}` };
  if (part === 'districts' && a && !b)
    return { kind: 'district', fields: DISTRICT, locale: null, wordsKey: (l) => `text.${l}.districts.${a}` };
  if (part === 'entitlements' && a && !b) return { kind: 'entitlement', fields: ENTITLEMENT, locale: null };
  if (key === 'schemes') return { kind: 'schemes', fields: SCHEMES, locale: null };
  if (part === 'responseTemplates' && a && !b)
    return { kind: 'template', fields: TEMPLATE, locale: null, wordsKey: (l) => `text.${l}.responseTemplates.${a}` };
  if (part !== 'text' || !a) return null;
  const words = (kind: ItemKind, fields: FormField[], section: string, factKey?: string): ItemForm => ({
    kind,
    fields,
    locale: a,
    wordsKey: (l) => (c ? `text.${l}.${section}.${c}` : `text.${l}.${section}`),
    factKey,
  });
  if (b === 'urgentHelp' && !c) return words('urgent_help', URGENT_HELP, 'urgentHelp');
  if (b === 'glossary' && c) return words('glossary', GLOSSARY, 'glossary');
  if (b === 'contacts' && c) return words('contact_words', CONTACT_WORDS, 'contacts', `contacts.${c}`);
  if (b === 'districts' && c) return words('district_words', DISTRICT_WORDS, 'districts', `districts.${c}`);
  if (b === 'responseTemplates' && c)
    return words('template_words', TEMPLATE_WORDS, 'responseTemplates', `responseTemplates.${c}`);
  return null;
}

/** The fields of `fields` with their paths under `at` (a form whose value holds several items' values). */
const under = (at: string, fields: readonly FormField[]): FormField[] =>
  fields.map((f) => ({ ...f, path: `${at}.${f.path}` }));

const ID: FormField = { path: 'id', kind: 'id', label: 'id' };

/**
 * The form for a new item of a list (the body of POST /api/content/items): its id, its facts in `value`
 * and, for a contact, its English words in `words`; `keys` gives the item keys the server names problems by.
 */
export const ADD_FORMS: Record<ListItemKind, { fields: FormField[]; keys: (id: string) => Record<string, string> }> = {
  contact: {
    fields: [
      ...under('words', CONTACT_WORDS).map((f) => ({ ...f, group: 'words' })),
      ID,
      { path: 'value.kind', kind: 'choice', label: 'contact_kind', choices: Contact.shape.kind.options },
      ...under('value', CONTACT),
    ],
    keys: (id) => ({ value: `contacts.${id}`, words: `text.en.contacts.${id}` }),
  },
  glossary: {
    fields: [...under('value', GLOSSARY), ID],
    keys: (id) => ({ value: `text.en.glossary.${id}` }),
  },
};

/** The key of the item a removal takes out (with its words in every language), or null: not removable. */
export function removableKey(key: string): string | null {
  const form = formFor(key);
  if (form?.kind === 'contact') return key;
  if (form?.kind === 'glossary' && form.locale === 'en') return key;
  return null;
}

/** `fields` with the choices of those that offer the draft's items (`choicesFrom`) taken from `items`. */
export function withItemChoices(
  fields: readonly FormField[],
  items: readonly { key: string; kind: string; label: string }[],
): FormField[] {
  return fields.map((field) => {
    if (!field.choicesFrom) return field;
    const offered = items.filter((i) => i.kind === field.choicesFrom);
    const idOf = (key: string) => key.slice(key.indexOf('.') + 1);
    return {
      ...field,
      choices: offered.map((i) => idOf(i.key)),
      choiceNames: Object.fromEntries(offered.map((i) => [idOf(i.key), i.label])),
    };
  });
}
