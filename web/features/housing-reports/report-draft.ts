/**
 * The report form's state, the checks for each step, and the NewReport it becomes.
 * The checks mirror the contract's zod schema (api/contract/housing-reports.ts) without shipping zod to the
 * phone: typed fields are checked with the contract's own plain values (#contract/report-fields), and
 * report-draft.test.ts proves that whatever passes here passes the contract.
 */
import type { AccommodationType, Category, ContactMethod, FeelsSafe, NewReportInput } from '#contract';
import { EMAIL_PATTERN, FIELD_LIMITS, isPhoneNumber } from '#contract/report-fields';
import { DEFAULT_LOCALE, findLocale } from '../../../locales/index';

/** The contract's limits, by the name of the field they hold back. */
export const LIMITS = FIELD_LIMITS;

export const STEPS = ['problem', 'safety', 'where', 'details', 'photos', 'contact', 'check'] as const;
export type Step = (typeof STEPS)[number];

export interface DraftPhoto {
  blob: Blob;
  /** object URL for the preview; revoked when removed */
  url: string;
}

export interface ReportDraft {
  categories: Category[];
  feelsSafe: FeelsSafe | null;
  where: 'map' | 'district' | null;
  location: { lat: number; lng: number } | null;
  district: string | null;
  /** The district the pin is in (worked out on the phone, to show it; the server decides again). */
  pinDistrict: string | null;
  /** The town, village or outward code the person found, or the town nearest the pin: "near Margate". */
  placeName: string;
  /** Flat or house number and street, if they want to give it (staff with the role only). */
  address: string;
  description: string;
  since: string;
  baby: boolean;
  healthCondition: boolean;
  /** Who lives in the home (staff see them as flags on the report): all optional. */
  children: boolean;
  disabled: boolean;
  pregnant: boolean;
  accommodationType: AccommodationType | null;
  provider: string;
  contactMethod: ContactMethod;
  contactValue: string;
  /** "Through my PA": who the PA is, so the report reaches them (both, or neither). */
  paName: string;
  paEmail: string;
  /** Optional, so the PA knows who the report is from. */
  firstName: string;
  /** Made by a signed-in PA with or for the young person (opened as /report?by=pa): sent as the PA's report. */
  byPa: boolean;
  photos: DraftPhoto[];
}

/** The "who is affected" boxes, in the order the details step shows them (each a `report.details.*` label). */
export const AFFECTED = ['baby', 'children', 'healthCondition', 'disabled', 'pregnant'] as const;
export const AFFECTED_LABEL: Record<(typeof AFFECTED)[number], string> = {
  baby: 'report.details.baby',
  children: 'report.details.children',
  healthCondition: 'report.details.health',
  disabled: 'report.details.disabled',
  pregnant: 'report.details.pregnant',
};

export function emptyDraft(): ReportDraft {
  return {
    categories: [],
    feelsSafe: null,
    where: null,
    location: null,
    district: null,
    pinDistrict: null,
    placeName: '',
    address: '',
    description: '',
    since: '',
    baby: false,
    healthCondition: false,
    children: false,
    disabled: false,
    pregnant: false,
    accommodationType: null,
    provider: '',
    contactMethod: 'pa',
    contactValue: '',
    paName: '',
    paEmail: '',
    firstName: '',
    byPa: false,
    photos: [],
  };
}

/** Whether the person has started filling in the form (drives the unsaved-work registry). */
export function isTouched(d: ReportDraft): boolean {
  return (
    d.categories.length > 0 ||
    d.feelsSafe !== null ||
    d.where !== null ||
    d.description.trim() !== '' ||
    d.address.trim() !== '' ||
    d.photos.length > 0 ||
    d.accommodationType !== null ||
    d.provider !== ''
  );
}

const emailOk = (value: string, max: number) => EMAIL_PATTERN.test(value) && value.length <= max;

