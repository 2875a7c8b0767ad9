/**
 * Fuzzing: property-based tests (fast-check) send thousands of generated malformed requests
 * to every API and Open311 endpoint — the routes are read from the app itself, and a route without a
 * fuzz spec here fails the test. Wrong types, huge strings, deeply nested JSON, invalid UTF-8, wrong
 * content types, broken multipart, junk in paths, queries, headers and cookies, as anonymous, with a
 * forged cookie, and signed in as staff. Always: no 5xx; every refusal in the JSON error shape (or
 * Open311's error list under /open311); and nothing stored.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  AlertSettings,
  ContentHealthSettings,
  ContentNotePatch,
  CreateApiKey,
  CreateStaff,
  DEFAULT_ALERT_SETTINGS,
  LinkCheckRequest,
  LoginRequest,
  MarkFactChecked,
  NewContentNote,
  NewReply,
  OutcomeChangesRequest,
  NewReport,
  PaNote,
  PublishContent,
  SaveContentItem,
  ReportPatch,
  ReportPushSubscription,
  ReportPushUnsubscribe,
  SetCareLeavers,
  SetDutyInbox,
  StaffPushSubscription,
  StaffPushUnsubscribe,
  TotpConfirm,
  UpdateStaff,
} from '#contract';
import { createReport } from '../../api/modules/housing-reports/housing-reports.queries';
import { createApiKey } from '../../api/modules/open311/open311.keys';
import { newReport } from '../helpers/reports';
import { asStaff, createStaff, ORIGIN, signIn } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';
import { parseXml } from '../helpers/xml';

/** Runs per route (about 30 routes) and for random paths: ≥ 5,000 requests, under a minute on 2 cores. */
const RUNS_PER_ROUTE = 160;
const RUNS_RANDOM_PATHS = 600;
const MIN_REQUESTS = 5000;

let t: Awaited<ReturnType<typeof createTestApp>>;
const cookies: Record<'commissioner' | 'admin' | 'pa', string> = { commissioner: '', admin: '', pa: '' };
const real = { reportId: '', trackingCode: '', staffId: '', apiKey: '' };
let requests = 0;
const statuses = new Map<number, number>();

// ── what a request is ──────────────────────────────────────────────────────────────────────────────

type Who = 'anonymous' | 'forged' | 'commissioner' | 'admin' | 'pa';
interface Req {
  method: string;
  path: string;
  who: Who;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

// ── generators ─────────────────────────────────────────────────────────────────────────────────────

const NASTY = [
  '',
  ' ',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '-0',
  '0x10',
  '9'.repeat(400),
  'true',
  '[]',
  '{}',
  "' or 1=1 --",
  '"; drop table reports; --',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '..%2F..%2F',
  '%00',
  '\u0000',
  '\u202e',
  '\ufeff',
  '{{7*7}}',
  '${7*7}',
  '__proto__',
  'constructor',
  'prototype',
  'E07000114',
  'outside',
  'damp',
  'KNT-0000-0000-0000-0000',
  '2026-02-30',
  '2026-13',
  '9999-12-31T23:59:59Z',
  'ǅ',
  '🏚️',
  'عربى',
  '\r\nX-Injected: 1',
];

/** Any text a client could send: short, unicode, control characters, lone surrogates, long. */
const junk: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('\ud800', '\udfff', 'a', '\u0000'), maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 20_000 }).map((n) => 'A'.repeat(n)) },
);

/** Any JSON value, of any type, sometimes huge. */
const junkJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: junk },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1e308, -1e-308, 2 ** 53 + 1, [], {}) },
  { weight: 1, arbitrary: fc.integer({ min: 2_000, max: 70_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 1 }), { minLength: 50, maxLength: 500 }) },
);

/** Bytes that are not valid UTF-8: lone continuation bytes, overlong forms, encoded surrogates, truncated sequences. */
const badUtf8: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.string({ maxLength: 20 }),
    fc.constantFrom(
      [0xff],
      [0xfe, 0xff],
      [0xc3, 0x28],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
      [0x80],
      [0xf0, 0x9f, 0x98],
    ),
    fc.string({ maxLength: 20 }),
  )
  .map(([a, bad, b]) => new Uint8Array([...Buffer.from(`{"description":"${a}`), ...bad, ...Buffer.from(`${b}"}`)]));

