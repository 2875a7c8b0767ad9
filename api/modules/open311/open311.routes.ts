/**
 * Open311 GeoReport v2 under /open311/v2 (the spec's parts we serve, and our choices, in docs/open311.md). Every resource in XML and JSON, chosen by the `.xml` / `.json` suffix.
 * Reports are created through the housing reports module's own `createReport` (same validation, district,
 * deadlines and idempotency as the app) and read back by open311.requests.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DESCRIPTION_MAX, NewReport, type Category, type NewReportInput, type ReportCreated } from '#contract';
import type { AppDeps } from '../../deps';
import type { Db, Queryable } from '../../db/client';
import { ApiError, logUnhandled } from '../../lib/errors';
import { districtName } from '../../lib/content';
import { housingPolicy } from '../housing-reports/housing-reports.policy';
import { createReport } from '../housing-reports/housing-reports.queries';
import { resolveDistrict } from '../housing-reports/report-district';
import {
  list,
  serialise,
  serialiseErrors,
  type Open311Error,
  type Open311Format,
  type Open311Value,
} from './open311.format';
import { findActiveKey, keyCoversDistrict, type ApiKey } from './open311.keys';
import {
  auditKeyedRead,
  expectedDatetime,
  findRequestByToken,
  findRequests,
  MAX_REQUESTS,
  toRecord,
  w3c,
  type RequestFilter,
  type RequestRow,
} from './open311.requests';
import { ATTRIBUTES, isServiceCode, JURISDICTION_ID, serviceDefinition, serviceList } from './open311.services';

/** A refusal in the spec's shape: a list of errors with 400, 403 or 404 (405 for a wrong method). */
export class Open311Failure extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 405,
    readonly errors: Open311Error[],
  ) {
    super(errors.map((e) => e.description).join(' '));
  }
}

const fail = (status: 400 | 403 | 404 | 405, ...descriptions: string[]) =>
  new Open311Failure(
    status,
    descriptions.map((description) => ({ code: status, description })),
  );