/** Problems with one step, as `report.errors.*` message keys (empty = the step is complete). */
export function stepProblems(d: ReportDraft, step: Step, today = new Date()): string[] {
  const problems: string[] = [];
  switch (step) {
    case 'problem':
      if (d.categories.length === 0) problems.push('report.errors.category_required');
      if (d.categories.length > LIMITS.categories) problems.push('report.errors.category_too_many');
      break;
    case 'safety':
      if (!d.feelsSafe) problems.push('report.errors.safety_required');
      break;
    case 'where':
      if (d.where === 'map' && !d.location) problems.push('report.errors.pin_required');
      else if (d.where === 'district' && !d.district) problems.push('report.errors.district_required');
      else if (!d.where) problems.push('report.errors.where_required');
      if (d.address.trim().length > LIMITS.address) problems.push('report.errors.address_too_long');
      break;
    case 'details': {
      const description = d.description.trim();
      if (!description) problems.push('report.errors.description_required');
      if (description.length > LIMITS.description) problems.push('report.errors.description_too_long');
      if (d.since && (!/^\d{4}-\d{2}-\d{2}$/.test(d.since) || d.since > today.toISOString().slice(0, 10))) {
        problems.push('report.errors.since_invalid');
      }
      if (!d.accommodationType) problems.push('report.errors.accommodation_required');
      if (d.provider.trim().length > LIMITS.provider) problems.push('report.errors.provider_too_long');
      break;
    }
    case 'photos':
      if (d.photos.length > LIMITS.photos) problems.push('report.errors.photos_too_many');
      break;
    case 'contact': {
      const value = d.contactValue.trim();
      if (d.contactMethod === 'phone' && !isPhoneNumber(value)) problems.push('report.errors.phone_invalid');
      if (d.contactMethod === 'email' && !emailOk(value, LIMITS.contactValue))
        problems.push('report.errors.email_invalid');
      if (d.contactMethod === 'pa') {
        const name = d.paName.trim();
        const email = d.paEmail.trim();
        // both or neither: a young person who does not know the email still reaches their district's PAs
        if (email && !name) problems.push('report.errors.pa_name_required');
        if (name.length > LIMITS.name) problems.push('report.errors.pa_name_too_long');
        if ((name || email) && !emailOk(email, LIMITS.email)) problems.push('report.errors.pa_email_invalid');
        if (d.firstName.trim().length > LIMITS.name) problems.push('report.errors.first_name_too_long');
      }
      break;
    }
    case 'check':
      for (const s of STEPS) if (s !== 'check') problems.push(...stepProblems(d, s, today));
      break;
  }
  return problems;
}

/**
 * The report as the API expects it, in `language` (the app's language when "Send" is pressed: staff see it,
 * and notes from templates reach the young person in it). Only call when stepProblems(d, 'check') is empty.
 */
export function toNewReport(d: ReportDraft, language: string, createdAt = new Date()): NewReportInput {
  const description = d.description.trim();
  const provider = d.provider.trim();
  const address = d.address.trim();
  const withValue = d.contactMethod === 'phone' || d.contactMethod === 'email';
  const report: NewReportInput = {
    categories: [...d.categories],
    feelsSafe: d.feelsSafe ?? 'not_sure',
    location: d.where === 'map' && d.location ? { lat: d.location.lat, lng: d.location.lng } : null,
    district: d.where === 'district' ? (d.district as NewReportInput['district']) : null,
    description,
    accommodationType: d.accommodationType ?? 'other',
    contact: withValue ? { method: d.contactMethod, value: d.contactValue.trim() } : { method: d.contactMethod },
    language: (findLocale(language)?.code ?? DEFAULT_LOCALE) as NewReportInput['language'],
    createdAt: createdAt.toISOString(),
  };
  if (d.since) report.since = d.since;
  const affected = Object.fromEntries(AFFECTED.map((k) => [k, d[k]]));
  if (AFFECTED.some((k) => d[k])) report.affected = affected;
  if (provider) report.provider = provider;
  if (address) report.address = address;
  if (d.contactMethod === 'pa') {
    if (d.paName.trim() && d.paEmail.trim()) report.pa = { name: d.paName.trim(), email: d.paEmail.trim() };
    if (d.firstName.trim()) report.firstName = d.firstName.trim();
  }
  return report;
}