/** Text that is not JSON, or JSON that is deeper or longer than anyone should send. */
const brokenJsonText = (valid: unknown): fc.Arbitrary<string> => {
  const text = JSON.stringify(valid);
  return fc.oneof(
    fc.integer({ min: 1, max: Math.max(1, text.length - 1) }).map((n) => text.slice(0, n)),
    fc.integer({ min: 50, max: 30_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
    fc.integer({ min: 50, max: 10_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
    fc.integer({ min: 50, max: 30_000 }).map((n) => '['.repeat(n)),
    fc.constantFrom(
      '',
      'null',
      '"just a string"',
      '{"a":1,}',
      "{'a':1}",
      '{"a":NaN}',
      '\ufeff{}',
      '{"__proto__":{"admin":true}}',
      '1'.repeat(1000),
    ),
    junk,
  );
};

/** A valid object with 1–3 fields deleted, replaced by any JSON value, or joined by unknown ones. */
const mutated = (valid: Record<string, unknown>): fc.Arbitrary<unknown> =>
  fc
    .array(
      fc.tuple(
        fc.constantFrom(...Object.keys(valid), '__proto__', 'constructor', 'extra'),
        fc.oneof(fc.constant(undefined), junkJson),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((changes) => {
      const copy: Record<string, unknown> = JSON.parse(JSON.stringify(valid));
      for (const [key, value] of changes) {
        if (value === undefined) delete copy[key];
        else Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
      }
      return copy;
    });

const NOT_JSON_TYPES = [
  'text/plain',
  'application/xml',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'application/octet-stream',
  'image/jpeg',
  '',
];
const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/problem+json',
  'APPLICATION/JSON',
];

/**
 * A JSON body for a route with schema `schema`, always invalid: schema-invalid JSON (checked with the
 * same zod schema the route uses), text that is not JSON, bad UTF-8, or a valid body under a type that is
 * not JSON.
 */
function jsonBody(
  schema: z.ZodType,
  valid: Record<string, unknown>,
): fc.Arbitrary<{ type: string; body: string | Uint8Array }> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.record({ type: fc.constantFrom(...JSON_TYPES), body: invalidJsonText(schema, valid) }) },
    {
      weight: 1,
      arbitrary: fc.record({ type: fc.constantFrom(...NOT_JSON_TYPES), body: fc.constant(JSON.stringify(valid)) }),
    },
  );
}

function validText(schema: z.ZodType, text: string): boolean {
  try {
    return schema.safeParse(JSON.parse(text)).success;
  } catch {
    return false;
  }
}

/** Text that is never a valid body whatever the content type says (a multipart part has none). */
function invalidJsonText(schema: z.ZodType, valid: Record<string, unknown>): fc.Arbitrary<string | Uint8Array> {
  const invalid = fc.oneof(mutated(valid), junkJson).filter((value) => !schema.safeParse(value).success);
  return fc.oneof(
    { weight: 5, arbitrary: invalid.map((v) => JSON.stringify(v) ?? '') },
    // a UTF-8 decoder drops a leading BOM, so "\ufeff{}" is `{}`: valid where every field is optional
    { weight: 2, arbitrary: brokenJsonText(valid).filter((text) => !validText(schema, text.replace(/^\ufeff/, ''))) },
    { weight: 1, arbitrary: badUtf8 },
  );
}

const JPEG_START = [0xff, 0xd8, 0xff, 0xe0];
const PNG_START = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const WEBP_START = [...Buffer.from('RIFF'), 0x10, 0, 0, 0, ...Buffer.from('WEBPVP8 ')];

/** A photo that is not a usable image: random bytes, an image header with garbage, text, SVG. */
const brokenPhoto: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc
    .uint8Array({ minLength: 0, maxLength: 2000 })
    .filter(
      (b) =>
        !(b[0] === 0xff && b[1] === 0xd8) && !(b[0] === 0x89 && b[1] === 0x50) && !(b[0] === 0x52 && b[1] === 0x49),
    ),
  fc
    .tuple(fc.constantFrom(JPEG_START, PNG_START, WEBP_START), fc.uint8Array({ maxLength: 3000 }))
    .map(([head, rest]) => new Uint8Array([...head, ...rest])),
  fc
    .constantFrom(
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;'),
      Buffer.from('%PDF-1.4 not a photo'),
    )
    .map((b) => new Uint8Array(b)),
);

const BOUNDARY = 'fuzzBoundary7MA4YWxk';
function multipart(
  parts: { name: string; filename?: string; type?: string; body: Uint8Array | string }[],
  boundary = BOUNDARY,
): Uint8Array {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ''}`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`,
      ),
    );
    chunks.push(Buffer.from(part.body));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Broken multipart for POST /api/reports. Either the report part is not a valid report (and any photos
 * ride along), or the report is valid and every photo is broken, or the framing itself is broken.
 */