/** The spec's limit on a query's date range. */
export const MAX_SPAN_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;
const LAST_TIME = Date.parse('9999-12-31T23:59:59.999Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Same rule as the app's Idempotency-Key (housing-reports.routes.ts). */
const TOKEN = /^[A-Za-z0-9_.:-]{8,128}$/;
const ADDRESS_MAX = 500;
const MEDIA_URL_MAX = 2000;
/** The spec's own limit on `description`; ours is lower (DESCRIPTION_MAX) and checked after. */
const SPEC_DESCRIPTION_MAX = 4000;

const formatOfPath = (path: string): Open311Format => (/\.json$/i.test(path) ? 'json' : 'xml');

/** `services.xml` → { name: 'services', format: 'xml' }. */
function splitFile(file: string): { name: string; format: Open311Format } {
  const match = /^(.+)\.([A-Za-z0-9]+)$/.exec(file);
  if (!match) throw fail(404, `Add the format to the address: ${file}.xml or ${file}.json.`);
  const format = match[2]!.toLowerCase();
  if (format !== 'xml' && format !== 'json')
    throw fail(400, `The format "${match[2]}" is not offered: use .xml or .json.`);
  return { name: match[1]!, format };
}

function reply(
  c: Context,
  format: Open311Format,
  rootTag: string,
  value: Open311Value,
  status: ContentfulStatusCode = 200,
) {
  const { body, contentType } = serialise(format, rootTag, value);
  return c.body(body, status, { 'Content-Type': contentType });
}

/** An empty parameter counts as absent (spec: "General information"). */
const given = (value: string | null | undefined): string | undefined =>
  value === null || value === undefined || value.trim() === '' ? undefined : value.trim();

export function open311({ db, env }: Pick<AppDeps, 'db' | 'env'>) {
  const app = new Hono();

  app.onError((err, c) => {
    const format = formatOfPath(c.req.path);
    let status: ContentfulStatusCode;
    let errors: Open311Error[];
    if (err instanceof Open311Failure) {
      ({ status, errors } = err);
    } else if (err instanceof ApiError || err instanceof HTTPException) {
      // a refusal from shared code (body limits, validation): keep 4xx statuses, write them the spec's way
      const raw = err.status;
      status = raw === 415 || raw === 422 ? 400 : (raw as ContentfulStatusCode);
      const fields =
        err instanceof ApiError && err.fields ? Object.entries(err.fields).map(([f, p]) => `${f}: ${p}`) : [];
      errors = (fields.length ? fields : [err.message || 'The request could not be handled.']).map((description) => ({
        code: status,
        description,
      }));
    } else {
      logUnhandled(c, err);
      status = 500;
      errors = [{ code: 500, description: 'Something went wrong on our side. Please try again later.' }];
    }
    const { body, contentType } = serialiseErrors(format, errors);
    return c.body(body, status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  });

  app.use(async (c, next) => {
    await next();
    // keyed answers carry private fields; keyless ones change with every report: never cache either
    c.res.headers.set('Cache-Control', 'no-store');
  });

  /**
   * The caller's key (query `api_key`, form `api_key` or header `X-Api-Key`): 403 without one, and for a
   * wrong one. Without a key nothing about a single report is published (docs/open311.md): small numbers
   * suppressed in the published figures would otherwise be undone one record at a time.
   */
  async function requireKey(c: Context, refusal: string, fromForm?: string): Promise<ApiKey> {
    const plain = given(fromForm) ?? given(c.req.query('api_key')) ?? given(c.req.header('x-api-key'));
    if (!plain) throw fail(403, refusal);
    const key = await findActiveKey(db, plain);
    if (!key) throw fail(403, 'The api_key is not valid: it is unknown or has been revoked.');
    return key;
  }
  const READ_REFUSAL =
    'An api_key is required to read service requests. Without one, only discovery and services are published; ' +
    'the published figures are at /api/stats/districts.';

  /** The records a key reads, after the audit row that says it read them. */
  async function replyRecords(c: Context, format: Open311Format, key: ApiKey, rows: RequestRow[]) {
    await auditKeyedRead(
      db,
      key,
      c.req.path,
      rows.map((r) => r.id),
    );
    return reply(c, format, 'service_requests', list('request', rows.map(toRecord)));
  }

  function checkJurisdiction(value: string | undefined) {
    if (value !== undefined && value !== JURISDICTION_ID) {
      throw fail(404, `Unknown jurisdiction_id "${value}". This server has one jurisdiction: ${JURISDICTION_ID}.`);
    }
  }

  // GET /discovery.{fmt}, /services.{fmt}, /requests.{fmt}
  app.get('/:file', async (c) => {
    const { name, format } = splitFile(c.req.param('file'));
    if (name === 'discovery') return reply(c, format, 'discovery', discovery(env));
    checkJurisdiction(given(c.req.query('jurisdiction_id')));
    if (name === 'services') return reply(c, format, 'services', list('service', serviceList()));
    if (name === 'requests') {
      const key = await requireKey(c, READ_REFUSAL);
      return replyRecords(c, format, key, await findRequests(db, key, readFilter(c)));
    }
    throw fail(404, `There is no Open311 resource "${name}".`);
  });

  // POST /requests.{fmt}
  app.post('/:file', async (c) => {
    const { name, format } = splitFile(c.req.param('file'));
    if (name !== 'requests')
      throw fail(name === 'discovery' || name === 'services' ? 405 : 404, `POST is not accepted at ${name}.${format}.`);
    const type = c.req.header('content-type') ?? '';
    if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
      throw fail(400, 'Send the request as application/x-www-form-urlencoded; charset=utf-8.');
    }
    const form = new URLSearchParams(await c.req.text());
    const key = await requireKey(c, 'An api_key is required to create a request.', form.get('api_key') ?? '');
    checkJurisdiction(given(form.get('jurisdiction_id')));
    const token = readToken(c);
    const input = readNewRequest(form);
    const district = resolveDistrict(input.report);
    if (!keyCoversDistrict(key, district.code)) {
      throw fail(403, `This api_key may not submit requests in ${district.name}.`);
    }

    const requestHash = hashForm(form);
    const receivedAt = new Date();
    const result = await db.transaction(async (tx) => {
      const created = await createReport(inTransaction(db, tx), {
        report: input.report,
        // its own namespace: a reporter's Idempotency-Key cannot hold '/', so it can never take a partner's
        idempotencyKey: `open311/${key.id}/${token}`,
        requestHash,
        photos: [],
        source: 'open311',
        receivedAt,
      });
      if (created.created) {
        await tx.query(
          `insert into open311_requests (report_id, api_key_id, token, address_string, media_url) values ($1, $2, $3, $4, $5)`,
          [created.response.id, key.id, token, input.addressString ?? null, input.mediaUrl ?? null],
        );
        if (input.mediaUrl) {
          // Kept as a link for staff and never fetched: the server does not open URLs from outside (a fetch
          // of an untrusted URL could reach internal services, hang on a slow host or pull in anything).
          await tx.query(
            `insert into report_updates (report_id, at, actor, internal_note) values ($1, $2::timestamptz, $3, $4)`,
            [
              created.response.id,
              receivedAt.toISOString(),
              `open311:${key.name}`,
              `Media link sent through Open311 (not opened by this service): ${input.mediaUrl}`,
            ],
          );
        }
      }
      return created;
    });
    if (!result.created && result.requestHash !== requestHash) {
      throw fail(
        400,
        'This Idempotency-Key was already used for a different request. Use a new key for a new request.',
      );
    }
    const { body, contentType } = serialise(format, 'service_requests', list('request', [postAnswer(result.response)]));
    const headers: Record<string, string> = { 'Content-Type': contentType };
    if (!result.created) headers['Idempotency-Replayed'] = 'true';
    c.set('reportOutcome', !result.created ? 'replay' : result.response.urgent ? 'urgent' : 'routine');
    return c.body(body, result.created ? 201 : 200, headers);
  });

  // GET /services/{code}.{fmt}, /requests/{id}.{fmt}, /tokens/{token}.{fmt}
  app.get('/:collection/:file', async (c) => {
    const collection = c.req.param('collection');
    const { name, format } = splitFile(c.req.param('file'));
    if (!['services', 'requests', 'tokens'].includes(collection))
      throw fail(404, `There is no Open311 resource "${collection}".`);
    checkJurisdiction(given(c.req.query('jurisdiction_id')));

    if (collection === 'services') {
      if (!isServiceCode(name)) throw fail(404, `Unknown service_code "${name}".`);
      return reply(c, format, 'service_definition', serviceDefinition(name));
    }
    const key = await requireKey(c, READ_REFUSAL);
    if (collection === 'requests') {
      const rows = UUID.test(name) ? await findRequests(db, key, { ids: [name.toLowerCase()] }) : [];
      if (!rows.length) throw fail(404, `No service request has the id "${name}".`);
      return replyRecords(c, format, key, rows);
    }
    const found = await findRequestByToken(db, name, key);
    if (!found.length) throw fail(404, `Unknown token "${name}".`);
    await auditKeyedRead(
      db,
      key,
      c.req.path,
      found.map((f) => f.reportId),
    );
    return reply(
      c,
      format,
      'service_requests',
      list(
        'request',
        found.map((f) => ({ service_request_id: f.reportId, token: f.token })),
      ),
    );
  });

  app.all('*', (c) => {
    const known = /\/(discovery|services|requests)\.[a-z]+$|\/(services|requests|tokens)\/[^/]+$/i.test(c.req.path);
    if (known) throw fail(405, `${c.req.method} is not accepted here.`);
    throw fail(404, `There is nothing at ${c.req.method} ${c.req.path}.`);
  });

  return app;
}

/** `createReport` opens its own transaction; inside ours it joins it, so the Open311 rows commit with the report. */
function inTransaction(db: Db, tx: Queryable): Db {
  return {
    kind: db.kind,
    query: <T>(sql: string, params?: unknown[]) => tx.query<T>(sql, params),
    exec: (sql: string) => tx.exec(sql),
    transaction: <T>(fn: (inner: Queryable) => Promise<T>) => fn(tx),
    close: async () => undefined,
  };
}

/** Our own address: PUBLIC_ORIGIN, else the configured host and port; never the request's Host header. */
export function publicOrigin(env: Pick<AppDeps['env'], 'PUBLIC_ORIGIN' | 'HOST' | 'PORT'>): string {
  if (env.PUBLIC_ORIGIN) return new URL(env.PUBLIC_ORIGIN).origin;
  const host = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${env.PORT}`;
}

function discovery(env: AppDeps['env']) {
  const origin = publicOrigin(env);
  const changeset = w3c(`${housingPolicy.lastChecked}T00:00:00Z`);
  return {
    changeset,
    contact:
      'Care Leaver Hub for Kent County Council: housing reports from care leavers. See docs/open311.md in the project for how this server maps reports to Open311.',
    key_service:
      'Keys are issued by the service\u2019s administrators (Staff \u2192 API keys), each limited to the districts of the partner or to the requests it submitted. Without a key, only discovery and services are published.',
    endpoints: list('endpoint', [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${origin}/open311/v2`,
        changeset,
        type: env.NODE_ENV === 'production' ? 'production' : 'test',
        formats: list('format', ['text/xml', 'application/json']),
      },
    ]),
  };
}

