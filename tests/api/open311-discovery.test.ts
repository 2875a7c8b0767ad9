/** Open311 GeoReport v2 discovery, services and service definitions in XML and JSON, read by a strict XML checker. */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { ACCOMMODATION_TYPES } from '../../api/contract/report-fields';
import { defaultEnv } from '../../api/env';
import { SPEC, xmlOf, jsonOf, type Json, expectError, recordOf, startOpen311App } from '../helpers/open311';
import { child, childNames, elements, parseXml, text, XmlError } from '../helpers/xml';

/** This file's app, started once, with the partner keys. */
const t = startOpen311App();
const { get } = t;

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
    expect((accommodation.values as Json[]).map((v) => v.key)).toEqual(ACCOMMODATION_TYPES);
  });

  it('an unknown service_code → 404 in both formats', async () => {
    await expectError(await get('services/leaky_roof.xml'), 'xml', 404, /service_code/);
    await expectError(await get('services/leaky_roof.json'), 'json', 404, /service_code/);
  });
});

// ── POST requests ───────────────────────────────────────────────────────────────────────────────