const brokenMultipart: fc.Arbitrary<{ type: string; body: Uint8Array }> = (() => {
  const validReport = JSON.stringify(newReport());
  const photoParts = (min: number) =>
    fc.array(
      fc.record({
        name: fc.constant('photos'),
        filename: fc.oneof(
          fc.constant('IMG_0001.jpg'),
          junk.map((s) => s.replace(/["\r\n]/g, '')),
        ),
        type: fc.constantFrom('image/jpeg', 'image/png', 'text/html', 'image/svg+xml', 'application/octet-stream'),
        body: brokenPhoto,
      }),
      { minLength: min, maxLength: 5 },
    );
  const invalidReport = fc.oneof(invalidJsonText(NewReport, newReport()), fc.constant('not json at all'));
  const type = `multipart/form-data; boundary=${BOUNDARY}`;
  return fc.oneof(
    // the report part is wrong
    fc.tuple(invalidReport, photoParts(0)).map(([report, photos]) => ({
      type,
      body: multipart([{ name: 'report', body: report }, ...photos]),
    })),
    // the report is right, the photos are not
    photoParts(1).map((photos) => ({ type, body: multipart([{ name: 'report', body: validReport }, ...photos]) })),
    // no report part at all; the report sent as a file; a photo sent as text
    photoParts(0).map((photos) => ({ type, body: multipart(photos) })),
    fc.constant({
      type,
      body: multipart([
        { name: 'report', body: validReport },
        { name: 'photos', body: 'just text' },
      ]),
    }),
    // the framing is broken
    fc
      .integer({ min: 1, max: 200 })
      .map((cut) => ({ type, body: multipart([{ name: 'report', body: '{"categories":' }]).slice(0, cut) })),
    fc
      .constantFrom(
        'multipart/form-data',
        'multipart/form-data; boundary=',
        'multipart/form-data; boundary=other',
        'multipart/mixed; boundary=' + BOUNDARY,
      )
      .map((badType) => ({ type: badType, body: multipart([{ name: 'report', body: '{}' }]) })),
    fc.uint8Array({ maxLength: 500 }).map((bytes) => ({ type, body: bytes })),
    fc.constant({
      type,
      body: new Uint8Array(
        Buffer.from(`--${BOUNDARY}\nContent-Disposition: form-data; name="report"\n\n{}\n--${BOUNDARY}--`),
      ),
    }),
  );
})();

/** Query strings with the route's own parameter names and random ones, junk values, broken escapes. */
const query = (names: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .array(fc.tuple(fc.oneof(fc.constantFrom(...names, 'x'), junk), junk), { maxLength: 5 })
        .map((pairs) => {
          const params = new URLSearchParams();
          for (const [k, v] of pairs) params.append(k, v.replace(/[\ud800-\udfff]/g, '\ufffd'));
          const s = params.toString();
          return s ? `?${s}` : '';
        }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '?%',
        '?a=%E0%A4%A',
        '?%zz=1',
        '?lat=1&lat=2&lng[]=3',
        '?&&&=&',
        `?${'a=1&'.repeat(2000)}`,
        '?page=-1&pageSize=1000000',
      ),
    },
  );

/** A path segment: a real id or code, or junk (encoded as a browser would; sometimes left raw). */
const segment = (reals: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 1, arbitrary: reals.length ? fc.constantFrom(...reals) : fc.constant('requests') },
    { weight: 1, arbitrary: fc.constant(randomUUID()) },
    {
      weight: 4,
      arbitrary: junk
        .filter((s) => s.length > 0)
        .map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'))),
    },
    { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '..', '.', '%2e%2e', '%00', ';', '*', '~') },
  );

const who = (allowed: Who[]) => fc.constantFrom(...allowed);

/** Headers a client controls: the session cookie (real, forged or none), Origin, forwarding, junk. */
function headersFor(w: Who, extra: Record<string, string> = {}): fc.Arbitrary<Record<string, string>> {
  return fc
    .record({
      origin: fc.oneof(
        fc.constant(ORIGIN),
        fc.constant(ORIGIN),
        fc.constant('https://evil.example'),
        fc.constant('null'),
      ),
      forged: fc.constantFrom(
        'clh_session=forged',
        '__Host-clh_session=AAAA',
        'clh_session=' + 'x'.repeat(4000),
        'clh_session=%00%ff',
      ),
      xff: fc.option(fc.constantFrom('1.2.3.4', 'garbage', '::1, 10.0.0.1', '<script>'), { nil: undefined }),
    })
    .map(({ origin, forged, xff }) => {
      const headers: Record<string, string> = { origin, ...extra };
      if (w === 'forged') headers.cookie = forged;
      if (w === 'commissioner' || w === 'admin' || w === 'pa') headers.cookie = cookies[w];
      if (xff) headers['x-forwarded-for'] = xff;
      return headers;
    });
}

// ── the routes ────────────────────────────────────────────────────────────────────────────────────

interface Spec {
  method: string;
  path: string;
  /** false: every generated request is malformed, so only a 4xx is right */
  may2xx: boolean;
  arbitrary: () => fc.Arbitrary<Req>;
  /** fewer tries for an answer that is slow by nature */
  runs?: number;
}

const all: Who[] = ['anonymous', 'forged', 'commissioner', 'admin', 'pa'];
const DASHBOARD_QUERY = [
  'from',
  'to',
  'district',
  'category',
  'accommodationType',
  'urgent',
  'status',
  'page',
  'pageSize',
];

const get = (path: string, names: string[], whoCan: Who[] = all): Spec => ({
  method: 'GET',
  path,
  may2xx: true,
  arbitrary: () =>
    fc
      .tuple(who(whoCan), query(names))
      .chain(([w, q]) => headersFor(w).map((headers) => ({ method: 'GET', path: path + q, who: w, headers }))),
});

/** A route with a path parameter or two: real values or junk in each. */
function getWith(template: string, values: Record<string, () => string[]>, names: string[] = []): Spec {
  return {
    method: 'GET',
    path: template,
    may2xx: true,
    arbitrary: () =>
      fc
        .tuple(who(all), fc.tuple(...Object.values(values).map((reals) => segment(reals()))), query(names))
        .chain(([w, segs, q]) => {
          let path = template;
          Object.keys(values).forEach((name, i) => (path = path.replace(`:${name}`, segs[i]!)));
          return headersFor(w).map((headers) => ({ method: 'GET', path: path + q, who: w, headers }));
        }),
  };
}

