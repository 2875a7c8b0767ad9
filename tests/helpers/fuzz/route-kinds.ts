/** The kinds of route a fuzz spec is built from: a GET with a query, a JSON body, an Open311 form. */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { z } from 'zod';
import { real, type Who, type Req, junk, badUtf8, jsonBody, query, segment, who, headersFor } from './requests';

// ── the routes ────────────────────────────────────────────────────────────────────────────────────

export interface Spec {
  method: string;
  path: string;
  /** false: every generated request is malformed, so only a 4xx is right */
  may2xx: boolean;
  arbitrary: () => fc.Arbitrary<Req>;
  /** fewer tries for an answer that is slow by nature */
  runs?: number;
}

export const all: Who[] = ['anonymous', 'forged', 'commissioner', 'admin', 'pa'];
export const DASHBOARD_QUERY = [
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

export const get = (path: string, names: string[], whoCan: Who[] = all): Spec => ({
  method: 'GET',
  path,
  may2xx: true,
  arbitrary: () =>
    fc
      .tuple(who(whoCan), query(names))
      .chain(([w, q]) => headersFor(w).map((headers) => ({ method: 'GET', path: path + q, who: w, headers }))),
});

/** A route with a path parameter or two: real values or junk in each. */
export function getWith(template: string, values: Record<string, () => string[]>, names: string[] = []): Spec {
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
export function jsonRoute(
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
export function keyedJsonRoute(
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

export const idempotencyKey = fc.oneof(
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
export const open311Post: Spec = {
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
export const withKey = (q: string, keyed: boolean) =>
  keyed ? `?api_key=${real.apiKey}${q ? `&${q.slice(1)}` : ''}` : q;

export const FUZZ_SUBSCRIPTION = {
  endpoint: 'https://push.example.test/fuzz',
  keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'AAAAAAAAAAAAAAAAAAAAAA' },
};

export const CONTENT_KEYS = [
  'text.ar.entitlements.setting_up_home',
  'entitlements.setting_up_home',
  'text.ar.urgentHelp',
];
