/**
 * An Open311 GeoReport v2 test app with four partner keys (Thanet, Dover, all districts, revoked), the
 * requests a partner sends, and strict readers of its XML and JSON answers: shared by the open311-* files.
 */
import { expect } from 'vitest';
import { districtCentroid } from '#rules/geo';
import { districtBoundaries } from '../../api/lib/content';
import { createApiKey, revokeApiKey } from '../../api/modules/open311/open311.keys';
import { startTestApp } from './test-app';
import { child, childNames, elements, parseXml, text, type XmlElement } from './xml';

export const THANET = 'E07000114';
export const DOVER = 'E07000108';
export const MARGATE = { lat: 51.3813, long: 1.3862 }; // Thanet
export const DOVER_TOWN = { lat: 51.1279, long: 1.3134 }; // Dover
export const PARIS = { lat: 48.8566, long: 2.3522 };

/** Element names as in the spec's examples (GeoReport v2 and Service Discovery). */
export const SPEC = {
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

/** Parses an XML answer strictly and checks its content type. */
export async function xmlOf(res: Response): Promise<XmlElement> {
  expect(res.headers.get('content-type')).toMatch(/^text\/xml; charset=utf-8/);
  return parseXml(await res.text());
}

export async function jsonOf<T = unknown>(res: Response): Promise<T> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as T;
}

export type Json = Record<string, unknown>;

/** The errors of an answer, in either format, checked for the spec's shape. */
export async function errorsOf(
  res: Response,
  format: 'xml' | 'json',
): Promise<{ code: number; description: string }[]> {
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

export async function expectError(res: Response, format: 'xml' | 'json', status: number, description: RegExp) {
  expect(res.status).toBe(status);
  const errors = await errorsOf(res, format);
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) expect(e.code).toBe(status);
  expect(errors.map((e) => e.description).join(' | ')).toMatch(description);
}

/** A `<request>` element as a flat record of its leaf texts. */
export const recordOf = (el: XmlElement): Record<string, string> =>
  Object.fromEntries(elements(el).map((e) => [e.name, text(e)]));

/** The point of a district's centre, as Open311 gives it for a report without an exact point. */
export const centroidOf = (code: string) => {
  const feature = districtBoundaries.features.find((f) => f.properties.code === code)!;
  const c = districtCentroid(feature);
  return { lat: Math.round(c.lat * 1e5) / 1e5, long: Math.round(c.lng * 1e5) / 1e5 };
};

/** Starts this file's app once (in beforeAll) with the partner keys, and gives the requests made to it. */
export function startOpen311App() {
  const keys = { thanet: '', dover: '', all: '', revoked: '' };

  const t = startTestApp(async (t) => {
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

  async function createVia311(fields: Record<string, string | undefined> = {}, headers: Record<string, string> = {}) {
    const res = await post('json', damp(fields), headers);
    expect(res.status, await res.clone().text()).toBe(201);
    const [created] = await jsonOf<Json[]>(res);
    return created as { service_request_id: string; service_notice: string; account_id: null };
  }

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

  return Object.assign(t, {
    keys,
    get,
    post,
    damp,
    createVia311,
    createInApp,
  });
}
