/**
 * Open311 GeoReport v2: every endpoint in XML and JSON, every error, key scoping (districts or own reports),
 * no report-level record without a key, day-only times of urgent reports, the audit of every keyed read,
 * well-formed XML with the spec's element names, and the round trip through the dashboard.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districtCentroid } from '#rules/geo';
import { createApp } from '../../api/app';
import { applyRetention } from '../../api/modules/retention/retention';
import { defaultEnv } from '../../api/env';
import { districtBoundaries } from '../../api/lib/content';
import { createApiKey, hashKey, revokeApiKey } from '../../api/modules/open311/open311.keys';
import { asStaff, createStaff, signIn } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';
import { child, childNames, elements, parseXml, text, XmlError, type XmlElement } from '../helpers/xml';

let t: Awaited<ReturnType<typeof createTestApp>>;
const keys = { thanet: '', dover: '', all: '', revoked: '' };

const THANET = 'E07000114';
const DOVER = 'E07000108';
const MARGATE = { lat: 51.3813, long: 1.3862 }; // Thanet
const DOVER_TOWN = { lat: 51.1279, long: 1.3134 }; // Dover
const PARIS = { lat: 48.8566, long: 2.3522 };

/** Element names as in the spec's examples (GeoReport v2 and Service Discovery). */
const SPEC = {
  discovery: ['changeset', 'contact', 'key_service', 'endpoints'],
  endpoint: ['specification', 'url', 'changeset', 'type', 'formats'],
  service: ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'],
  serviceDefinition: ['service_code', 'attributes'],
  attribute: ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description'],
  value: ['key', 'name'],
  request: [
    'service_request_id',
    'status',
    'status_notes',
    'service_name',
    'service_code',
    'description',
    'agency_responsible',
    'service_notice',
    'requested_datetime',
    'updated_datetime',
    'expected_datetime',
    'address',
    'address_id',
    'zipcode',
    'lat',
    'long',
    'media_url',
  ],
  created: ['service_request_id', 'service_notice', 'account_id'],
  token: ['service_request_id', 'token'],
  error: ['code', 'description'],
};

beforeAll(async () => {
  t = await createTestApp();
  keys.thanet = (
    await createApiKey(t.db, { name: 'Thanet District Council', districts: [THANET], createdBy: 'test' })
  ).key;
  keys.dover = (
    await createApiKey(t.db, { name: 'Dover District Council', districts: [DOVER], createdBy: 'test' })
  ).key;
  keys.all = (await createApiKey(t.db, { name: 'Kent County Council', districts: null, createdBy: 'test' })).key;
  const revoked = await createApiKey(t.db, { name: 'Old partner', districts: null, createdBy: 'test' });
  await revokeApiKey(t.db, revoked.apiKey.id);
  keys.revoked = revoked.key;
});
afterAll(() => t.close());

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────

const get = (path: string, headers: Record<string, string> = {}) => t.app.request(`/open311/v2/${path}`, { headers });

