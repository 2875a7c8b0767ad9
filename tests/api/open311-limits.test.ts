/** Open311 at its edges: format and routing errors, well-formed XML whatever the text, at most 1,000 requests, rate limits. */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { defaultEnv } from '../../api/env';
import { DOVER, xmlOf, jsonOf, type Json, expectError, startOpen311App } from '../helpers/open311';
import { child, elements, text } from '../helpers/xml';

/** This file's app, started once, with the partner keys. */
const t = startOpen311App();
const { keys, get, damp, createVia311 } = t;

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
