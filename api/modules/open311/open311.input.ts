/**
 * What an Open311 client sends, read and checked: the list filters, the POST form (into the app's own
 * NewReport), its idempotency token, and refusals in the spec's shape. open311.routes.ts answers with them.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { DESCRIPTION_MAX, NewReport, type Category, type NewReportInput } from '#contract';
import type { Open311Error } from './open311.format';
import { MAX_REQUESTS, type RequestFilter } from './open311.requests';
import { ATTRIBUTES, isServiceCode } from './open311.services';

/** A refusal in the spec's shape: a list of errors with 400, 403 or 404 (405 for a wrong method). */
export class Open311Failure extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 405,
    readonly errors: Open311Error[],
  ) {
    super(errors.map((e) => e.description).join(' '));
  }
}

export const fail = (status: 400 | 403 | 404 | 405, ...descriptions: string[]) =>
  new Open311Failure(
    status,
    descriptions.map((description) => ({ code: status, description })),
  );

/** The spec's limit on a query's date range. */
export const MAX_SPAN_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;
const LAST_TIME = Date.parse('9999-12-31T23:59:59.999Z');
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Same rule as the app's Idempotency-Key (housing-reports.routes.ts). */
const TOKEN = /^[A-Za-z0-9_.:-]{8,128}$/;
const ADDRESS_MAX = 500;
const MEDIA_URL_MAX = 2000;
/** The spec's own limit on `description`; ours is lower (DESCRIPTION_MAX) and checked after. */
const SPEC_DESCRIPTION_MAX = 4000;

/** An empty parameter counts as absent (spec: "General information"). */
export const given = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value.trim() === '' ? undefined : value.trim();

export function readFilter(c: Context): RequestFilter {
  const q = (name: string) => given(c.req.query(name));
  const ids = q('service_request_id');
  if (ids !== undefined) {
    const all = ids
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    if (all.length > MAX_REQUESTS)
      throw fail(400, `Ask for at most ${MAX_REQUESTS} service_request_id values at once.`);
    // an id that cannot exist matches nothing (it is not an error: the others are still answered)
    return { ids: all.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()) };
  }

  const errors: string[] = [];
  const filter: RequestFilter = {};
  const serviceCode = q('service_code');
  if (serviceCode !== undefined) {
    if (!isServiceCode(serviceCode)) throw fail(404, `Unknown service_code "${serviceCode}".`);
    filter.serviceCode = serviceCode;
  }
  const status = q('status');
  if (status !== undefined) {
    const wanted = new Set(
      status
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    );
    if ([...wanted].some((s) => s !== 'open' && s !== 'closed'))
      errors.push('status must be open, closed or both (comma-separated).');
    else if (wanted.size === 1) filter.status = [...wanted][0] as 'open' | 'closed';
  }
  const start = q('start_date');
  const end = q('end_date');
  const from = start === undefined ? undefined : parseW3c(start, 'start');
  const to = end === undefined ? undefined : parseW3c(end, 'end');
  if (from === null)
    errors.push('start_date must be an ISO 8601 date or date-time with a time zone, e.g. 2026-11-01T00:00:00Z.');
  if (to === null)
    errors.push('end_date must be an ISO 8601 date or date-time with a time zone, e.g. 2026-11-30T23:59:59Z.');
  if (errors.length)
    throw new Open311Failure(
      400,
      errors.map((description) => ({ code: 400, description })),
    );

  // Spec: by default the last 90 days; one bound alone covers 90 days from or to it.
  const span = MAX_SPAN_DAYS * DAY_MS;
  // 90 days after a start near the end of year 9999 is past what a timestamp holds: the window stops there
  filter.to = to ?? (from ? new Date(Math.min(from.getTime() + span, LAST_TIME)) : new Date());
  filter.from = from ?? new Date(filter.to.getTime() - span);
  if (filter.from > filter.to) throw fail(400, 'start_date must not be after end_date.');
  if (filter.to.getTime() - filter.from.getTime() > span) {
    throw fail(400, `start_date and end_date may be at most ${MAX_SPAN_DAYS} days apart.`);
  }
  return filter;
}