function readFilter(c: Context): RequestFilter {
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

function readToken(c: Context): string {
  const header = given(c.req.header('idempotency-key'));
  if (header === undefined) return randomBytes(16).toString('base64url');
  if (!TOKEN.test(header)) throw fail(400, 'The Idempotency-Key must be 8 to 128 letters, digits or - _ . :');
  return header;
}

/** Accepted and never stored: left out of the hash too, which would otherwise keep them guessable. */
const NOT_KEPT = new Set(['api_key', 'first_name', 'last_name', 'account_id', 'device_id']);

/** sha256 of the form without the key and what is not kept, parameters sorted: a retry must send the same request. */
function hashForm(form: URLSearchParams): string {
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
function readNewRequest(form: URLSearchParams): NewRequest {
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

/** POST answer: the id at once (we create synchronously, so never a token instead). */
function postAnswer(response: ReportCreated) {
  const expected = expectedDatetime(response.deadlines);
  const notice = [
    `Tracking code ${response.trackingCode}: the young person can follow the report with it in the app.`,
    response.urgent ? 'Treated as urgent.' : null,
    expected ? `Expected to be dealt with by ${expected}.` : null,
    `District: ${response.district.name || districtName(response.district.code)}.`,
  ]
    .filter(Boolean)
    .join(' ');
  return { service_request_id: response.id, service_notice: notice, account_id: null };
}
