/**
 * XSS: script payloads in descriptions, provider names, notes and Open311 fields come back as
 * inert text in every format the server writes — JSON (application/json + nosniff, never HTML), CSV
 * (text, formula cells escaped, an attachment), Open311 XML (escaped, well-formed) and Open311 JSON.
 * The web pages are checked in a browser by tests/e2e/xss.e2e.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../api/modules/open311/open311.keys';
import { newReport, postReport } from '../helpers/reports';
import { asStaff, createStaff, signIn } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';
import { child, parseXml, type XmlElement } from '../helpers/xml';

/** What an attacker would put in every free-text field. */
const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert("xss")</script>',
  '"><svg onload=alert(1)>',
  "'; alert(1); //",
  ']]><injected/>',
  '{{constructor.constructor("alert(1)")()}}',
  '&lt;b&gt;not bold&lt;/b&gt;',
];
const DESCRIPTION = `Mould everywhere. ${PAYLOADS.join(' ')}`;
const PROVIDER = '<img src=x onerror=alert(1)> Homes';
const FORMULA_PROVIDER = '=HYPERLINK("http://evil.example","click")';
const PUBLIC_NOTE = `We will visit. <script>alert('public')</script> ${PAYLOADS[0]}`;
const INTERNAL_NOTE = `Checked. <iframe src="javascript:alert('internal')"></iframe>`;

let t: Awaited<ReturnType<typeof createTestApp>>;
let cookie: string;
let report: { id: string; trackingCode: string };
let formulaReport: { id: string; trackingCode: string };
let apiKey: string;

beforeAll(async () => {
  t = await createTestApp();
  const commissioner = await createStaff(t.db, { email: 'xss-commissioner@example.test', role: 'commissioner' });
  cookie = await signIn(t.app, commissioner);
  report = await postReport(t.app, newReport({ description: DESCRIPTION, provider: PROVIDER, district: 'E07000114' }));
  formulaReport = await postReport(t.app, newReport({ description: '=1+1 @SUM(A1)', provider: FORMULA_PROVIDER }));
  const patched = await t.app.request(
    `/api/dashboard/reports/${report.id}`,
    asStaff(cookie, {
      method: 'PATCH',
      body: { status: 'acknowledged', publicNote: PUBLIC_NOTE, internalNote: INTERNAL_NOTE },
    }),
  );
  expect(patched.status, await patched.clone().text()).toBe(200);
  apiKey = (await createApiKey(t.db, { name: '<b>Partner</b> & Co', districts: null, createdBy: 'test' })).key;
});
afterAll(() => t.close());

/** A JSON answer can only ever be data: the right type, nosniff, the CSP — and the text survives exactly. */
function expectInertJson(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
}

describe('JSON answers carry payloads as plain strings', () => {
  it('the tracking view (My reports) gives the public note back exactly, as data', async () => {
    const res = await t.app.request(`/api/reports/${report.trackingCode}`);
    expect(res.status).toBe(200);
    expectInertJson(res);
    const body = (await res.json()) as { updates: { note?: string }[] };
    expect(body.updates.map((u) => u.note)).toContain(PUBLIC_NOTE);
  });

  it('the dashboard detail gives description, provider and both notes back exactly, as data', async () => {
    const res = await t.app.request(`/api/dashboard/reports/${report.id}`, asStaff(cookie));
    expect(res.status).toBe(200);
    expectInertJson(res);
    const text = await res.text();
    const body = JSON.parse(text) as { description: string; provider: string; history: Record<string, unknown>[] };
    expect(body.description).toBe(DESCRIPTION);
    expect(body.provider).toBe(PROVIDER);
    expect(JSON.stringify(body.history)).toContain(JSON.stringify(PUBLIC_NOTE).slice(1, -1));
    expect(JSON.stringify(body.history)).toContain(JSON.stringify(INTERNAL_NOTE).slice(1, -1));
  });

  it('the dashboard list and providers give the provider name back exactly', async () => {
    for (const path of ['/api/dashboard/reports', '/api/dashboard/providers']) {
      const res = await t.app.request(path, asStaff(cookie));
      expect(res.status, path).toBe(200);
      expectInertJson(res);
      expect(await res.text(), path).toContain(JSON.stringify(PROVIDER));
    }
  });
});