function post(
  format: 'xml' | 'json',
  fields: Record<string, string | undefined>,
  headers: Record<string, string> = {},
) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) body.append(name, value);
  return t.app.request(`/open311/v2/requests.${format}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers },
    body: body.toString(),
  });
}

const damp = (overrides: Record<string, string | undefined> = {}) => ({
  api_key: keys.dover,
  service_code: 'damp',
  lat: String(DOVER_TOWN.lat),
  long: String(DOVER_TOWN.long),
  description: 'Black mould on the bedroom wall; the window frame is wet every morning.',
  'attribute[feel_safe]': 'yes',
  'attribute[accommodation_type]': 'private_rented',
  email: 'young.person@example.org',
  phone: '07700 900123',
  first_name: 'Sam',
  last_name: 'Example',
  ...overrides,
});

/** Parses an XML answer strictly and checks its content type. */
async function xmlOf(res: Response): Promise<XmlElement> {
  expect(res.headers.get('content-type')).toMatch(/^text\/xml; charset=utf-8/);
  return parseXml(await res.text());
}

async function jsonOf<T = unknown>(res: Response): Promise<T> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as T;
}

type Json = Record<string, unknown>;

/** The errors of an answer, in either format, checked for the spec's shape. */
async function errorsOf(res: Response, format: 'xml' | 'json'): Promise<{ code: number; description: string }[]> {
  if (format === 'xml') {
    const root = await xmlOf(res);
    expect(root.name).toBe('errors');
    return elements(root).map((e) => {
      expect(e.name).toBe('error');
      expect(childNames(e)).toEqual(SPEC.error);
      return { code: Number(text(child(e, 'code'))), description: text(child(e, 'description')) };
    });
  }
  const body = await jsonOf<{ code: number; description: string }[]>(res);
  expect(Array.isArray(body)).toBe(true);
  for (const e of body) expect(Object.keys(e)).toEqual(SPEC.error);
  return body;
}

async function expectError(res: Response, format: 'xml' | 'json', status: number, description: RegExp) {
  expect(res.status).toBe(status);
  const errors = await errorsOf(res, format);
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) expect(e.code).toBe(status);
  expect(errors.map((e) => e.description).join(' | ')).toMatch(description);
}

/** A `<request>` element as a flat record of its leaf texts. */
const recordOf = (el: XmlElement): Record<string, string> =>
  Object.fromEntries(elements(el).map((e) => [e.name, text(e)]));

async function createVia311(fields: Record<string, string | undefined> = {}, headers: Record<string, string> = {}) {
  const res = await post('json', damp(fields), headers);
  expect(res.status, await res.clone().text()).toBe(201);
  const [created] = await jsonOf<Json[]>(res);
  return created as { service_request_id: string; service_notice: string; account_id: null };
}

const centroidOf = (code: string) => {
  const feature = districtBoundaries.features.find((f) => f.properties.code === code)!;
  const c = districtCentroid(feature);
  return { lat: Math.round(c.lat * 1e5) / 1e5, long: Math.round(c.lng * 1e5) / 1e5 };
};

/** A report made in the app (POST /api/reports) with contact details, in Thanet. */
async function createInApp(overrides: Json = {}) {
  const res = await t.app.request('/api/reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({
      categories: ['electrics', 'damp'],
      feelsSafe: 'no',
      location: { lat: MARGATE.lat, lng: MARGATE.long },
      district: null,
      description: 'Sparks from the socket in the kitchen, and the wall is wet.',
      accommodationType: 'shared_house',
      provider: 'Seaview Lettings',
      contact: { method: 'phone', value: '07700 900456' },
      createdAt: new Date().toISOString(),
      ...overrides,
    }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; trackingCode: string };
}

// ── the XML checker itself ──────────────────────────────────────────────────────────────────────

describe('the strict XML checker used below', () => {
  it('accepts a well-formed document and refuses malformed ones', () => {
    const ok = parseXml('<?xml version="1.0" encoding="utf-8"?>\n<a x="1"><b>&lt;&amp;&#x41;</b><c/></a>\n');
    expect(text(child(ok, 'b'))).toBe('<&A');
    for (const bad of [
      '<a><b></a></b>',
      '<a>&</a>',
      '<a>&nbsp;</a>',
      '<a></a><b></b>',
      '<a>\u0001</a>',
      '<a x="1" x="2"></a>',
      '<a><b></a>',
      'text<a></a>',
      '<a>&#0;</a>',
      ' <?xml version="1.0"?><a/>',
    ]) {
      expect(() => parseXml(bad), bad).toThrow(XmlError);
    }
  });
});

// ── discovery and services ──────────────────────────────────────────────────────────────────────

describe('GET discovery', () => {
  it('XML: the spec elements, GeoReport v2, both formats, a URL ending in /open311/v2', async () => {
    const res = await get('discovery.xml');
    expect(res.status).toBe(200);
    const root = await xmlOf(res);
    expect(root.name).toBe('discovery');
    expect(childNames(root)).toEqual(SPEC.discovery);
    const [endpoint] = elements(child(root, 'endpoints'), 'endpoint');
    expect(childNames(endpoint!)).toEqual(SPEC.endpoint);
    expect(text(child(endpoint!, 'specification'))).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(text(child(endpoint!, 'url'))).toMatch(/\/open311\/v2$/);
    expect(elements(child(endpoint!, 'formats'), 'format').map(text)).toEqual(['text/xml', 'application/json']);
  });

  it('the URL is PUBLIC_ORIGIN, else the configured host, never the Host header', async () => {
    const url = async (env: Parameters<typeof defaultEnv>[0]) => {
      const app = createApp({ db: t.db, env: defaultEnv({ NODE_ENV: 'test', ...env }) });
      const res = await app.request('http://evil.example/open311/v2/discovery.json', {
        headers: { host: 'evil.example' },
      });
      return ((await res.json()) as { endpoints: { url: string }[] }).endpoints[0]!.url;
    };
    expect(await url({ PUBLIC_ORIGIN: 'https://hub.kent.example' })).toBe('https://hub.kent.example/open311/v2');
    expect(await url({ HOST: '127.0.0.1', PORT: 8110 })).toBe('http://127.0.0.1:8110/open311/v2');
    expect(await url({ HOST: '0.0.0.0', PORT: 8080 })).toBe('http://localhost:8080/open311/v2');
  });

  it('JSON: the same object, arrays for endpoints and formats', async () => {
    const res = await get('discovery.json');
    expect(res.status).toBe(200);
    const body = await jsonOf<Json>(res);
    expect(Object.keys(body)).toEqual(SPEC.discovery);
    const endpoints = body.endpoints as Json[];
    expect(Object.keys(endpoints[0]!)).toEqual(SPEC.endpoint);
    expect(endpoints[0]!.formats).toEqual(['text/xml', 'application/json']);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('GET services', () => {
  it('XML: every category as a service with group and keywords', async () => {
    const res = await get('services.xml');
    expect(res.status).toBe(200);
    const root = await xmlOf(res);
    expect(root.name).toBe('services');
    const services = elements(root);
    expect(services).toHaveLength(14);
    for (const s of services) {
      expect(s.name).toBe('service');
      expect(childNames(s)).toEqual(SPEC.service);
    }
    const dampService = recordOf(services.find((s) => text(child(s, 'service_code')) === 'damp')!);
    expect(dampService).toMatchObject({
      service_name: 'Damp',
      metadata: 'true',
      type: 'realtime',
      group: 'Damp and mould',
    });
    expect(dampService.keywords).toContain('damp and mould growth');
  });

  it('JSON: the same list as an array', async () => {
    const body = await jsonOf<Json[]>(await get('services.json'));
    expect(body).toHaveLength(14);
    for (const s of body) expect(Object.keys(s)).toEqual(SPEC.service);
    expect(body.find((s) => s.service_code === 'gas_co')).toMatchObject({
      service_name: 'Gas or carbon monoxide',
      group: 'Electrics, gas and fire',
      metadata: true,
    });
  });

  it('a jurisdiction_id other than ours → 404; ours → 200', async () => {
    await expectError(await get('services.xml?jurisdiction_id=london.gov.uk'), 'xml', 404, /jurisdiction_id/);
    await expectError(await get('services.json?jurisdiction_id=london.gov.uk'), 'json', 404, /jurisdiction_id/);
    expect((await get('services.json?jurisdiction_id=kent.gov.uk')).status).toBe(200);
  });
});

describe('GET services/{service_code}', () => {
  it('XML: the definition with feel_safe and accommodation_type as singlevaluelist, affected as text', async () => {
    const res = await get('services/mould.xml');
    expect(res.status).toBe(200);
    const root = await xmlOf(res);
    expect(root.name).toBe('service_definition');
    expect(childNames(root)).toEqual(SPEC.serviceDefinition);
    expect(text(child(root, 'service_code'))).toBe('mould');
    const attributes = elements(child(root, 'attributes'));
    for (const a of attributes) {
      expect(a.name).toBe('attribute');
      const names = childNames(a);
      expect(names.slice(0, SPEC.attribute.length)).toEqual(SPEC.attribute);
      expect(names.slice(SPEC.attribute.length)).toEqual(
        text(child(a, 'datatype')).endsWith('valuelist') ? ['values'] : [],
      );
    }
    const byCode = new Map(attributes.map((a) => [text(child(a, 'code')), a]));
    const feelSafe = byCode.get('feel_safe')!;
    expect(recordOf(feelSafe)).toMatchObject({
      variable: 'true',
      datatype: 'singlevaluelist',
      required: 'true',
      order: '1',
    });
    const values = elements(child(feelSafe, 'values'));
    for (const v of values) expect(childNames(v)).toEqual(SPEC.value);
    expect(values.map((v) => text(child(v, 'key')))).toEqual(['yes', 'no', 'not_sure']);
    expect(recordOf(byCode.get('accommodation_type')!)).toMatchObject({
      datatype: 'singlevaluelist',
      required: 'true',
    });
    expect(recordOf(byCode.get('affected')!)).toMatchObject({ datatype: 'text', required: 'false' });
    expect(recordOf(byCode.get('district')!)).toMatchObject({ datatype: 'singlevaluelist', required: 'false' });
  });

  it('JSON: the same definition', async () => {
    const body = await jsonOf<{ service_code: string; attributes: Json[] }>(await get('services/mould.json'));
    expect(body.service_code).toBe('mould');
    const accommodation = body.attributes.find((a) => a.code === 'accommodation_type')!;
    expect(accommodation).toMatchObject({ variable: true, datatype: 'singlevaluelist', required: true });
    expect((accommodation.values as Json[]).map((v) => v.key)).toEqual([
      'supported',
      'shared_house',
      'private_rented',
      'social_housing',
      'temporary',
      'other',
    ]);
  });

  it('an unknown service_code → 404 in both formats', async () => {
    await expectError(await get('services/leaky_roof.xml'), 'xml', 404, /service_code/);
    await expectError(await get('services/leaky_roof.json'), 'json', 404, /service_code/);
  });
});

// ── POST requests ───────────────────────────────────────────────────────────────────────────────

describe('POST requests', () => {
  it('XML: creates the report through the housing reports module and answers the id and a notice', async () => {
    const res = await post('xml', damp());
    expect(res.status).toBe(201);
    const root = await xmlOf(res);
    expect(root.name).toBe('service_requests');
    const [request] = elements(root, 'request');
    expect(childNames(request!)).toEqual(SPEC.created);
    const id = text(child(request!, 'service_request_id'));
    expect(text(child(request!, 'service_notice'))).toMatch(/Tracking code [0-9A-Z]{4}-/);

    const [row] = await t.db.query<Record<string, unknown>>('select * from reports where id = $1', [id]);
    expect(row).toMatchObject({
      source: 'open311',
      district_code: DOVER,
      categories: ['damp'],
      feels_safe: 'yes',
      accommodation_type: 'private_rented',
      contact_method: 'email',
      contact_value: 'young.person@example.org',
      status: 'new',
    });
    expect(row!.lat).toBeCloseTo(DOVER_TOWN.lat, 6);
    // names are not kept: a way to reach the person is enough
    expect(JSON.stringify(row)).not.toMatch(/Sam|Example/);
  });

  it('JSON: the same answer as an array; attribute values reach the report', async () => {
    const created = await createVia311({
      service_code: 'gas_co',
      'attribute[feel_safe]': 'no',
      'attribute[affected]': 'A baby, and my flatmate has asthma',
      'attribute[provider]': 'Harbour Homes',
      'attribute[since]': '2026-10-01',
      email: undefined,
    });
    expect(Object.keys(created)).toEqual(SPEC.created);
    expect(created.service_notice).toMatch(/urgent/i);
    const [row] = await t.db.query<Record<string, unknown>>('select * from reports where id = $1', [
      created.service_request_id,
    ]);
    expect(row).toMatchObject({
      urgent: true,
      provider: 'Harbour Homes',
      contact_method: 'phone',
      contact_value: '07700 900123',
    });
    expect(row!.description).toMatch(/Who is affected: A baby, and my flatmate has asthma$/);
  });

  it('address_string with attribute[district]: stored without a point, in that district', async () => {
    const created = await createVia311({
      lat: undefined,
      long: undefined,
      address_string: 'Flat 2, 10 Example Street, Dover',
      'attribute[district]': DOVER,
    });
    const [row] = await t.db.query<Record<string, unknown>>(
      `select r.lat, r.district_code, o.address_string from reports r join open311_requests o on o.report_id = r.id where r.id = $1`,
      [created.service_request_id],
    );
    expect(row).toMatchObject({ lat: null, district_code: DOVER, address_string: 'Flat 2, 10 Example Street, Dover' });
  });

  it('media_url is stored as an internal note and never fetched', async () => {
    let hits = 0;
    const server: Server = createServer((_req, res) => {
      hits++;
      res.end('photo');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/photo.jpg`;
    try {
      const created = await createVia311({ media_url: url });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(hits).toBe(0);
      const notes = await t.db.query<{ internal_note: string | null; public_note: string | null }>(
        'select internal_note, public_note from report_updates where report_id = $1 and internal_note is not null',
        [created.service_request_id],
      );
      expect(notes).toEqual([{ internal_note: expect.stringContaining(url), public_note: null }]);
    } finally {
      server.close();
    }
  });

  it('Idempotency-Key: the same request again → the same id (200); a different request with it → 400; tokens/{key} → the id', async () => {
    const token = `partner-${crypto.randomUUID()}`;
    const first = await createVia311({}, { 'idempotency-key': token });
    const again = await post('json', damp(), { 'idempotency-key': token });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect((await jsonOf<Json[]>(again))[0]!.service_request_id).toBe(first.service_request_id);
    const count = await t.db.query<{ n: number }>(`select count(*)::int as n from open311_requests where token = $1`, [
      token,
    ]);
    expect(count[0]!.n).toBe(1);
    await expectError(
      await post('xml', damp({ description: 'Something else' }), { 'idempotency-key': token }),
      'xml',
      400,
      /Idempotency-Key/,
    );

    for (const format of ['xml', 'json'] as const) {
      await expectError(await get(`tokens/${token}.${format}`), format, 403, /api_key is required/);
      // the token is the Dover key's own: another key does not find it
      await expectError(await get(`tokens/${token}.${format}`, { 'x-api-key': keys.thanet }), format, 404, /token/);
      const res = await get(`tokens/${token}.${format}`, { 'x-api-key': keys.dover });
      expect(res.status).toBe(200);
      if (format === 'xml') {
        const root = await xmlOf(res);
        expect(root.name).toBe('service_requests');
        const [request] = elements(root, 'request');
        expect(childNames(request!)).toEqual(SPEC.token);
        expect(recordOf(request!)).toEqual({ service_request_id: first.service_request_id, token });
      } else {
        expect(await jsonOf(res)).toEqual([{ service_request_id: first.service_request_id, token }]);
      }
    }
  });

  it('an unknown token → 404 in both formats', async () => {
    await expectError(await get(`tokens/no-such-token-123.xml?api_key=${keys.dover}`), 'xml', 404, /token/);
    await expectError(await get(`tokens/no-such-token-123.json?api_key=${keys.dover}`), 'json', 404, /token/);
  });

  it("a reporter's Idempotency-Key can never take a partner's: the namespaces differ", async () => {
    const token = `partner-${crypto.randomUUID()}`;
    const [key] = await t.db.query<{ id: string }>(`select id from api_keys where name = 'Dover District Council'`);
    // a reporter sends the key the old scheme gave the partner's request, and the new one
    const squat = await t.app.request('/api/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `open311:${key!.id}:${token}` },
      body: JSON.stringify({
        categories: ['damp'],
        feelsSafe: 'yes',
        location: null,
        district: DOVER,
        description: 'Squatting a key',
        accommodationType: 'other',
        contact: { method: 'none' },
        createdAt: new Date().toISOString(),
      }),
    });
    expect(squat.status).toBe(201);
    const refused = await t.app.request('/api/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `open311/${key!.id}/${token}` },
      body: '{}',
    });
    expect(refused.status).toBe(400);
    // the partner's POST with that token is still its own new request
    const created = await createVia311({}, { 'idempotency-key': token });
    const [row] = await t.db.query<{ idempotency_key: string; source: string }>(
      'select idempotency_key, source from reports where id = $1',
      [created.service_request_id],
    );
    expect(row).toEqual({ idempotency_key: `open311/${key!.id}/${token}`, source: 'open311' });
  });

  describe('errors (each in XML and JSON), and nothing stored', () => {
    const cases: [string, Record<string, string | undefined>, number, RegExp, Record<string, string>?][] = [
      ['no api_key', { api_key: undefined }, 403, /api_key is required/],
      ['an unknown api_key', { api_key: 'o311_not-a-real-key' }, 403, /api_key is not valid/],
      ['a revoked api_key', { api_key: '(revoked)' }, 403, /api_key is not valid/],
      ['a Thanet key posting a point in Dover', { api_key: '(thanet)' }, 403, /may not submit requests in Dover/],
      [
        'a Thanet key posting an address in Dover',
        {
          api_key: '(thanet)',
          lat: undefined,
          long: undefined,
          address_string: '1 High St',
          'attribute[district]': DOVER,
        },
        403,
        /Dover/,
      ],
      [
        'a Dover key posting a point outside Kent',
        { lat: String(PARIS.lat), long: String(PARIS.long) },
        403,
        /Outside Kent/,
      ],
      ['an unknown jurisdiction_id', { jurisdiction_id: 'london.gov.uk' }, 404, /jurisdiction_id/],
      ['no service_code', { service_code: undefined }, 400, /service_code is required/],
      ['an unknown service_code', { service_code: 'graffiti' }, 404, /service_code/],
      ['no location', { lat: undefined, long: undefined }, 400, /location is required/],
      ['lat without long', { long: undefined }, 400, /lat and long/],
      ['lat out of range', { lat: '91' }, 400, /lat must be a number/],
      ['long not a number', { long: 'east' }, 400, /long must be a number/],
      [
        'address_string without attribute[district]',
        { lat: undefined, long: undefined, address_string: '1 High St' },
        400,
        /attribute\[district\] is required/,
      ],
      ['address_id only', { lat: undefined, long: undefined, address_id: '123' }, 400, /address_id is not supported/],
      ['no description', { description: undefined }, 400, /description is required/],
      ['a description over 2,000 characters', { description: 'x'.repeat(2001) }, 400, /description.*2000/],
      [
        'a description over 4,000 characters',
        { description: 'x'.repeat(4001) },
        400,
        /description must be at most 4000/,
      ],
      [
        'a missing required attribute',
        { 'attribute[feel_safe]': undefined },
        400,
        /attribute\[feel_safe\] is required/,
      ],
      [
        'a value not in the list',
        { 'attribute[accommodation_type]': 'castle' },
        400,
        /attribute\[accommodation_type\] must be one of/,
      ],
      ['an unknown attribute', { 'attribute[colour]': 'green' }, 400, /Unknown attribute "colour"/],
      ['an invalid email', { email: 'not-an-email' }, 400, /email or phone/],
      ['a media_url that is not http(s)', { media_url: 'file:///etc/passwd' }, 400, /media_url/],
      ['a malformed Idempotency-Key', {}, 400, /Idempotency-Key/, { 'idempotency-key': 'x' }],
    ];
    for (const [name, overrides, status, message, headers] of cases) {
      it(`${name} → ${status}`, async () => {
        const fields = damp(overrides);
        if (fields.api_key === '(revoked)') fields.api_key = keys.revoked;
        if (fields.api_key === '(thanet)') fields.api_key = keys.thanet;
        const before = await t.db.query<{ n: number }>('select count(*)::int as n from reports');
        await expectError(await post('xml', fields, headers), 'xml', status, message);
        await expectError(await post('json', fields, headers), 'json', status, message);
        const after = await t.db.query<{ n: number }>('select count(*)::int as n from reports');
        expect(after[0]!.n).toBe(before[0]!.n);
      });
    }

    it('several problems at once are listed together', async () => {
      const res = await post(
        'json',
        damp({ description: undefined, 'attribute[feel_safe]': undefined, lat: undefined, long: undefined }),
      );
      const errors = await errorsOf(res, 'json');
      expect(res.status).toBe(400);
      expect(errors.length).toBeGreaterThanOrEqual(3);
    });

    it('a body that is not form-encoded → 400', async () => {
      const res = await t.app.request('/open311/v2/requests.xml', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(damp()),
      });
      await expectError(res, 'xml', 400, /x-www-form-urlencoded/);
    });

    it('an empty parameter counts as absent', async () => {
      await expectError(await post('json', damp({ description: '  ' })), 'json', 400, /description is required/);
    });
  });
});

