/**
 * Open311 GET requests and requests/{id}: no report-level record without a key, a key reads only its districts
 * or its own reports, every keyed read is audited, urgent reports' times to the day; and the list filters.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../api/modules/open311/open311.keys';
import {
  DOVER,
  MARGATE,
  DOVER_TOWN,
  SPEC,
  xmlOf,
  jsonOf,
  type Json,
  expectError,
  recordOf,
  startOpen311App,
} from '../helpers/open311';
import { childNames, elements } from '../helpers/xml';

/** This file's app, started once, with the partner keys. */
const t = startOpen311App();
const { keys, get, createVia311, createInApp } = t;

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