describe('CSV export', () => {
  it('is an attachment of type text/csv; payloads are text, formula cells are escaped', async () => {
    const res = await t.app.request('/api/dashboard/export.csv', asStaff(cookie));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csv = await res.text();
    expect(csv).toContain(PROVIDER);
    // the formula is shown as text: a leading apostrophe, and its quotes doubled inside a quoted cell
    expect(csv).toContain(`"'${FORMULA_PROVIDER.replace(/"/g, '""')}"`);
    for (const line of csv.split('\r\n')) {
      for (const cell of line.split(',')) expect(cell, line).not.toMatch(/^"?[=+@]/);
    }
  });
});

describe('Open311', () => {
  const text = (el: XmlElement): string => el.children.map((c) => (typeof c === 'string' ? c : text(c))).join('');
  const get = (path: string) => t.app.request(`/open311/v2/${path}`);

  it('XML escapes every payload and stays well-formed, with a key (without one: a well-formed refusal)', async () => {
    const keyless = await get(`requests/${report.id}.xml`);
    expect(keyless.status).toBe(403);
    expect(child(parseXml(await keyless.text()), 'error')).toBeDefined();
    for (const query of [`?api_key=${apiKey}`]) {
      const res = await get(`requests/${report.id}.xml${query}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/xml/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const xml = await res.text();
      // no raw markup from the payloads anywhere in the document
      for (const raw of ['<img', '<script', '<svg', '<injected', '<iframe']) expect(xml).not.toContain(raw);
      const request = child(parseXml(xml), 'request');
      if (query) {
        expect(text(child(request, 'description'))).toBe(DESCRIPTION);
        expect(text(child(request, 'status_notes'))).toBe(PUBLIC_NOTE);
      }
    }
  });

  it('JSON gives the payloads back exactly, as data', async () => {
    const res = await get(`requests/${report.id}.json?api_key=${apiKey}`);
    expect(res.status).toBe(200);
    expectInertJson(res);
    const [request] = (await res.json()) as { description: string; status_notes: string }[];
    expect(request!.description).toBe(DESCRIPTION);
    expect(request!.status_notes).toBe(PUBLIC_NOTE);
  });

  it('a payload posted through Open311 (description, address) comes back escaped in XML and exact in JSON', async () => {
    const form = new URLSearchParams({
      api_key: apiKey,
      service_code: 'damp',
      lat: '51.1279',
      long: '1.3134',
      description: DESCRIPTION,
      address_string: '<script>alert(1)</script> 1 High Street',
      'attribute[feel_safe]': 'yes',
      'attribute[accommodation_type]': 'private_rented',
    });
    const posted = await t.app.request('/open311/v2/requests.xml', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: form.toString(),
    });
    expect(posted.status, await posted.clone().text()).toBe(201);
    const postedXml = await posted.text();
    expect(postedXml).not.toContain('<script');
    const id = text(child(child(parseXml(postedXml), 'request'), 'service_request_id'));

    const xml = await (await get(`requests/${id}.xml?api_key=${apiKey}`)).text();
    expect(xml).not.toContain('<script');
    const request = child(parseXml(xml), 'request');
    expect(text(child(request, 'address'))).toBe('<script>alert(1)</script> 1 High Street');
    expect(text(child(request, 'description'))).toBe(DESCRIPTION);
  });
});

describe('error messages never echo markup as HTML', () => {
  it('a 404 for a path with markup is JSON, not HTML', async () => {
    const res = await t.app.request(`/api/${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(res.status).toBe(404);
    expectInertJson(res);
  });

  it('a validation error about a payload is JSON', async () => {
    const res = await t.app.request('/api/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'xss-validation-1' },
      body: JSON.stringify(newReport({ categories: ['<script>alert(1)</script>'] })),
    });
    expect(res.status).toBe(400);
    expectInertJson(res);
  });

  it("the formula report is stored as sent (escaping is the writer's job, not the store's)", async () => {
    const res = await t.app.request(`/api/dashboard/reports/${formulaReport.id}`, asStaff(cookie));
    expect(((await res.json()) as { provider: string }).provider).toBe(FORMULA_PROVIDER);
  });
});