/** W3C date-time with a zone, or a date (a start date from its first moment, an end date to its last, UTC). */
function parseW3c(value: string, bound: 'start' | 'end'): Date | null {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  if (!dateOnly && !dateTime) return null;
  const date = new Date(dateOnly ? `${value}T00:00:00Z` : value);
  // PostgreSQL has no year 0
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1) return null;
  if (dateOnly && date.toISOString().slice(0, 10) !== value) return null; // 2026-02-30
  return dateOnly && bound === 'end' ? new Date(date.getTime() + DAY_MS - 1) : date;
}

export function readToken(c: Context): string {
  const header = given(c.req.header('idempotency-key'));
  if (header === undefined) return randomBytes(16).toString('base64url');
  if (!TOKEN.test(header)) throw fail(400, 'The Idempotency-Key must be 8 to 128 letters, digits or - _ . :');
  return header;
}

/** Accepted and never stored: left out of the hash too, which would otherwise keep them guessable. */
const NOT_KEPT = new Set(['api_key', 'first_name', 'last_name', 'account_id', 'device_id']);

/** sha256 of the form without the key and what is not kept, parameters sorted: a retry must send the same request. */
export function hashForm(form: URLSearchParams): string {
  const entries = [...form.entries()]
    .filter(([name, value]) => !NOT_KEPT.has(name) && value.trim() !== '')
    .map(([name, value]) => [name, value.trim()])
    .sort(([a, va], [b, vb]) => (a! < b! ? -1 : a! > b! ? 1 : va! < vb! ? -1 : va! > vb! ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex');
}

interface NewRequest {
  report: NewReport;
  addressString?: string;
  mediaUrl?: string;
}

/** Report fields named the way a partner sent them, for error messages. */
const PARTNER_NAMES: Record<string, string> = {
  categories: 'service_code',
  feelsSafe: 'attribute[feel_safe]',
  accommodationType: 'attribute[accommodation_type]',
  district: 'attribute[district]',
  provider: 'attribute[provider]',
  since: 'attribute[since]',
  description: 'description',
  'location.lat': 'lat',
  'location.lng': 'long',
  'contact.value': 'email or phone',
};

/** Reads and checks a POST's form into the app's own NewReport; every problem found is reported at once. */
export function readNewRequest(form: URLSearchParams): NewRequest {
  const get = (name: string) => given(form.get(name));
  const errors: string[] = [];

  const serviceCode = get('service_code');
  if (serviceCode === undefined) throw fail(400, 'service_code is required.');
  if (!isServiceCode(serviceCode)) throw fail(404, `Unknown service_code "${serviceCode}".`);

  // attribute[code]=value (a multivaluelist would send attribute[code][]; we have none)
  const attributes: Record<string, string> = {};
  for (const [name, raw] of form.entries()) {
    const match = /^attribute\[([^\]]*)\]$/.exec(name);
    if (!match) continue;
    const code = match[1]!;
    const definition = ATTRIBUTES.find((a) => a.code === code);
    if (!definition) {
      errors.push(`Unknown attribute "${code}": see GET /services/${serviceCode}.xml for the attributes.`);
      continue;
    }
    const value = given(raw);
    if (value === undefined) continue;
    if (definition.values && !definition.values.some((v) => v.key === value)) {
      errors.push(`attribute[${code}] must be one of: ${definition.values.map((v) => v.key).join(', ')}.`);
    } else if (definition.maxLength !== undefined && value.length > definition.maxLength) {
      errors.push(`attribute[${code}] must be at most ${definition.maxLength} characters.`);
    } else if (definition.datatype === 'datetime' && !/^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(value)) {
      errors.push(`attribute[${code}] must be an ISO 8601 date or date-time.`);
    } else {
      attributes[code] = value;
    }
  }
  for (const a of ATTRIBUTES) {
    if (a.required && attributes[a.code] === undefined && !errors.some((e) => e.startsWith(`attribute[${a.code}]`))) {
      errors.push(`attribute[${a.code}] is required.`);
    }
  }

  // one location: lat+long, or address_string (then the district attribute)
  const lat = get('lat');
  const long = get('long');
  const addressString = get('address_string');
  let location: { lat: number; lng: number } | null = null;
  if (lat !== undefined || long !== undefined) {
    const latN = Number(lat);
    const longN = Number(long);
    if (lat === undefined || long === undefined) errors.push('lat and long must be sent together.');
    else if (!Number.isFinite(latN) || Math.abs(latN) > 90) errors.push('lat must be a number between -90 and 90.');
    else if (!Number.isFinite(longN) || Math.abs(longN) > 180)
      errors.push('long must be a number between -180 and 180.');
    else location = { lat: latN, lng: longN };
  } else if (addressString !== undefined) {
    if (attributes.district === undefined && !errors.some((e) => e.startsWith('attribute[district]'))) {
      errors.push(
        'attribute[district] is required when the location is given as address_string (we do not look addresses up).',
      );
    }
  } else if (get('address_id') !== undefined) {
    errors.push('address_id is not supported here: send lat and long, or address_string with attribute[district].');
  } else {
    errors.push('A location is required: lat and long, or address_string with attribute[district].');
  }
  if (addressString !== undefined && addressString.length > ADDRESS_MAX)
    errors.push(`address_string must be at most ${ADDRESS_MAX} characters.`);

  const description = get('description');
  if (description === undefined) errors.push('description is required: what is wrong with the home.');
  else if (description.length > SPEC_DESCRIPTION_MAX)
    errors.push(`description must be at most ${SPEC_DESCRIPTION_MAX} characters.`);

  const mediaUrl = get('media_url');
  if (mediaUrl !== undefined && !isHttpUrl(mediaUrl)) errors.push('media_url must be an http or https URL.');

  if (errors.length)
    throw new Open311Failure(
      400,
      errors.map((d) => ({ code: 400, description: d })),
    );

  const email = get('email');
  const phone = get('phone');
  const affected = attributes.affected;
  const fullDescription = affected ? `${description}\n\nWho is affected: ${affected}` : description!;
  const since = attributes.since?.slice(0, 10);
  const draft: NewReportInput = {
    categories: [serviceCode as Category],
    feelsSafe: attributes.feel_safe as NewReportInput['feelsSafe'],
    location,
    district: location ? null : (attributes.district as NewReportInput['district']),
    description: fullDescription,
    ...(since ? { since } : {}),
    accommodationType: attributes.accommodation_type as NewReportInput['accommodationType'],
    ...(attributes.provider ? { provider: attributes.provider } : {}),
    // first_name, last_name, account_id and device_id are accepted and not kept: a way to reach the person is enough
    contact: email ? { method: 'email', value: email } : phone ? { method: 'phone', value: phone } : { method: 'none' },
    createdAt: new Date().toISOString(),
  };
  const parsed = NewReport.safeParse(draft);
  if (!parsed.success) {
    throw new Open311Failure(
      400,
      parsed.error.issues.map((issue) => {
        const path = issue.path.join('.');
        const field = PARTNER_NAMES[path] ?? PARTNER_NAMES[String(issue.path[0])] ?? path;
        const extra = path === 'description' && affected ? ' (with attribute[affected] added to it)' : '';
        return { code: 400, description: `${field}${extra}: ${issue.message}.` };
      }),
    );
  }
  if (parsed.data.description.length > DESCRIPTION_MAX)
    throw fail(400, `description must be at most ${DESCRIPTION_MAX} characters.`);
  return { report: parsed.data, addressString, mediaUrl };
}

function isHttpUrl(value: string): boolean {
  if (value.length > MEDIA_URL_MAX) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