/** A route with a JSON body, every body invalid for `schema`. */
function jsonRoute(
  method: string,
  template: string,
  schema: z.ZodType,
  valid: () => Record<string, unknown>,
  whoCan: Who[],
  options: { ids?: () => string[]; withNul?: () => Record<string, unknown> } = {},
): Spec {
  const { ids, withNul } = options;
  return {
    method,
    path: template,
    may2xx: false,
    arbitrary: () =>
      fc
        .tuple(
          who(whoCan),
          withNul
            ? fc.oneof(
                { weight: 8, arbitrary: jsonBody(schema, valid()) },
                // valid for the schema, but with a character PostgreSQL cannot store
                { weight: 1, arbitrary: fc.constant({ type: 'application/json', body: JSON.stringify(withNul()) }) },
              )
            : jsonBody(schema, valid()),
          ids ? segment(ids()) : fc.constant(''),
        )
        .chain(([w, { type, body }, id]) =>
          headersFor(w, type ? { 'content-type': type } : {}).map((headers) => ({
            method,
            path: template.replace(/:[a-zA-Z]+/, id),
            who: w,
            headers,
            body,
          })),
        ),
  };
}

/** A JSON body with an Idempotency-Key (sometimes junk or none), every body invalid for `schema`. */
function keyedJsonRoute(
  template: string,
  schema: z.ZodType,
  valid: () => Record<string, unknown>,
  whoCan: Who[],
  ids?: () => string[],
): Spec {
  return {
    method: 'POST',
    path: template,
    may2xx: false,
    arbitrary: () =>
      fc
        .tuple(who(whoCan), jsonBody(schema, valid()), idempotencyKey, ids ? segment(ids()) : fc.constant(''))
        .chain(([w, { type, body }, key, id]) =>
          headersFor(w, { 'content-type': type, ...(key === undefined ? {} : { 'idempotency-key': key }) }).map(
            (headers) => ({
              method: 'POST',
              path: template.replace(/:[a-zA-Z]+/, id),
              who: w,
              headers,
              body,
            }),
          ),
        ),
  };
}

const idempotencyKey = fc.oneof(
  { weight: 4, arbitrary: fc.constant(null).map(() => `fuzz-${randomUUID()}`) },
  { weight: 1, arbitrary: junk },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

const OPEN311_FORM_BREAKERS: [string, (form: URLSearchParams) => void][] = [
  ['no api_key', (f) => f.delete('api_key')],
  ['unknown api_key', (f) => f.set('api_key', 'o311_not-a-key')],
  ['no service_code', (f) => f.delete('service_code')],
  ['unknown service_code', (f) => f.set('service_code', 'unicorns')],
  ['lat not a number', (f) => f.set('lat', 'abc')],
  ['lat out of range', (f) => f.set('lat', '91')],
  ['long alone', (f) => f.delete('lat')],
  ['no location', (f) => (f.delete('lat'), f.delete('long'))],
  ['no description', (f) => f.delete('description')],
  ['description too long', (f) => f.set('description', 'd'.repeat(4001))],
  ['feel_safe unknown', (f) => f.set('attribute[feel_safe]', 'maybe')],
  ['accommodation unknown', (f) => f.set('attribute[accommodation_type]', 'castle')],
  ['unknown attribute', (f) => f.set('attribute[colour]', 'red')],
  ['media_url not http', (f) => f.set('media_url', 'javascript:alert(1)')],
  ['address without district', (f) => (f.delete('lat'), f.delete('long'), f.set('address_string', '1 High St'))],
  ['NUL in the description', (f) => f.set('description', 'Mould\u0000everywhere')],
  ['NUL in the address', (f) => f.set('address_string', '1 High\u0000St')],
];

/** Open311 POST: a nearly right form with at least one thing that must be refused, plus random fields. */
const open311Post: Spec = {
  method: 'POST',
  path: '/open311/v2/:file',
  may2xx: false,
  arbitrary: () =>
    fc
      .tuple(
        fc.constantFrom(
          'requests.json',
          'requests.xml',
          'requests.json',
          'requests.xml',
          'services.json',
          'discovery.xml',
          'requests.csv',
          'requests',
          'nothing.json',
        ),
        fc.subarray(OPEN311_FORM_BREAKERS, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(junk, junk), { maxLength: 4 }),
        fc.oneof(
          { weight: 5, arbitrary: fc.constant('application/x-www-form-urlencoded; charset=utf-8') },
          { weight: 1, arbitrary: fc.constantFrom('application/json', 'multipart/form-data', 'text/plain', '') },
        ),
        idempotencyKey,
        fc.option(badUtf8, { freq: 8, nil: undefined }),
      )
      .map(([file, breakers, extra, type, key, rawBody]) => {
        const form = new URLSearchParams({
          api_key: real.apiKey,
          service_code: 'damp',
          lat: '51.1279',
          long: '1.3134',
          description: 'Fuzz: black mould on the bedroom wall.',
          'attribute[feel_safe]': 'yes',
          'attribute[accommodation_type]': 'private_rented',
        });
        for (const [, breaker] of breakers) breaker(form);
        const known = new Set([
          'api_key',
          'service_code',
          'lat',
          'long',
          'description',
          'address_string',
          'jurisdiction_id',
        ]);
        for (const [name, value] of extra)
          if (!known.has(name))
            form.append(name.replace(/[\ud800-\udfff]/g, ''), value.replace(/[\ud800-\udfff]/g, ''));
        const headers: Record<string, string> = type ? { 'content-type': type } : {};
        if (key !== undefined) headers['idempotency-key'] = key;
        return {
          method: 'POST',
          path: `/open311/v2/${file}`,
          who: 'anonymous' as Who,
          headers,
          body: rawBody ?? form.toString(),
        };
      }),
};

/** Sometimes with the partner's real key in front of the junk (the first api_key counts). */
const withKey = (q: string, keyed: boolean) => (keyed ? `?api_key=${real.apiKey}${q ? `&${q.slice(1)}` : ''}` : q);

const FUZZ_SUBSCRIPTION = {
  endpoint: 'https://push.example.test/fuzz',
  keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'AAAAAAAAAAAAAAAAAAAAAA' },
};

