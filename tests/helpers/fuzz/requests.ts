/** What a fuzzed request is, and the generators of junk, bodies, paths and headers it is made of. */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { z } from 'zod';
import { newReport } from '../reports';
import { ORIGIN } from '../staff';
import { NewReport } from '#contract';

/** Filled in by the fuzz test once its server is up: the real sessions and records the requests may name. */
export const cookies: Record<'commissioner' | 'admin' | 'pa', string> = { commissioner: '', admin: '', pa: '' };
export const real = { reportId: '', trackingCode: '', staffId: '', apiKey: '' };

// ── what a request is ──────────────────────────────────────────────────────────────────────────────

export type Who = 'anonymous' | 'forged' | 'commissioner' | 'admin' | 'pa';
export interface Req {
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
export const junk: fc.Arbitrary<string> = fc.oneof(
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
export const badUtf8: fc.Arbitrary<Uint8Array> = fc
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
export function jsonBody(
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
export function multipart(
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
export const brokenMultipart: fc.Arbitrary<{ type: string; body: Uint8Array }> = (() => {
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
export const query = (names: string[]): fc.Arbitrary<string> =>
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
export const segment = (reals: string[]): fc.Arbitrary<string> =>
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

export const who = (allowed: Who[]) => fc.constantFrom(...allowed);

/** Headers a client controls: the session cookie (real, forged or none), Origin, forwarding, junk. */
export function headersFor(w: Who, extra: Record<string, string> = {}): fc.Arbitrary<Record<string, string>> {
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
