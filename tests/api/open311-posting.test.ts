/** Open311 POST requests: a partner's report reaches the housing reports module, with its Idempotency-Key, and every error in both formats stores nothing. */
import { describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DOVER,
  DOVER_TOWN,
  PARIS,
  SPEC,
  xmlOf,
  jsonOf,
  type Json,
  errorsOf,
  expectError,
  recordOf,
  startOpen311App,
} from '../helpers/open311';
import { child, childNames, elements, text } from '../helpers/xml';

/** This file's app, started once, with the partner keys. */
const t = startOpen311App();
const { keys, get, post, damp, createVia311 } = t;

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