const CONTENT_KEYS = ['text.ar.entitlements.setting_up_home', 'entitlements.setting_up_home', 'text.ar.urgentHelp'];

const specs: Spec[] = [
  get('/api/health', ['verbose']),
  get('/api/health/live', []),
  get('/api/districts', ['lat']),
  get('/api/districts/locate', ['lat', 'lng']),
  get('/api/config', []),
  get('/metrics', ['name']),
  {
    method: 'POST',
    path: '/api/reports',
    may2xx: false,
    arbitrary: () =>
      fc
        .tuple(
          fc.oneof(
            { weight: 6, arbitrary: jsonBody(NewReport, newReport()) },
            { weight: 4, arbitrary: brokenMultipart },
            // a valid report with a character PostgreSQL cannot store, in one of its text fields
            {
              weight: 1,
              arbitrary: fc
                .constantFrom(
                  { description: 'Mould\u0000everywhere' },
                  { provider: 'Homes\u0000Ltd' },
                  { contact: { method: 'email', value: 'a@example.org' }, description: '\u0000' + 'x' },
                )
                .map((fields) => ({ type: 'application/json', body: JSON.stringify(newReport(fields)) })),
            },
          ),
          idempotencyKey,
          who(['anonymous', 'forged']),
        )
        .chain(([{ type, body }, key, w]) =>
          headersFor(w, { 'content-type': type, ...(key === undefined ? {} : { 'idempotency-key': key }) }).map(
            (headers) => ({
              method: 'POST',
              path: '/api/reports',
              who: w,
              headers,
              body,
            }),
          ),
        ),
  },
  getWith('/api/reports/:trackingCode', {
    trackingCode: () => [real.trackingCode, real.trackingCode.toLowerCase(), real.reportId],
  }),
  keyedJsonRoute(
    '/api/reports/:trackingCode/replies',
    NewReply,
    () => ({ kind: 'reply', text: 'Fuzz reply' }),
    ['anonymous', 'forged'],
    () => [real.trackingCode, real.trackingCode.toLowerCase().replace(/-/g, ''), real.reportId],
  ),
  get('/api/pa/reports', []),
  getWith('/api/pa/reports/:id', { id: () => [real.reportId] }),
  jsonRoute('POST', '/api/pa/reports/:id/notes', PaNote, () => ({ publicNote: 'Fuzz note from a PA' }), all, {
    ids: () => [real.reportId],
    withNul: () => ({ publicNote: 'Fuzz\u0000note' }),
  }),
  keyedJsonRoute('/api/pa/reports', NewReport, () => newReport(), all),
  jsonRoute(
    'POST',
    '/api/auth/login',
    LoginRequest,
    () => ({ email: 'nobody@example.test', password: 'guess', totp: '123456' }),
    ['anonymous', 'forged'],
    {
      withNul: () => ({ email: 'nobody@example.test', password: 'gu\u0000ess' }),
    },
  ),
  {
    method: 'POST',
    path: '/api/auth/logout',
    may2xx: true,
    arbitrary: () =>
      fc
        .tuple(who(['anonymous', 'forged']), junk)
        .chain(([w, body]) =>
          headersFor(w).map((headers) => ({ method: 'POST', path: '/api/auth/logout', who: w, headers, body })),
        ),
  },
  get('/api/auth/me', []),
  {
    method: 'POST',
    path: '/api/auth/totp/setup',
    may2xx: false,
    // signed in, this would start a real enrolment: fuzzed without a session, and across origins
    arbitrary: () =>
      fc
        .tuple(who(['anonymous', 'forged']), junk)
        .chain(([w, body]) =>
          headersFor(w).map((headers) => ({ method: 'POST', path: '/api/auth/totp/setup', who: w, headers, body })),
        ),
  },
  jsonRoute('POST', '/api/auth/totp/confirm', TotpConfirm, () => ({ code: '123456' }), all),
  get('/api/auth/staff', ['page']),
  jsonRoute(
    'POST',
    '/api/auth/staff',
    CreateStaff,
    () => ({ email: 'new@example.test', role: 'pa', districts: null }),
    all,
  ),
  jsonRoute('PATCH', '/api/auth/staff/:id', UpdateStaff, () => ({ disabled: true }), all, {
    ids: () => [real.staffId],
  }),
  get('/api/auth/audit', ['page', 'pageSize', 'reportId', 'actor', 'action']),
  get('/api/dashboard/summary', DASHBOARD_QUERY),
  get('/api/dashboard/trend', DASHBOARD_QUERY),
  get('/api/dashboard/providers', DASHBOARD_QUERY),
  get('/api/dashboard/reports', DASHBOARD_QUERY),
  get('/api/dashboard/export.csv', DASHBOARD_QUERY),
  get('/api/dashboard/providers.csv', [...DASHBOARD_QUERY, 'shared']),
  getWith('/api/dashboard/reports/:id', { id: () => [real.reportId] }),
  getWith('/api/dashboard/reports/:id/photos/:n', { id: () => [real.reportId], n: () => ['1', '2', '0'] }),
  jsonRoute(
    'PATCH',
    '/api/dashboard/reports/:id',
    ReportPatch,
    () => ({ status: 'acknowledged', publicNote: 'Fuzz note' }),
    all,
    {
      ids: () => [real.reportId],
      withNul: () => ({ internalNote: 'Fuzz\u0000note' }),
    },
  ),
  get('/api/stats/districts', DASHBOARD_QUERY),
  // each answer reads twelve months of figures: 40 tries still cover its query parameters
  { ...get('/api/stats/monthly.csv', DASHBOARD_QUERY), runs: 40 },
  get('/api/admin/api-keys', []),
  jsonRoute('POST', '/api/admin/api-keys', CreateApiKey, () => ({ name: 'Fuzz partner', districts: null }), all, {
    withNul: () => ({ name: 'Fuzz\u0000partner', districts: null }),
  }),
  {
    method: 'DELETE',
    path: '/api/admin/api-keys/:id',
    may2xx: false,
    // never the real key's id: revoking it would be a legitimate change
    arbitrary: () =>
      fc
        .tuple(who(all), segment([randomUUID()]))
        .chain(([w, id]) =>
          headersFor(w).map((headers) => ({ method: 'DELETE', path: `/api/admin/api-keys/${id}`, who: w, headers })),
        ),
  },
  // care leavers per district (admins), for the "per 100 care leavers" measure
  get('/api/admin/care-leavers', []),
  jsonRoute(
    'PUT',
    '/api/admin/care-leavers/:district',
    SetCareLeavers,
    () => ({ careLeavers: 120, source: 'Fuzz count', asOf: '2026-01-01' }),
    all,
    { ids: () => ['E07000114', 'outside'] },
  ),
  {
    method: 'DELETE',
    path: '/api/admin/care-leavers/:district',
    may2xx: false,
    // never a real district: removing its number would be a legitimate change
    arbitrary: () =>
      fc
        .tuple(who(all), segment(['E99999999', 'outside']))
        .chain(([w, d]) =>
          headersFor(w).map((headers) => ({ method: 'DELETE', path: `/api/admin/care-leavers/${d}`, who: w, headers })),
        ),
  },
  // alerts (docs/alerts.md)
  get('/api/alerts/settings', []),
  jsonRoute('PUT', '/api/alerts/settings', AlertSettings, () => ({ ...DEFAULT_ALERT_SETTINGS }), all),
  get('/api/alerts/status', []),
  get('/api/alerts/duty-inboxes', []),
  jsonRoute('PUT', '/api/alerts/duty-inboxes/:district', SetDutyInbox, () => ({ email: 'duty@example.test' }), all, {
    ids: () => ['E07000114', 'outside'],
  }),
  get('/api/push/key', []),
  jsonRoute(
    'POST',
    '/api/push/reports',
    ReportPushSubscription,
    () => ({ subscription: FUZZ_SUBSCRIPTION, trackingCodes: [real.trackingCode], language: 'en' }),
    all,
  ),
  jsonRoute(
    'DELETE',
    '/api/push/reports',
    ReportPushUnsubscribe,
    () => ({ endpoint: FUZZ_SUBSCRIPTION.endpoint }),
    all,
  ),
  jsonRoute('POST', '/api/push/staff', StaffPushSubscription, () => ({ subscription: FUZZ_SUBSCRIPTION }), all),
  jsonRoute('DELETE', '/api/push/staff', StaffPushUnsubscribe, () => ({ endpoint: FUZZ_SUBSCRIPTION.endpoint }), all),
  // the content studio (api/modules/content): an admin may edit and publish, so every body is invalid
  get('/api/content/version', []),
  getWith('/api/content/versions/:version/pack', { version: () => ['1', '2', '0', '01'] }),
  get('/api/content/versions', []),
  get('/api/content/draft', []),
  get('/api/content/entitlements', []),
  get('/api/content/items', []),
  getWith('/api/content/versions/:version/changes', { version: () => ['1', '2', '0', '01'] }, ['since', 'locales']),
  jsonRoute('POST', '/api/content/draft/outcome-changes', OutcomeChangesRequest, () => ({ people: [] }), all),
  getWith('/api/content/items/:key', { key: () => [...CONTENT_KEYS, 'manifest', 'text.en', 'text.ar.entitlements'] }),
  jsonRoute('PUT', '/api/content/items/:key', SaveContentItem, () => ({ value: { title: 'Fuzz' } }), all, {
    ids: () => CONTENT_KEYS,
  }),
  jsonRoute('POST', '/api/content/publish', PublishContent, () => ({ note: 'Fuzz' }), all),
  jsonRoute('POST', '/api/content/versions/:version/republish', PublishContent, () => ({ note: 'Fuzz' }), all, {
    ids: () => ['1', '2'],
  }),
  // notes from the app (anonymous, through the outbox) and the editors' queue
  keyedJsonRoute(
    '/api/content/notes',
    NewContentNote,
    () => ({ entitlementId: 'setting_up_home', locale: 'ar', from: 'young_person', note: 'Fuzz note' }),
    all,
  ),
  get('/api/content/notes', ['state']),
  jsonRoute('PATCH', '/api/content/notes/:id', ContentNotePatch, () => ({ done: true }), all, {
    ids: () => [randomUUID()],
  }),
  // content health and the comparison of versions; every body is invalid, so no link is ever fetched
  get('/api/content/health', []),
  jsonRoute('PUT', '/api/content/health/settings', ContentHealthSettings, () => ({ staleAfterMonths: 6 }), all),
  jsonRoute('POST', '/api/content/health/links', LinkCheckRequest, () => ({ urls: ['https://www.kent.gov.uk/'] }), all),
  jsonRoute(
    'POST',
    '/api/content/health/checked',
    MarkFactChecked,
    () => ({ key: 'entitlements.setting_up_home', path: [], sourceUrl: 'https://www.kent.gov.uk/' }),
    all,
  ),
  get('/api/content/diff', ['from', 'to']),
  {
    method: 'GET',
    path: '/open311/v2/:file',
    may2xx: true,
    arbitrary: () =>
      fc
        .tuple(
          fc.oneof(
            fc.constantFrom(
              'discovery.json',
              'discovery.xml',
              'services.json',
              'services.xml',
              'requests.json',
              'requests.xml',
              'requests',
              'requests.html',
              'tokens.json',
            ),
            segment([]),
          ),
          query([
            'api_key',
            'jurisdiction_id',
            'service_request_id',
            'service_code',
            'start_date',
            'end_date',
            'status',
          ]),
          fc.boolean(),
        )
        .map(([file, q, keyed]) => ({
          method: 'GET',
          path: `/open311/v2/${file}${withKey(q, keyed)}`,
          who: 'anonymous' as Who,
          headers: {},
        })),
  },
  open311Post,
  {
    method: 'GET',
    path: '/open311/v2/:collection/:file',
    may2xx: true,
    arbitrary: () =>
      fc
        .tuple(
          fc.oneof(fc.constantFrom('services', 'requests', 'tokens'), segment([])),
          fc.oneof(
            fc.constantFrom(
              `${real.reportId}.json`,
              `${real.reportId}.xml`,
              'damp.json',
              'damp.xml',
              'mould.csv',
              `${real.reportId}`,
            ),
            segment([]).map((s) => `${s}.${['json', 'xml', 'txt'][s.length % 3]}`),
          ),
          query(['api_key', 'jurisdiction_id']),
          fc.boolean(),
        )
        .map(([collection, file, q, keyed]) => ({
          method: 'GET',
          path: `/open311/v2/${collection}/${file}${withKey(q, keyed)}`,
          who: 'anonymous' as Who,
          headers: {},
        })),
  },
];

