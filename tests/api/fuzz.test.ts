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
import { NewReport } from '#contract';
import { createReport } from '../../api/modules/housing-reports/housing-reports.queries';
import { createApiKey } from '../../api/modules/open311/open311.keys';
import { check, counts, send, tally } from '../helpers/fuzz/check';
import { cookies, headersFor, junk, real, segment, who, type Req } from '../helpers/fuzz/requests';
import { all } from '../helpers/fuzz/route-kinds';
import { specs } from '../helpers/fuzz/routes';
import { newReport } from '../helpers/reports';
import { asStaff, createStaff, ORIGIN, signIn } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

/** Runs per route (about 30 routes) and for random paths: ≥ 5,000 requests, under a minute on 2 cores. */
const RUNS_PER_ROUTE = 160;
const RUNS_RANDOM_PATHS = 600;
const MIN_REQUESTS = 5000;

let t: Awaited<ReturnType<typeof createTestApp>>;
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
  before = await counts(t);
});
afterAll(async () => {
  console.log(
    `fuzz: ${tally.requests} requests to ${specs.length} routes and random paths; statuses ` +
      [...tally.statuses.entries()]
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
          await check(req, await send(t, req), spec.may2xx);
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
          await check(req, await send(t, req), true);
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
      const res = await send(t, req);
      expect(res.status, `${req.method} ${req.path}`).toBeLessThan(500);
      await check(req, res, false);
    }
  });

  it(`sent at least ${MIN_REQUESTS} requests, and nothing was stored`, async () => {
    expect(tally.requests).toBeGreaterThanOrEqual(MIN_REQUESTS);
    expect(await counts(t)).toEqual(before);
    // and the sessions are still good: no fuzzed request signed anyone out or changed a role
    expect((await t.app.request('/api/dashboard/reports', asStaff(cookies.commissioner))).status).toBe(200);
  });
});