// ── GET requests: what a key changes ───────────────────────────────────────────────────────────

describe('GET requests and requests/{id}: a key is required, and reads only what it covers', () => {
  let doverId = '';
  let thanetId = '';
  const doverDescription = 'Mould in the bathroom <script>alert("x")</script> & it smells';

  beforeAll(async () => {
    doverId = (await createVia311({ description: doverDescription, address_string: '3 Harbour View, Dover' }))
      .service_request_id;
    thanetId = (await createInApp()).id;
  });

  it("without a key: 403 in the spec's error list, and no record at all, in both formats", async () => {
    for (const format of ['xml', 'json'] as const) {
      for (const path of [
        `requests.${format}`,
        `requests.${format}?status=open`,
        `requests/${thanetId}.${format}`,
        `requests/${crypto.randomUUID()}.${format}`,
      ]) {
        const res = await get(path);
        const body = await res.clone().text();
        await expectError(res, format, 403, /api_key is required/);
        for (const secret of [thanetId, doverId, 'Mould', 'Sparks', 'Damp', 'Thanet', 'Dover'])
          expect(body).not.toContain(secret);
      }
    }
  });

  it('a Thanet key sees its Thanet report in full and nothing of the Dover report', async () => {
    const list = await jsonOf<Json[]>(await get(`requests.json?api_key=${keys.thanet}`));
    expect(list.map((r) => r.service_request_id)).toEqual([thanetId]);
    for (const r of list) expect(Object.keys(r)).toEqual(SPEC.request);
    expect(list[0]).toMatchObject({
      lat: MARGATE.lat,
      long: MARGATE.long,
      description: 'Sparks from the socket in the kitchen, and the wall is wet.',
      service_code: 'electrics',
      agency_responsible: 'Thanet District Council',
    });
    // contact details are never part of a record, even with a key
    expect(JSON.stringify(list)).not.toMatch(/07700|young\.person@/);
    // the Dover report does not exist for this key, by id either
    await expectError(await get(`requests/${doverId}.json?api_key=${keys.thanet}`), 'json', 404, /service request/);
    expect(
      await jsonOf<Json[]>(await get(`requests.json?service_request_id=${doverId}&api_key=${keys.thanet}`)),
    ).toEqual([]);
  });

  it('a Dover key (header X-Api-Key) sees the Dover report in full, escaped in XML', async () => {
    const res = await get(`requests/${doverId}.xml`, { 'x-api-key': keys.dover });
    expect(res.status).toBe(200);
    const raw = await res.clone().text();
    expect(raw).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; it smells');
    const [request] = elements(await xmlOf(res), 'request');
    expect(childNames(request!)).toEqual(SPEC.request);
    expect(recordOf(request!)).toMatchObject({
      description: doverDescription,
      address: '3 Harbour View, Dover',
      lat: String(DOVER_TOWN.lat),
      long: String(DOVER_TOWN.long),
    });
  });

  it('an all-districts key sees both in full', async () => {
    const list = await jsonOf<Json[]>(
      await get(`requests.json?service_request_id=${doverId},${thanetId}&api_key=${keys.all}`),
    );
    expect(list.map((r) => r.service_request_id).sort()).toEqual([doverId, thanetId].sort());
    for (const r of list) expect(r.description).toEqual(expect.any(String));
  });

  it('a key limited to its own requests reads those and nothing else in its districts', async () => {
    const provider = await createApiKey(t.db, {
      name: 'Seaview Lettings',
      districts: [DOVER],
      scope: 'own',
      createdBy: 'test',
    });
    const mine = await createVia311({ api_key: provider.key, description: 'Submitted by the provider.' });
    const list = await jsonOf<Json[]>(await get(`requests.json?api_key=${provider.key}`));
    expect(list.map((r) => r.service_request_id)).toEqual([mine.service_request_id]);
    await expectError(await get(`requests/${doverId}.json?api_key=${provider.key}`), 'json', 404, /service request/);
    // the district's own key still sees it
    const council = await jsonOf<Json[]>(await get(`requests.json?api_key=${keys.dover}`));
    expect(council.map((r) => r.service_request_id)).toEqual(
      expect.arrayContaining([mine.service_request_id, doverId]),
    );
  });

  it('every keyed read is audited: the key and each report id returned; an empty read too', async () => {
    const [dover] = await t.db.query<{ id: string }>(`select id from api_keys where name = 'Dover District Council'`);
    const before = Number((await t.db.query<{ n: number }>('select max(id)::int as n from audit_log'))[0]!.n ?? 0);
    const list = await jsonOf<Json[]>(await get(`requests.json?api_key=${keys.dover}`));
    await get(`requests/${doverId}.xml`, { 'x-api-key': keys.dover });
    await get(`requests.json?service_code=pests&start_date=2020-01-01&api_key=${keys.dover}`);
    const rows = await t.db.query<{ action: string; actor_id: string | null; report_id: string | null; details: Json }>(
      'select action, actor_id, report_id, details from audit_log where id > $1 order by id',
      [before],
    );
    expect(rows.every((r) => r.action === 'open311.read' && r.actor_id === null)).toBe(true);
    expect(rows.every((r) => r.details.apiKeyId === dover!.id && r.details.apiKey === 'Dover District Council')).toBe(
      true,
    );
    expect(
      rows
        .filter((r) => r.details.read === '/open311/v2/requests.json' && r.report_id !== null)
        .map((r) => r.report_id)
        .sort(),
    ).toEqual(list.map((r) => r.service_request_id).sort());
    expect(
      rows.filter((r) => r.details.read === `/open311/v2/requests/${doverId}.xml`).map((r) => r.report_id),
    ).toEqual([doverId]);
    expect(rows.filter((r) => r.report_id === null)).toHaveLength(1);
    // the key itself is never written down
    expect(JSON.stringify(rows)).not.toContain(keys.dover);
  });

  it("an urgent report's times are given to the day only, even with a key; others to the second", async () => {
    // the Thanet report is urgent (the young person does not feel safe): a 24-hour clock from the second it arrived
    const [urgent] = await jsonOf<Json[]>(await get(`requests/${thanetId}.json?api_key=${keys.thanet}`));
    for (const field of ['requested_datetime', 'updated_datetime', 'expected_datetime']) {
      expect(urgent![field], field).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/);
    }
    const [row] = await t.db.query<{ received_at: Date }>('select received_at from reports where id = $1', [thanetId]);
    expect(urgent!.requested_datetime).toBe(`${new Date(row!.received_at).toISOString().slice(0, 10)}T00:00:00Z`);
    const xml = recordOf(
      elements(await xmlOf(await get(`requests/${thanetId}.xml?api_key=${keys.all}`)), 'request')[0]!,
    );
    expect(xml.requested_datetime).toBe(urgent!.requested_datetime);
    expect(xml.expected_datetime).toBe(urgent!.expected_datetime);
    // the Dover report is not urgent: to the second, and expected_datetime is its last deadline
    const [plain] = await jsonOf<Json[]>(await get(`requests/${doverId}.json?api_key=${keys.dover}`));
    expect(plain!.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Date.parse(plain!.expected_datetime as string)).toBeGreaterThan(
      Date.parse(plain!.requested_datetime as string) + 24 * 3_600_000,
    );
  });

  it('a wrong or revoked key on a GET → 403, not a silent downgrade', async () => {
    await expectError(await get('requests.xml?api_key=o311_wrong'), 'xml', 403, /api_key/);
    await expectError(await get(`requests/${doverId}.json?api_key=${keys.revoked}`), 'json', 403, /api_key/);
  });

  it('an unknown or malformed id → 404 in both formats', async () => {
    await expectError(
      await get(`requests/${crypto.randomUUID()}.xml?api_key=${keys.all}`),
      'xml',
      404,
      /service request/,
    );
    await expectError(await get(`requests/KNT-1234.json?api_key=${keys.all}`), 'json', 404, /service request/);
  });
});

