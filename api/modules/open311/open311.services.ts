/**
 * Open311 services = our report categories (content/kent/housing-policy.json), named with the pack's
 * English words (content/kent/text/en.json). Each has one service definition with the attributes a
 * partner sends as `attribute[code]=value`.
 */
import districtsJson from '#content/kent/districts.json';
import textEn from '#content/kent/text/en.json';
import { FEELS_SAFE, type AccommodationType, type Category } from '#contract';
import { ACCOMMODATION_TYPES, KENT_AREA_CODES, type CategoryGroup } from '../../contract/content';
import { districtName, OUTSIDE } from '../../lib/content';
import { housingPolicy } from '../housing-reports/housing-reports.policy';
import { list, type Open311Object } from './open311.format';

interface CategoryText {
  label: string;
  hint: string;
}
const text = textEn as unknown as {
  categories: Record<Category, CategoryText>;
  accommodationTypes: Record<AccommodationType, string>;
};

/** The dashboard's category groups, in words. */
export const GROUP_NAMES: Record<CategoryGroup, string> = {
  damp_mould: 'Damp and mould',
  electrics_gas_fire: 'Electrics, gas and fire',
  security_safety: 'Security and safety',
  other: 'Other',
};

/** Our one jurisdiction. `jurisdiction_id` is optional (the spec needs it only for multi-jurisdiction servers). */
export const JURISDICTION_ID = 'kent.gov.uk';

const councils = new Map(
  (districtsJson as unknown as { code: string; council: string | null }[]).map((d) => [d.code, d.council]),
);

/** `agency_responsible`: the district's council; reports outside every district stay with Kent County Council. */
export const agencyResponsible = (districtCode: string): string => councils.get(districtCode) ?? 'Kent County Council';

export const serviceName = (code: Category): string => text.categories[code]?.label ?? code;

export const isServiceCode = (code: string): code is Category => housingPolicy.categories.some((c) => c.id === code);

/** GET /services: one service per category. */
export function serviceList(): Open311Object[] {
  return housingPolicy.categories.map((category) => {
    const words = text.categories[category.id];
    const hazards = [category.hhsrs, ...(category.alsoHhsrs ?? [])].filter((h): h is string => !!h);
    const description = hazards.length
      ? `${words.hint} HHSRS hazard: ${hazards.join('; ')}${hazards.at(-1)!.endsWith('.') ? '' : '.'}`
      : words.hint;
    return {
      service_code: category.id,
      service_name: words.label,
      description,
      metadata: true,
      type: 'realtime',
      keywords: [
        words.label.toLowerCase(),
        ...hazards.map((h) => h.toLowerCase()),
        category.emergencyByDefault ? 'emergency' : null,
      ]
        .filter((k): k is string => !!k)
        .join(', '),
      group: GROUP_NAMES[category.group],
    } satisfies Open311Object;
  });
}

// ── Service definitions (the same attributes for every category) ─────────────────────────────

export type AttributeDatatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface AttributeDefinition {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  datatypeDescription: string;
  description: string;
  /** singlevaluelist: key → name. */
  values?: { key: string; name: string }[];
  /** For string and text. */
  maxLength?: number;
}

export const AFFECTED_MAX = 200;

export const FEEL_SAFE_NAMES: Record<(typeof FEELS_SAFE)[number], string> = {
  yes: 'Yes',
  no: 'No: not safe at home right now (the report is urgent)',
  not_sure: 'Not sure',
};

export const ATTRIBUTES: readonly AttributeDefinition[] = [
  {
    code: 'feel_safe',
    datatype: 'singlevaluelist',
    required: true,
    datatypeDescription: 'yes, no or not_sure',
    description: 'Does the young person feel safe at home right now? "no" marks the report urgent (24-hour clock).',
    values: FEELS_SAFE.map((key) => ({ key, name: FEEL_SAFE_NAMES[key] })),
  },
  {
    code: 'accommodation_type',
    datatype: 'singlevaluelist',
    required: true,
    datatypeDescription: 'One of the keys listed',
    description: 'What kind of home is it?',
    values: ACCOMMODATION_TYPES.map((key) => ({ key, name: text.accommodationTypes[key] ?? key })),
  },
  {
    code: 'district',
    datatype: 'singlevaluelist',
    // the spec has no "required unless"; the rule is in datatype_description and enforced on POST
    required: false,
    datatypeDescription:
      'ONS code of the district. Required when the request gives address_string instead of lat and long; ignored otherwise (the district is found from the point).',
    description: 'Which district is the home in?',
    values: [
      ...KENT_AREA_CODES.map((key) => ({ key, name: districtName(key) })),
      { key: OUTSIDE.code, name: OUTSIDE.name },
    ],
  },
  {
    code: 'affected',
    datatype: 'text',
    required: false,
    datatypeDescription: `Free text, at most ${AFFECTED_MAX} characters`,
    description: 'Who is affected? For example a baby, or someone with asthma or another health condition.',
    maxLength: AFFECTED_MAX,
  },
  {
    code: 'provider',
    datatype: 'string',
    required: false,
    datatypeDescription: 'At most 120 characters',
    description: 'The landlord or housing provider.',
    maxLength: 120,
  },
  {
    code: 'since',
    datatype: 'datetime',
    required: false,
    datatypeDescription: 'ISO 8601 date or date-time',
    description: 'Since when has the problem been there?',
  },
];

/** GET /services/{code}: `<service_definition>` with its `<attributes>`. */
export function serviceDefinition(code: Category): Open311Object {
  return {
    service_code: code,
    attributes: list(
      'attribute',
      ATTRIBUTES.map((a, index) => ({
        variable: true,
        code: a.code,
        datatype: a.datatype,
        required: a.required,
        datatype_description: a.datatypeDescription,
        order: index + 1,
        description: a.description,
        values: a.values
          ? list(
              'value',
              a.values.map((v) => ({ key: v.key, name: v.name })),
            )
          : undefined,
      })),
    ),
  };
}