// ── the checks ────────────────────────────────────────────────────────────────────────────────────

const ApiErrorKeys = ['code', 'message', 'fields'];

/**
 * What can travel in an HTTP header: bytes 0x20–0xFF and tab (a real client cannot send more; Node's
 * parser and undici refuse control characters, and decode the rest as Latin-1).
 */
const onTheWire = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?').trim()]));

async function send(req: Req): Promise<Response> {
  requests++;
  const init: RequestInit = { method: req.method, headers: onTheWire(req.headers) };
  if (req.body !== undefined && req.method !== 'GET' && req.method !== 'HEAD') init.body = req.body as BodyInit;
  return t.app.request(req.path, init);
}

/** Never a 5xx; a refusal is our JSON error (or Open311's error list); `may2xx: false` allows only 4xx. */
async function check(req: Req, res: Response, may2xx: boolean) {
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  const text = await res.text();
  const where = `${req.method} ${req.path.slice(0, 200)} as ${req.who} → ${res.status} ${text.slice(0, 300)}`;
  expect(res.status, where).toBeLessThan(500);
  if (!may2xx) expect(res.status, where).toBeGreaterThanOrEqual(400);
  if (res.status < 400 || req.method === 'HEAD') return;
  const type = res.headers.get('content-type') ?? '';
  // the path as the server saw it (`/open311/v2/..` is `/open311/`, outside the Open311 API)
  if (/^\/open311\/v2\//.test(new URL(req.path, 'http://localhost').pathname)) {
    if (/json/.test(type)) {
      const list = JSON.parse(text) as { code: number; description: string }[];
      expect(Array.isArray(list) && list.length > 0, where).toBe(true);
      for (const e of list) expect(typeof e.code === 'number' && typeof e.description === 'string', where).toBe(true);
    } else {
      expect(type, where).toMatch(/xml/);
      const root = parseXml(text);
      expect(root.name, where).toBe('errors');
      expect(
        root.children.some((c) => typeof c !== 'string' && c.name === 'error'),
        where,
      ).toBe(true);
    }
    return;
  }
  expect(type, where).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { error?: Record<string, unknown> };
  expect(Object.keys(body), where).toEqual(['error']);
  expect(typeof body.error!.code === 'string' && typeof body.error!.message === 'string', where).toBe(true);
  for (const key of Object.keys(body.error!)) expect(ApiErrorKeys, where).toContain(key);
  if (body.error!.fields !== undefined) {
    for (const value of Object.values(body.error!.fields as object)) expect(typeof value, where).toBe('string');
  }
}