describe('GET requests: filters', () => {
  let oldId = '';
  let closedId = '';
  let pestsId = '';

  beforeAll(async () => {
    oldId = (await createVia311({ service_code: 'water_leaks' })).service_request_id;
    await t.db.query(`update reports set received_at = now() - interval '120 days' where id = $1`, [oldId]);
    closedId = (await createVia311({ service_code: 'cold_heating' })).service_request_id;
    await t.db.query(`update reports set status = 'resolved' where id = $1`, [closedId]);
    pestsId = (await createVia311({ service_code: 'pests' })).service_request_id;
  });

  const ids = async (query: string) =>
    (await jsonOf<Json[]>(await get(`requests.json?${query}`, { 'x-api-key': keys.all }))).map(
      (r) => r.service_request_id as string,
    );

  it('by default the last 90 days', async () => {
    const list = await ids('');
    expect(list).toContain(pestsId);
    expect(list).not.toContain(oldId);
  });

  it('start_date and end_date choose the window (a date alone covers 90 days from it)', async () => {
    const from = new Date(Date.now() - 130 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() - 100 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    expect(await ids(`start_date=${from}&end_date=${to}`)).toEqual([oldId]);
    expect(await ids(`start_date=${from}`)).toContain(oldId);
  });

  it('service_code and status', async () => {
    expect(await ids('service_code=pests')).toEqual([pestsId]);
    const closed = await ids('status=closed');
    expect(closed).toContain(closedId);
    expect(closed).not.toContain(pestsId);
    const open = await ids('status=open');
    expect(open).toContain(pestsId);
    expect(open).not.toContain(closedId);
    expect((await ids('status=open,closed')).length).toBe((await ids('')).length);
  });

  it('service_request_id (a comma list) overrides the other filters', async () => {
    expect((await ids(`service_request_id=${oldId},${pestsId},not-an-id&status=closed`)).sort()).toEqual(
      [oldId, pestsId].sort(),
    );
  });

  it('errors: dates more than 90 days apart, a bad date, start after end, a bad status, an unknown service_code', async () => {
    const keyed = (path: string) => get(path, { 'x-api-key': keys.all });
    for (const format of ['xml', 'json'] as const) {
      await expectError(
        await keyed(`requests.${format}?start_date=2026-01-01&end_date=2026-05-01`),
        format,
        400,
        /90 days/,
      );
      await expectError(await keyed(`requests.${format}?start_date=yesterday`), format, 400, /start_date/);
      await expectError(await keyed(`requests.${format}?start_date=2026-02-30`), format, 400, /start_date/);
      await expectError(
        await keyed(`requests.${format}?start_date=2026-05-01&end_date=2026-04-01`),
        format,
        400,
        /after end_date/,
      );
      await expectError(await keyed(`requests.${format}?status=pending`), format, 400, /status/);
      await expectError(await keyed(`requests.${format}?service_code=graffiti`), format, 404, /service_code/);
    }
  });
});

describe('state mapping', () => {
  it('new, acknowledged, investigating, works_scheduled → open; resolved, closed → closed; status_notes in words without a public note', async () => {
    const { service_request_id: id } = await createVia311();
    const expected = {
      new: 'open',
      acknowledged: 'open',
      investigating: 'open',
      works_scheduled: 'open',
      resolved: 'closed',
      closed: 'closed',
    } as const;
    for (const [status, open311] of Object.entries(expected)) {
      await t.db.query('update reports set status = $2 where id = $1', [id, status]);
      const [json] = await jsonOf<Json[]>(await get(`requests/${id}.json?api_key=${keys.dover}`));
      expect(json, status).toMatchObject({ status: open311, status_notes: expect.any(String) });
      const [xml] = elements(await xmlOf(await get(`requests/${id}.xml?api_key=${keys.dover}`)), 'request');
      expect(text(child(xml!, 'status'))).toBe(open311);
    }
  });
});

describe('format and routing errors', () => {
  it('an unknown format → 400; no format → 404; an unknown resource → 404; a wrong method → 405', async () => {
    await expectError(await get('services.csv'), 'xml', 400, /format/);
    await expectError(await get('services'), 'xml', 404, /\.xml or/);
    await expectError(await get('things.json'), 'json', 404, /things/);
    await expectError(await get('things/1.json'), 'json', 404, /things/);
    const res = await t.app.request('/open311/v2/services.json', { method: 'POST' });
    await expectError(res, 'json', 405, /POST/);
    const del = await t.app.request(`/open311/v2/requests/${crypto.randomUUID()}.xml`, { method: 'DELETE' });
    await expectError(del, 'xml', 405, /DELETE/);
  });
});

describe('well-formed XML whatever the text', () => {
  it('control characters and lone surrogates in a description do not break the document', async () => {
    const nasty = "Bad \u0001 bytes \uD800 and ]]> and <![CDATA[ x ]]> & 'quotes'";
    const { service_request_id: id } = await createVia311({ description: nasty });
    const res = await get(`requests/${id}.xml?api_key=${keys.dover}`);
    const [request] = elements(await xmlOf(res), 'request');
    expect(text(child(request!, 'description'))).toBe(nasty.replace('\u0001', '\uFFFD').replace('\uD800', '\uFFFD'));
  });
});

describe('at most 1,000 requests', () => {
  it('a list never has more than 1,000', async () => {
    await t.db.query(
      `insert into reports (tracking_code, idempotency_key, request_hash, categories, category_groups, feels_safe,
         district_code, description, accommodation_type, contact_method, response)
       select 'BULK-' || g, 'bulk-' || g, 'x', array['other'], array['other'], 'yes', $1, 'bulk', 'other', 'none', '{}'::jsonb
         from generate_series(1, 1005) g`,
      [DOVER],
    );
    expect((await jsonOf<Json[]>(await get(`requests.json?api_key=${keys.all}`))).length).toBe(1000);
    expect(elements(await xmlOf(await get(`requests.xml?service_code=other&api_key=${keys.dover}`))).length).toBe(1000);
  });
});

// ── the round trip: Open311 → dashboard → Open311 ───────────────────────────────────────────────

describe('round trip through the dashboard', () => {
  it('POST through Open311 → on the dashboard → the commissioner resolves it with a public note → Open311 shows it closed with the note', async () => {
    const commissioner = await createStaff(t.db, {
      email: 'dover.commissioner@example.test',
      role: 'commissioner',
      districts: [DOVER],
    });
    const cookie = await signIn(t.app, commissioner);
    const { service_request_id: id } = await createVia311({
      service_code: 'mould',
      description: 'Round trip: mould in the hall.',
    });

    const list = await t.app.request('/api/dashboard/reports?district=' + DOVER + '&pageSize=100', asStaff(cookie));
    expect(list.status).toBe(200);
    const page = (await list.json()) as { reports: { id: string; status: string }[] };
    expect(page.reports.find((r) => r.id === id)).toMatchObject({ status: 'new' });

    const detail = await t.app.request(`/api/dashboard/reports/${id}`, asStaff(cookie));
    expect(await detail.json()).toMatchObject({ source: 'open311', description: 'Round trip: mould in the hall.' });

    const patch = (body: unknown) =>
      t.app.request(`/api/dashboard/reports/${id}`, asStaff(cookie, { method: 'PATCH', body }));
    expect((await patch({ status: 'acknowledged', publicNote: 'We have your report.' })).status).toBe(200);
    const [acknowledged] = await jsonOf<Json[]>(await get(`requests/${id}.json?api_key=${keys.dover}`));
    expect(acknowledged).toMatchObject({ status: 'open', status_notes: 'We have your report.' });

    const note = 'The landlord replaced the extractor fan and treated the wall.';
    expect(
      (await patch({ status: 'resolved', publicNote: note, internalNote: 'Staff only: checked by phone.' })).status,
    ).toBe(200);

    for (const format of ['xml', 'json'] as const) {
      const res = await get(`requests/${id}.${format}?api_key=${keys.dover}`);
      const record =
        format === 'xml' ? recordOf(elements(await xmlOf(res), 'request')[0]!) : (await jsonOf<Json[]>(res))[0]!;
      expect(record).toMatchObject({ service_request_id: id, status: 'closed', status_notes: note });
      expect(Date.parse(record.updated_datetime as string)).toBeGreaterThan(
        Date.parse(record.requested_datetime as string) - 1000,
      );
      expect(JSON.stringify(record)).not.toContain('Staff only');
    }
    // without a key: nothing
    await expectError(await get(`requests/${id}.json`), 'json', 403, /api_key is required/);
  });
});

// ── API keys: the admin API ─────────────────────────────────────────────────────────────────────

describe('/api/admin/api-keys', () => {
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    cookies.admin = await signIn(t.app, await createStaff(t.db, { email: 'keys.admin@example.test', role: 'admin' }));
    cookies.commissioner = await signIn(
      t.app,
      await createStaff(t.db, { email: 'keys.commissioner@example.test', role: 'commissioner' }),
    );
    cookies.pa = await signIn(t.app, await createStaff(t.db, { email: 'keys.pa@example.test', role: 'pa' }));
  });

  const call = (role: string | null, method: string, path = '', body?: unknown) =>
    t.app.request(`/api/admin/api-keys${path}`, asStaff(role ? cookies[role]! : null, { method, body }));

  it('admins only: anonymous 401, PA and commissioner 403', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const body = method === 'POST' ? { name: 'X' } : undefined;
      expect((await call(null, method, '', body)).status).toBe(401);
      expect((await call('pa', method, '', body)).status).toBe(403);
      expect((await call('commissioner', method, '', body)).status).toBe(403);
    }
    expect((await call('commissioner', 'DELETE', `/${crypto.randomUUID()}`)).status).toBe(403);
  });

  it('creates a key limited to districts, shows it once, stores only its hash; the key works at once', async () => {
    const res = await call('admin', 'POST', '', { name: 'Thanet housing team', districts: [THANET] });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { apiKey: Json; key: string };
    expect(created.key).toMatch(/^o311_[A-Za-z0-9_-]{43}$/);
    expect(created.apiKey).toMatchObject({
      name: 'Thanet housing team',
      districts: [THANET],
      createdBy: 'keys.admin@example.test',
      revokedAt: null,
    });
    expect(created.key.startsWith(created.apiKey.keyPrefix as string)).toBe(true);

    const rows = await t.db.query<Record<string, unknown>>('select * from api_keys where id = $1', [created.apiKey.id]);
    expect(rows[0]!.key_hash).toBe(hashKey(created.key));
    expect(JSON.stringify(rows)).not.toContain(created.key);

    const listed = (await (await call('admin', 'GET')).json()) as { apiKeys: Json[] };
    const mine = listed.apiKeys.find((k) => k.id === created.apiKey.id)!;
    expect(mine).toMatchObject({ name: 'Thanet housing team' });
    expect(JSON.stringify(listed)).not.toContain(created.key);

    expect((await get(`requests.json?api_key=${created.key}`)).status).toBe(200);
    const audit = await t.db.query<{ action: string }>(
      `select action from audit_log where details->>'apiKeyId' = $1 group by action order by min(id)`,
      [created.apiKey.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['api_key.create', 'open311.read']);
  });

  it('revokes a key: it stops working at once, and the revocation is audited', async () => {
    const { apiKey, key } = (await (
      await call('admin', 'POST', '', { name: 'Short-lived', districts: null })
    ).json()) as { apiKey: Json; key: string };
    expect((await get(`requests.json?api_key=${key}`)).status).toBe(200);
    const res = await call('admin', 'DELETE', `/${apiKey.id}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { apiKey: Json }).apiKey.revokedAt).toEqual(expect.any(String));
    await expectError(await get(`requests.json?api_key=${key}`), 'json', 403, /revoked/);
    await expectError(await post('json', damp({ api_key: key })), 'json', 403, /api_key/);
    const audit = await t.db.query<{ action: string }>(
      `select action from audit_log where details->>'apiKeyId' = $1 group by action order by min(id)`,
      [apiKey.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['api_key.create', 'open311.read', 'api_key.revoke']);
  });

  it('validation: a name is required, districts must be known; an unknown id → 404; cross-site → 403', async () => {
    expect((await call('admin', 'POST', '', { name: '' })).status).toBe(400);
    expect((await call('admin', 'POST', '', { name: 'X', districts: ['E99999999'] })).status).toBe(400);
    expect((await call('admin', 'POST', '', { name: 'X', districts: [] })).status).toBe(400);
    expect((await call('admin', 'DELETE', `/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await call('admin', 'DELETE', '/not-a-uuid')).status).toBe(404);
    const crossSite = await t.app.request('/api/admin/api-keys', {
      ...asStaff(cookies.admin!, { method: 'POST', body: { name: 'Evil' } }),
      headers: { cookie: cookies.admin!, origin: 'https://evil.example', 'content-type': 'application/json' },
    });
    expect(crossSite.status).toBe(403);
  });
});

