/** A report's life as Open311 shows it: status mapping, the round trip through the dashboard, and retention. */
import { describe, expect, it } from 'vitest';
import { applyRetention } from '../../api/modules/retention/retention';
import { asStaff, createStaff, signIn } from '../helpers/staff';
import {
  DOVER,
  xmlOf,
  jsonOf,
  type Json,
  expectError,
  recordOf,
  centroidOf,
  startOpen311App,
} from '../helpers/open311';
import { child, elements, text } from '../helpers/xml';

/** This file's app, started once, with the partner keys. */
const t = startOpen311App();
const { keys, get, createVia311 } = t;

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