const STORED = [
  'reports',
  'report_photos',
  'report_updates',
  'open311_requests',
  'staff_users',
  'api_keys',
  'push_subscriptions',
  'district_duty_inboxes',
  'staff_alert_settings',
  'content_versions',
  'content_drafts',
  'content_notes',
  'content_reviews',
  'content_link_checks',
];
async function counts() {
  const row = (
    await t.db.query<Record<string, number>>(
      `select ${STORED.map((table) => `(select count(*)::int from ${table}) as ${table}`).join(', ')}`,
    )
  )[0]!;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}
let before: Record<string, number>;

beforeAll(async () => {
  t = await createTestApp();
  const jpeg = Buffer.from(
    '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==',
    'base64',
  );
  const created = await createReport(t.db, {
    report: NewReport.parse(newReport()),
    idempotencyKey: `fuzz-seed-${randomUUID()}`,
    requestHash: 'seed',
    photos: [{ bytes: jpeg, width: 1, height: 1, contentType: 'image/jpeg' }],
  });
  real.reportId = created.response.id;
  real.trackingCode = created.response.trackingCode;
  const commissioner = await createStaff(t.db, { email: 'fuzz-commissioner@example.test', role: 'commissioner' });
  const admin = await createStaff(t.db, { email: 'fuzz-admin@example.test', role: 'admin' });
  real.staffId = commissioner.id;
  cookies.commissioner = await signIn(t.app, commissioner);
  cookies.admin = await signIn(t.app, admin);
  // a PA whose district holds the real report (sent "through my PA"): the PA routes are fuzzed signed in too
  cookies.pa = await signIn(
    t.app,
    await createStaff(t.db, { email: 'fuzz-pa@example.test', role: 'pa', districts: ['E07000114'] }),
  );
  real.apiKey = (await createApiKey(t.db, { name: 'Fuzz partner', districts: null, createdBy: 'test' })).key;
  // the sessions work before the fuzzing starts (so "signed in" really is signed in)
  expect((await t.app.request('/api/dashboard/reports', asStaff(cookies.commissioner))).status).toBe(200);
  expect((await t.app.request('/api/auth/staff', asStaff(cookies.admin))).status).toBe(200);
  expect((await t.app.request(`/api/pa/reports/${real.reportId}`, asStaff(cookies.pa))).status).toBe(200);
  before = await counts();
});
afterAll(async () => {
  console.log(
    `fuzz: ${requests} requests to ${specs.length} routes and random paths; statuses ` +
      [...statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' '),
  );
  await t?.close();
});

