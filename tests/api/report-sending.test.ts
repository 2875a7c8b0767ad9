/** POST /api/reports as JSON: what is stored and answered, what is refused, and the Idempotency-Key. */
import { describe, expect, it } from 'vitest';
import { ReportCreated, TRACKING_CODE_PATTERN } from '#contract';
import { startTestApp } from '../helpers/test-app';
import { MARGATE, THANET, report, newKey, errorOf, jpeg, reportRequests } from '../helpers/report-requests';

/** This file's app, started once. */
const t = startTestApp();
const { postJson, postMultipart, countReports } = reportRequests(t);

describe('POST /api/reports (JSON)', () => {
  it('stores a report, derives the district from the point and answers 201 with the tracking code and deadlines', async () => {
    const before = await countReports();
    const res = await postJson(report({ district: 'E07000105' /* Ashford: ignored, the point decides */ }));
    expect(res.status).toBe(201);
    const created = ReportCreated.parse(await res.json());
    expect(created).toMatchObject({ status: 'new', district: THANET, urgent: false, photos: 0 });
    expect(created.trackingCode).toMatch(TRACKING_CODE_PATTERN);
    expect(Object.keys(created.deadlines).sort()).toEqual([
      'acknowledgeBy',
      'investigateBy',
      'makeSafeBy',
      'summaryBy',
    ]);
    expect(await countReports()).toBe(before + 1);

    const [row] = await t.db.query<Record<string, unknown>>('select * from reports where id = $1', [created.id]);
    expect(row).toMatchObject({
      district_code: THANET.code,
      categories: ['damp'],
      category_groups: ['damp_mould'],
      feels_safe: 'yes',
      lat: MARGATE.lat,
      lng: MARGATE.lng,
      affected_baby: true,
      affected_health: false,
      provider: 'Seaview Lettings',
      contact_method: 'pa',
      contact_value: null,
      source: 'app',
    });
    expect(new Date(row!.due_at as string).toISOString()).toBe(created.deadlines.acknowledgeBy);
  });

  it('marks a report urgent when the young person does not feel safe, with a 24-hour clock', async () => {
    const res = await postJson(report({ feelsSafe: 'no' }));
    const created = ReportCreated.parse(await res.json());
    expect(created.urgent).toBe(true);
    expect(Date.parse(created.deadlines.makeSafeBy!) - Date.parse(created.receivedAt)).toBe(24 * 3600 * 1000);
  });

  it('marks an emergency category urgent (gas, carbon monoxide)', async () => {
    const created = ReportCreated.parse(await (await postJson(report({ categories: ['gas_co', 'other'] }))).json());
    expect(created.urgent).toBe(true);
  });

  it('accepts a district instead of a location', async () => {
    const res = await postJson(report({ location: null, district: 'E07000108' }));
    expect(res.status).toBe(201);
    expect(ReportCreated.parse(await res.json()).district).toEqual({ code: 'E07000108', name: 'Dover' });
  });

  it('keeps a point outside every district as "outside"', async () => {
    const res = await postJson(report({ location: { lat: 48.8566, lng: 2.3522 } }));
    expect(res.status).toBe(201);
    expect(ReportCreated.parse(await res.json()).district.code).toBe('outside');
  });

  it('stores phone and email contact details, and drops a value given with "pa"', async () => {
    const phone = ReportCreated.parse(
      await (await postJson(report({ contact: { method: 'phone', value: '07700 900123' } }))).json(),
    );
    const pa = ReportCreated.parse(
      await (await postJson(report({ contact: { method: 'pa', value: 'ignored' } }))).json(),
    );
    const rows = await t.db.query<{ id: string; contact_value: string | null }>(
      'select id, contact_value from reports where id = any($1::uuid[])',
      [[phone.id, pa.id]],
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.contact_value]))).toEqual({
      [phone.id]: '07700 900123',
      [pa.id]: null,
    });
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['categories missing', { categories: undefined }, 'categories'],
    ['categories not a list', { categories: 'damp' }, 'categories'],
    ['categories empty', { categories: [] }, 'categories'],
    [
      'more than 5 categories',
      { categories: ['damp', 'mould', 'pests', 'other', 'electrics', 'gas_co'] },
      'categories',
    ],
    ['a repeated category', { categories: ['damp', 'damp'] }, 'categories'],
    ['an unknown category', { categories: ['damp', 'ghosts'] }, 'categories.1'],
    ['feelsSafe missing', { feelsSafe: undefined }, 'feelsSafe'],
    ['feelsSafe not an option', { feelsSafe: 'maybe' }, 'feelsSafe'],
    ['feelsSafe a boolean', { feelsSafe: true }, 'feelsSafe'],
    ['location missing', { location: undefined }, 'location'],
    ['location a string', { location: '51.38,1.38' }, 'location'],
    ['lat above 90', { location: { lat: 90.5, lng: 1 } }, 'location.lat'],
    ['lat below -90', { location: { lat: -91, lng: 1 } }, 'location.lat'],
    ['lng above 180', { location: { lat: 51, lng: 180.1 } }, 'location.lng'],
    ['lng below -180', { location: { lat: 51, lng: -181 } }, 'location.lng'],
    ['lat a string', { location: { lat: '51.3', lng: 1 } }, 'location.lat'],
    ['lng missing', { location: { lat: 51 } }, 'location.lng'],
    ['district missing', { district: undefined }, 'district'],
    ['district null without a location', { location: null, district: null }, 'district'],
    ['an unknown district', { location: null, district: 'E09000001' }, 'district'],
    ['district a number', { location: null, district: 7 }, 'district'],
    ['description missing', { description: undefined }, 'description'],
    ['description empty', { description: '   ' }, 'description'],
    ['description too long', { description: 'x'.repeat(2001) }, 'description'],
    ['description a number', { description: 42 }, 'description'],
    ['since not a date', { since: 'last winter' }, 'since'],
    ['since an impossible date', { since: '2026-02-30' }, 'since'],
    ['affected.baby not a boolean', { affected: { baby: 'yes' } }, 'affected.baby'],
    ['affected.healthCondition not a boolean', { affected: { healthCondition: 1 } }, 'affected.healthCondition'],
    ['accommodationType missing', { accommodationType: undefined }, 'accommodationType'],
    ['accommodationType unknown', { accommodationType: 'castle' }, 'accommodationType'],
    ['provider too long', { provider: 'p'.repeat(121) }, 'provider'],
    ['provider a number', { provider: 12 }, 'provider'],
    ['contact missing', { contact: undefined }, 'contact'],
    ['contact method unknown', { contact: { method: 'pigeon' } }, 'contact.method'],
    ['phone contact without a number', { contact: { method: 'phone' } }, 'contact.value'],
    ['phone contact with letters', { contact: { method: 'phone', value: 'call me maybe' } }, 'contact.value'],
    ['email contact without an address', { contact: { method: 'email', value: 'not-an-email' } }, 'contact.value'],
    [
      'contact value too long',
      { contact: { method: 'email', value: `${'a'.repeat(200)}@example.org` } },
      'contact.value',
    ],
    ['createdAt missing', { createdAt: undefined }, 'createdAt'],
    ['createdAt not a date-time', { createdAt: 'yesterday' }, 'createdAt'],
  ];

  it.each(invalid)('refuses %s (400, field %s) and stores nothing', async (_name, overrides, field) => {
    const before = await countReports();
    const res = await postJson(report(overrides));
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('invalid');
    expect(Object.keys(error.fields ?? {})).toContain(field);
    expect(await countReports()).toBe(before);
  });

  it.each([
    ['a JSON array', '[]'],
    ['null', 'null'],
    ['a string', '"report"'],
  ])('refuses %s as the body (400)', async (_name, body) => {
    const res = await postJson(body);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid');
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await postJson('{"categories": [');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('malformed_json');
  });

  it('refuses another content type with 415', async () => {
    const res = await t.app.request('/api/reports', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'idempotency-key': newKey() },
      body: JSON.stringify(report()),
    });
    expect(res.status).toBe(415);
    expect((await errorOf(res)).code).toBe('unsupported_media_type');
  });

  it('refuses a JSON body over 64 KB with 413', async () => {
    const res = await postJson(report({ padding: 'x'.repeat(70 * 1024) }));
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('too_large');
  });

  it('stops reading a chunked body without Content-Length at the limit (413)', async () => {
    let sent = 0;
    const chunk = new TextEncoder().encode(' '.repeat(16 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        if (sent > 10 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new Request('http://localhost/api/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(request.headers.has('content-length')).toBe(false);
    const res = await t.app.request(request);
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('too_large');
    expect(sent).toBeLessThan(1024 * 1024); // it did not read the 10 MB
  });
});

describe('Idempotency-Key', () => {
  it('is required (400)', async () => {
    const before = await countReports();
    const res = await postJson(report(), null);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('idempotency_key_required');
    expect(await countReports()).toBe(before);
  });

  it.each([['short'], ['has spaces in it'], ['x'.repeat(129)]])('must be well formed: %s → 400', async (key) => {
    const res = await postJson(report(), key);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid_idempotency_key');
  });

  it('replays the first 201 body for the same key and body, storing one report', async () => {
    const key = newKey();
    const first = await postJson(report(), key);
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const before = await countReports();

    // the same report, keys in another order and with extra spaces that validation trims
    const { description, ...rest } = report();
    const again = await postJson({ description: `  ${description} `, ...rest }, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(await again.json()).toEqual(firstBody);
    expect(await countReports()).toBe(before);
  });

  it('refuses the same key with a different body (422)', async () => {
    const key = newKey();
    expect((await postJson(report(), key)).status).toBe(201);
    const before = await countReports();
    const res = await postJson(report({ description: 'Something else entirely.' }), key);
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe('idempotency_key_reused');
    expect(await countReports()).toBe(before);
  });

  it('creates one report from 10 concurrent posts with one key', async () => {
    const key = newKey();
    const photo = await jpeg(800, 600);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => postMultipart(report(), [{ bytes: photo }], key)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as ReportCreated[];
    expect(new Set(bodies.map((b) => b.trackingCode)).size).toBe(1);
    const rows = await t.db.query<{ id: string }>('select id from reports where idempotency_key = $1', [key]);
    expect(rows).toHaveLength(1);
    const photos = await t.db.query('select 1 from report_photos where report_id = $1', [rows[0]!.id]);
    expect(photos).toHaveLength(1);
  });
});
