/**
 * Access: tracking codes cannot be enumerated (≥ 64 random bits, one uniform 404 for every
 * wrong code, look-ups rate limited — see limits.test.ts for the 429), the public view never carries the
 * sensitive parts, and photos go only to staff whose role and districts cover the report, with the
 * content type set by the server and a safe Content-Disposition. The full role × endpoint matrix of the
 * staff endpoints is in dashboard-roles.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRACKING_CODE_BITS, TRACKING_CODE_PATTERN } from '#contract';
import { createReport } from '../../api/modules/housing-reports/housing-reports.queries';
import { newReport, postReport } from '../helpers/reports';
import { asStaff, createStaff, signIn } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

const THANET = 'E07000114';
const DOVER = 'E07000108';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('tracking codes cannot be enumerated', () => {
  const codes: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 40; i++) codes.push((await postReport(t.app)).trackingCode);
  });

  it('carry at least 50 bits of randomness: 11 random base-32 symbols and a check symbol, all different, no shared prefixes', () => {
    expect(TRACKING_CODE_BITS).toBeGreaterThanOrEqual(50);
    const symbols = codes.map((code) => code.replace(/-/g, ''));
    for (const code of codes) expect(code).toMatch(TRACKING_CODE_PATTERN);
    // 11 random symbols × 5 bits = 55 bits
    expect(symbols.every((s) => (s.length - 1) * 5 >= 50)).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    // not a counter or a timestamp: every position varies across reports made one after another
    for (let position = 0; position < 12; position++) {
      expect(new Set(symbols.map((s) => s[position])).size, `position ${position}`).toBeGreaterThanOrEqual(12);
    }
    for (let i = 1; i < symbols.length; i++) {
      const a = symbols[i - 1]!;
      const b = symbols[i]!;
      let common = 0;
      while (common < a.length && a[common] === b[common]) common++;
      expect(common).toBeLessThan(6);
    }
  });

  it('every wrong code gets the very same 404, whether malformed, unknown, almost right or an internal id', async () => {
    const real = codes[0]!;
    const lastChar = real.at(-1) === '0' ? '1' : '0';
    const { id } = await postReport(t.app);
    const wrong = [
      'KNT-0000-0000-0000-0000',
      real.slice(0, -1) + lastChar,
      real.toLowerCase().slice(0, -1) + lastChar,
      'KNT-1234',
      'x',
      id,
      "' or 1=1 --",
      '%00',
      'ü'.repeat(50),
      'K'.repeat(5000),
      '..%2F..%2Fetc%2Fpasswd',
    ];
    const answers = await Promise.all(
      wrong.map(async (code) => {
        const res = await t.app.request(`/api/reports/${encodeURIComponent(code)}`);
        return { code, status: res.status, type: res.headers.get('content-type'), body: await res.text() };
      }),
    );
    for (const answer of answers) {
      expect(answer, answer.code).toMatchObject({ status: 404, type: answers[0]!.type, body: answers[0]!.body });
    }
    expect(JSON.parse(answers[0]!.body)).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    // the body names nothing about why (no echo of the code)
    expect(answers[0]!.body).not.toContain('KNT-0000');
  });

  it('the public view never carries the location, contact details, description, provider, photos or internal notes', async () => {
    const secret = {
      lat: 51.37123,
      lng: 1.41234,
      phone: '07700 900987',
      description: 'Secret description: the back door lock is broken',
      provider: 'Secret Provider Homes',
      internal: 'Secret internal note: PA knows the address',
    };
    const created = await postReport(
      t.app,
      newReport({
        location: { lat: secret.lat, lng: secret.lng },
        district: null,
        description: secret.description,
        provider: secret.provider,
        contact: { method: 'phone', value: secret.phone },
      }),
    );
    await t.db.query(
      `insert into report_updates (report_id, actor, internal_note, public_note) values ($1, 'test', $2, 'We are on it')`,
      [created.id, secret.internal],
    );
    await t.db.query(
      `insert into report_photos (report_id, position, content_type, width, height, bytes) values ($1, 0, 'image/jpeg', 1, 1, '\\xffd8ff'::bytea)`,
      [created.id],
    );
    const res = await t.app.request(`/api/reports/${created.trackingCode}`);
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const value of [
      String(secret.lat),
      String(secret.lng),
      '900987',
      secret.description,
      secret.provider,
      secret.internal,
      created.id,
    ]) {
      expect(text).not.toContain(value);
    }
    const body = JSON.parse(text) as Record<string, unknown>;
    for (const key of ['location', 'lat', 'lng', 'contact', 'description', 'provider', 'photos', 'id'])
      expect(body).not.toHaveProperty(key);
    expect(text).toContain('We are on it');
  });
});

describe('photos', () => {
  const cookies: Record<string, string | null> = { anonymous: null };
  let thanetReport: string;
  let doverReport: string;

  beforeAll(async () => {
    const jpeg = Buffer.from(
      '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==',
      'base64',
    );
    const add = async (district: string) =>
      (
        await createReport(t.db, {
          report: newReport({ district }) as never,
          idempotencyKey: randomUUID(),
          requestHash: 'test',
          photos: [{ bytes: jpeg, width: 1, height: 1, contentType: 'image/jpeg' }],
        })
      ).response.id;
    thanetReport = await add(THANET);
    doverReport = await add(DOVER);
    const people = {
      pa: await createStaff(t.db, { email: 'pa-photos@example.test', role: 'pa' }),
      thanet: await createStaff(t.db, {
        email: 'thanet-photos@example.test',
        role: 'commissioner',
        districts: [THANET],
      }),
      all: await createStaff(t.db, { email: 'all-photos@example.test', role: 'commissioner' }),
      admin: await createStaff(t.db, { email: 'admin-photos@example.test', role: 'admin' }),
    };
    for (const [role, person] of Object.entries(people)) cookies[role] = await signIn(t.app, person);
  });

  const photo = (role: string, reportId: string, n: string | number = 1) =>
    t.app.request(`/api/dashboard/reports/${reportId}/photos/${n}`, asStaff(cookies[role] ?? null));

  it.each([
    ['anonymous', 401, 401],
    ['pa', 403, 403],
    ['thanet', 200, 403],
    ['all', 200, 200],
    ['admin', 200, 200],
  ])('go to %s: Thanet photo → %i, Dover photo → %i', async (role, thanet, dover) => {
    const a = await photo(role, thanetReport);
    const b = await photo(role, doverReport);
    expect(a.status).toBe(thanet);
    expect(b.status).toBe(dover);
    for (const res of [a, b]) {
      if (res.status !== 200) {
        // a refusal is the JSON error, never image bytes
        expect(res.headers.get('content-type')).toMatch(/application\/json/);
        expect(await res.json()).toMatchObject({ error: { code: expect.any(String) } });
      }
    }
  });

  it("are served with the server's content type, nosniff, no-store and a fixed, safe file name", async () => {
    // even if the stored type were tampered with, the answer is an image type the server chose
    await t.db.query(`update report_photos set content_type = 'text/html' where report_id = $1`, [thanetReport]);
    const res = await photo('thanet', thanetReport);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const disposition = res.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^(inline|attachment); filename="report-[0-9a-f]{8}-photo-1\.(jpg|png|webp)"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
  });

  it('each read is in the audit log', async () => {
    const before = await t.db.query(
      `select count(*)::int as n from audit_log where action = 'report.photo_read' and report_id = $1`,
      [doverReport],
    );
    expect((await photo('all', doverReport)).status).toBe(200);
    const after = await t.db.query(
      `select count(*)::int as n from audit_log where action = 'report.photo_read' and report_id = $1`,
      [doverReport],
    );
    expect(Number((after[0] as { n: number }).n)).toBe(Number((before[0] as { n: number }).n) + 1);
  });

  it('a wrong photo number or a made-up path is a JSON 404, never a 5xx', async () => {
    for (const n of ['0', '2', '21', '-1', '1.5', 'abc', '%2e%2e', '99999999999999999999']) {
      const res = await photo('all', thanetReport, n);
      expect(res.status, n).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
    }
    for (const id of ['not-a-uuid', randomUUID(), "'; drop table reports; --"]) {
      const res = await photo('all', encodeURIComponent(id));
      expect(res.status, id).toBe(404);
    }
  });
});