describe('fuzzing every endpoint', () => {
  it('covers every route the app has', () => {
    const routes = new Set(
      t.app.routes.filter((r) => r.method !== 'ALL' && !r.path.endsWith('*')).map((r) => `${r.method} ${r.path}`),
    );
    const fuzzed = new Set(specs.map((s) => `${s.method} ${s.path}`));
    expect([...routes].filter((r) => !fuzzed.has(r))).toEqual([]);
  });

  for (const spec of specs) {
    it(`${spec.method} ${spec.path}`, async () => {
      await fc.assert(
        fc.asyncProperty(spec.arbitrary(), async (req) => {
          await check(req, await send(req), spec.may2xx);
        }),
        { numRuns: spec.runs ?? RUNS_PER_ROUTE },
      );
    });
  }

  it('random methods and paths under /api and /open311', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND', 'PURGE'),
        fc.constantFrom('/api/', '/open311/v2/', '/api/dashboard/', '/api/auth/', '/api/reports/', '/open311/'),
        fc.array(segment(['reports', 'photos', 'requests.json', 'services.xml']), { minLength: 0, maxLength: 4 }),
        who(all),
        fc.option(junk, { nil: undefined }),
        async (method, prefix, segments, w, body) => {
          const headers = await fc.sample(
            headersFor(w, body === undefined ? {} : { 'content-type': 'application/json' }),
            1,
          )[0]!;
          const req: Req = { method, path: prefix + segments.join('/'), who: w, headers, body };
          // unknown methods and paths are never a client route of the app: no 2xx here except real GET/HEAD resources
          await check(req, await send(req), true);
        },
      ),
      { numRuns: RUNS_RANDOM_PATHS },
    );
  });

  it('found: U+0000 in any text is a 400, not a 500 (PostgreSQL cannot store it)', async () => {
    const cases: Req[] = [
      { method: 'GET', path: '/api/auth/audit?action=%00', who: 'admin', headers: { cookie: cookies.admin } },
      {
        method: 'GET',
        path: '/api/dashboard/reports?district=%00',
        who: 'commissioner',
        headers: { cookie: cookies.commissioner },
      },
      {
        method: 'POST',
        path: '/api/reports',
        who: 'anonymous',
        headers: { 'content-type': 'application/json', 'idempotency-key': `nul-${randomUUID()}` },
        body: JSON.stringify(newReport({ description: 'Mould\u0000' })),
      },
      {
        method: 'PATCH',
        path: `/api/dashboard/reports/${real.reportId}`,
        who: 'commissioner',
        headers: { cookie: cookies.commissioner, origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ publicNote: 'On our way\u0000' }),
      },
    ];
    for (const req of cases) {
      const res = await send(req);
      expect(res.status, `${req.method} ${req.path}`).toBeLessThan(500);
      await check(req, res, false);
    }
  });

  it(`sent at least ${MIN_REQUESTS} requests, and nothing was stored`, async () => {
    expect(requests).toBeGreaterThanOrEqual(MIN_REQUESTS);
    expect(await counts()).toEqual(before);
    // and the sessions are still good: no fuzzed request signed anyone out or changed a role
    expect((await t.app.request('/api/dashboard/reports', asStaff(cookies.commissioner))).status).toBe(200);
  });
});
