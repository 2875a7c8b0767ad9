/**
 * Open311 GeoReport v2 under /open311/v2 (the spec's parts we serve, and our choices, in docs/open311.md).
 * Every resource in XML and JSON, chosen by the `.xml` / `.json` suffix; what clients send is read and
 * checked by open311.input.ts.
 * Reports are created through the housing reports module's own `createReport` (same validation, district,
 * deadlines and idempotency as the app) and read back by open311.requests.ts.
 * Over 300 lines: one short handler per Open311 resource, in both formats; split, one protocol's routes
 * would be scattered over several files.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ReportCreated } from '#contract';
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
  toRecord,
  w3c,
  type RequestRow,
} from './open311.requests';
import { fail, given, hashForm, Open311Failure, readFilter, readNewRequest, readToken, UUID } from './open311.input';
import { isServiceCode, JURISDICTION_ID, serviceDefinition, serviceList } from './open311.services';

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