describe('retention', () => {
  it('clears the address and media link a partner sent, with the point, once the report has been closed long enough', async () => {
    const { service_request_id: id } = await createVia311({
      address_string: '9 Cliff Road, Dover',
      media_url: 'https://partner.example/photos/1.jpg',
    });
    await t.db.query(`update reports set status = 'resolved', resolved_at = now() - interval '10 days' where id = $1`, [
      id,
    ]);
    await applyRetention(t.db, { days: 5 });
    const [row] = await t.db.query<Record<string, unknown>>(
      'select r.lat, o.address_string, o.media_url from reports r join open311_requests o on o.report_id = r.id where r.id = $1',
      [id],
    );
    expect(row).toEqual({ lat: null, address_string: null, media_url: null });
    const notes = await t.db.query<{ internal_note: string }>(
      `select internal_note from report_updates where report_id = $1 and internal_note is not null`,
      [id],
    );
    expect(JSON.stringify(notes)).not.toContain('partner.example');
    const [record] = await jsonOf<Json[]>(await get(`requests/${id}.json?api_key=${keys.dover}`));
    expect(record).toMatchObject({ address: null, media_url: null, ...centroidOf(DOVER) });
  });
});

describe('rate limits', () => {
  it("past the per-client limit on POST, a 429 in the spec's error list with Retry-After", async () => {
    const limited = createApp({ db: t.db, env: defaultEnv({ NODE_ENV: 'test', RATE_LIMIT: 'on' }) });
    const send = () =>
      limited.request('/open311/v2/requests.xml', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(damp() as Record<string, string>).toString(),
      });
    const statuses: number[] = [];
    let res: Response | undefined;
    for (let i = 0; i < 11; i++) {
      res = await send();
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(res!.headers.get('retry-after')).toMatch(/^\d+$/);
    await expectError(res!, 'xml', 429, /Too many/);
  });
});
