import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublicReport, ReportCreated, TRACKING_CODE_PATTERN } from '#contract';
import { createTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const MARGATE = { lat: 51.3813, lng: 1.3862 }; // Thanet
const THANET = { code: 'E07000114', name: 'Thanet' };

const report = (overrides: Record<string, unknown> = {}) => ({
  categories: ['damp'],
  feelsSafe: 'yes',
  location: MARGATE,
  district: null,
  description: 'Black mould on the bedroom wall and the window frame is wet every morning.',
  since: '2026-01-10',
  affected: { baby: true },
  accommodationType: 'private_rented',
  provider: 'Seaview Lettings',
  contact: { method: 'pa' },
  createdAt: '2026-03-02T09:58:00.000+00:00',
  ...overrides,
});

const newKey = () => randomUUID();

function postJson(body: unknown, key: string | null = newKey(), headers: Record<string, string> = {}) {
  return t.app.request('/api/reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

interface Upload {
  bytes: Uint8Array;
  name?: string;
  type?: string;
}

function postMultipart(body: unknown, photos: Upload[], key: string = newKey()) {
  const form = new FormData();
  form.set('report', JSON.stringify(body));
  for (const p of photos)
    form.append('photos', new Blob([p.bytes as BlobPart], { type: p.type ?? 'image/jpeg' }), p.name ?? 'photo.jpg');
  return t.app.request('/api/reports', { method: 'POST', headers: { 'idempotency-key': key }, body: form });
}

const countReports = async () =>
  Number((await t.db.query<{ n: number }>('select count(*)::int as n from reports'))[0]!.n);
const countPhotos = async () =>
  Number((await t.db.query<{ n: number }>('select count(*)::int as n from report_photos'))[0]!.n);

async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } };
  expect(body.error.message).toEqual(expect.any(String));
  return body.error;
}

const jpeg = (width = 640, height = 480) =>
  sharp({ create: { width, height, channels: 3, background: '#7a6a55' } })
    .jpeg()
    .toBuffer();

describe('POST /api/reports (JSON)', () => {
  it('stores a report, derives the district from the point and answers 201 with the tracking code and deadlines', async () => {
    const before = await countReports();
    const res = await postJson(report({ district: 'E07000105' /* Ashford: ignored, the point decides */ }));
    expect(res.status).toBe(201);
    const created = ReportCreated.parse(await res.json());
    expect(created).toMatchObject({ status: 'new', district: THANET, urgent: false, photos: 0 });
    expect(created.trackingCode).toMatch(TRACKING_CODE_PATTERN);
    expect(Object.keys(created.deadlines).sort()).toEqual([
      'acknowledgeBy',
      'investigateBy',
      'makeSafeBy',
      'summaryBy',
    ]);
    expect(await countReports()).toBe(before + 1);

    const [row] = await t.db.query<Record<string, unknown>>('select * from reports where id = $1', [created.id]);
    expect(row).toMatchObject({
      district_code: THANET.code,
      categories: ['damp'],
      category_groups: ['damp_mould'],
      feels_safe: 'yes',
      lat: MARGATE.lat,
      lng: MARGATE.lng,
      affected_baby: true,
      affected_health: false,
      provider: 'Seaview Lettings',
      contact_method: 'pa',
      contact_value: null,
      source: 'app',
    });
    expect(new Date(row!.due_at as string).toISOString()).toBe(created.deadlines.acknowledgeBy);
  });

  it('marks a report urgent when the young person does not feel safe, with a 24-hour clock', async () => {
    const res = await postJson(report({ feelsSafe: 'no' }));
    const created = ReportCreated.parse(await res.json());
    expect(created.urgent).toBe(true);
    expect(Date.parse(created.deadlines.makeSafeBy!) - Date.parse(created.receivedAt)).toBe(24 * 3600 * 1000);
  });

  it('marks an emergency category urgent (gas, carbon monoxide)', async () => {
    const created = ReportCreated.parse(await (await postJson(report({ categories: ['gas_co', 'other'] }))).json());
    expect(created.urgent).toBe(true);
  });

  it('accepts a district instead of a location', async () => {
    const res = await postJson(report({ location: null, district: 'E07000108' }));
    expect(res.status).toBe(201);
    expect(ReportCreated.parse(await res.json()).district).toEqual({ code: 'E07000108', name: 'Dover' });
  });

  it('keeps a point outside every district as "outside"', async () => {
    const res = await postJson(report({ location: { lat: 48.8566, lng: 2.3522 } }));
    expect(res.status).toBe(201);
    expect(ReportCreated.parse(await res.json()).district.code).toBe('outside');
  });

  it('stores phone and email contact details, and drops a value given with "pa"', async () => {
    const phone = ReportCreated.parse(
      await (await postJson(report({ contact: { method: 'phone', value: '07700 900123' } }))).json(),
    );
    const pa = ReportCreated.parse(
      await (await postJson(report({ contact: { method: 'pa', value: 'ignored' } }))).json(),
    );
    const rows = await t.db.query<{ id: string; contact_value: string | null }>(
      'select id, contact_value from reports where id = any($1::uuid[])',
      [[phone.id, pa.id]],
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.contact_value]))).toEqual({
      [phone.id]: '07700 900123',
      [pa.id]: null,
    });
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['categories missing', { categories: undefined }, 'categories'],
    ['categories not a list', { categories: 'damp' }, 'categories'],
    ['categories empty', { categories: [] }, 'categories'],
    [
      'more than 5 categories',
      { categories: ['damp', 'mould', 'pests', 'other', 'electrics', 'gas_co'] },
      'categories',
    ],
    ['a repeated category', { categories: ['damp', 'damp'] }, 'categories'],
    ['an unknown category', { categories: ['damp', 'ghosts'] }, 'categories.1'],
    ['feelsSafe missing', { feelsSafe: undefined }, 'feelsSafe'],
    ['feelsSafe not an option', { feelsSafe: 'maybe' }, 'feelsSafe'],
    ['feelsSafe a boolean', { feelsSafe: true }, 'feelsSafe'],
    ['location missing', { location: undefined }, 'location'],
    ['location a string', { location: '51.38,1.38' }, 'location'],
    ['lat above 90', { location: { lat: 90.5, lng: 1 } }, 'location.lat'],
    ['lat below -90', { location: { lat: -91, lng: 1 } }, 'location.lat'],
    ['lng above 180', { location: { lat: 51, lng: 180.1 } }, 'location.lng'],
    ['lng below -180', { location: { lat: 51, lng: -181 } }, 'location.lng'],
    ['lat a string', { location: { lat: '51.3', lng: 1 } }, 'location.lat'],
    ['lng missing', { location: { lat: 51 } }, 'location.lng'],
    ['district missing', { district: undefined }, 'district'],
    ['district null without a location', { location: null, district: null }, 'district'],
    ['an unknown district', { location: null, district: 'E09000001' }, 'district'],
    ['district a number', { location: null, district: 7 }, 'district'],
    ['description missing', { description: undefined }, 'description'],
    ['description empty', { description: '   ' }, 'description'],
    ['description too long', { description: 'x'.repeat(2001) }, 'description'],
    ['description a number', { description: 42 }, 'description'],
    ['since not a date', { since: 'last winter' }, 'since'],
    ['since an impossible date', { since: '2026-02-30' }, 'since'],
    ['affected.baby not a boolean', { affected: { baby: 'yes' } }, 'affected.baby'],
    ['affected.healthCondition not a boolean', { affected: { healthCondition: 1 } }, 'affected.healthCondition'],
    ['accommodationType missing', { accommodationType: undefined }, 'accommodationType'],
    ['accommodationType unknown', { accommodationType: 'castle' }, 'accommodationType'],
    ['provider too long', { provider: 'p'.repeat(121) }, 'provider'],
    ['provider a number', { provider: 12 }, 'provider'],
    ['contact missing', { contact: undefined }, 'contact'],
    ['contact method unknown', { contact: { method: 'pigeon' } }, 'contact.method'],
    ['phone contact without a number', { contact: { method: 'phone' } }, 'contact.value'],
    ['phone contact with letters', { contact: { method: 'phone', value: 'call me maybe' } }, 'contact.value'],
    ['email contact without an address', { contact: { method: 'email', value: 'not-an-email' } }, 'contact.value'],
    [
      'contact value too long',
      { contact: { method: 'email', value: `${'a'.repeat(200)}@example.org` } },
      'contact.value',
    ],
    ['createdAt missing', { createdAt: undefined }, 'createdAt'],
    ['createdAt not a date-time', { createdAt: 'yesterday' }, 'createdAt'],
  ];

  it.each(invalid)('refuses %s (400, field %s) and stores nothing', async (_name, overrides, field) => {
    const before = await countReports();
    const res = await postJson(report(overrides));
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('invalid');
    expect(Object.keys(error.fields ?? {})).toContain(field);
    expect(await countReports()).toBe(before);
  });

  it.each([
    ['a JSON array', '[]'],
    ['null', 'null'],
    ['a string', '"report"'],
  ])('refuses %s as the body (400)', async (_name, body) => {
    const res = await postJson(body);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid');
  });

  it('refuses malformed JSON with 400', async () => {
    const res = await postJson('{"categories": [');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('malformed_json');
  });

  it('refuses another content type with 415', async () => {
    const res = await t.app.request('/api/reports', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'idempotency-key': newKey() },
      body: JSON.stringify(report()),
    });
    expect(res.status).toBe(415);
    expect((await errorOf(res)).code).toBe('unsupported_media_type');
  });

  it('refuses a JSON body over 64 KB with 413', async () => {
    const res = await postJson(report({ padding: 'x'.repeat(70 * 1024) }));
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('too_large');
  });

  it('stops reading a chunked body without Content-Length at the limit (413)', async () => {
    let sent = 0;
    const chunk = new TextEncoder().encode(' '.repeat(16 * 1024));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        if (sent > 10 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new Request('http://localhost/api/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': newKey() },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(request.headers.has('content-length')).toBe(false);
    const res = await t.app.request(request);
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('too_large');
    expect(sent).toBeLessThan(1024 * 1024); // it did not read the 10 MB
  });
});

describe('Idempotency-Key', () => {
  it('is required (400)', async () => {
    const before = await countReports();
    const res = await postJson(report(), null);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('idempotency_key_required');
    expect(await countReports()).toBe(before);
  });

  it.each([['short'], ['has spaces in it'], ['x'.repeat(129)]])('must be well formed: %s → 400', async (key) => {
    const res = await postJson(report(), key);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('invalid_idempotency_key');
  });

  it('replays the first 201 body for the same key and body, storing one report', async () => {
    const key = newKey();
    const first = await postJson(report(), key);
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const before = await countReports();

    // the same report, keys in another order and with extra spaces that validation trims
    const { description, ...rest } = report();
    const again = await postJson({ description: `  ${description} `, ...rest }, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(await again.json()).toEqual(firstBody);
    expect(await countReports()).toBe(before);
  });

  it('refuses the same key with a different body (422)', async () => {
    const key = newKey();
    expect((await postJson(report(), key)).status).toBe(201);
    const before = await countReports();
    const res = await postJson(report({ description: 'Something else entirely.' }), key);
    expect(res.status).toBe(422);
    expect((await errorOf(res)).code).toBe('idempotency_key_reused');
    expect(await countReports()).toBe(before);
  });

  it('creates one report from 10 concurrent posts with one key', async () => {
    const key = newKey();
    const photo = await jpeg(800, 600);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => postMultipart(report(), [{ bytes: photo }], key)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as ReportCreated[];
    expect(new Set(bodies.map((b) => b.trackingCode)).size).toBe(1);
    const rows = await t.db.query<{ id: string }>('select id from reports where idempotency_key = $1', [key]);
    expect(rows).toHaveLength(1);
    const photos = await t.db.query('select 1 from report_photos where report_id = $1', [rows[0]!.id]);
    expect(photos).toHaveLength(1);
  });
});

describe('POST /api/reports (multipart, photos)', () => {
  const storedPhotos = async (reportId: string) =>
    (
      await t.db.query<{ bytes: Uint8Array; width: number; height: number; content_type: string }>(
        'select bytes, width, height, content_type from report_photos where report_id = $1 order by position',
        [reportId],
      )
    ).map((p) => ({ ...p, bytes: Buffer.from(p.bytes) }));

  it('stores up to 3 photos with the report', async () => {
    const res = await postMultipart(report(), [
      { bytes: await jpeg() },
      { bytes: await jpeg(300, 300) },
      { bytes: await jpeg(200, 500) },
    ]);
    expect(res.status).toBe(201);
    const created = ReportCreated.parse(await res.json());
    expect(created.photos).toBe(3);
    const photos = await storedPhotos(created.id);
    expect(photos.map((p) => [p.width, p.height, p.content_type])).toEqual([
      [640, 480, 'image/jpeg'],
      [300, 300, 'image/jpeg'],
      [200, 500, 'image/jpeg'],
    ]);
  });

  it('accepts the report part as a JSON file part', async () => {
    const form = new FormData();
    form.set('report', new Blob([JSON.stringify(report())], { type: 'application/json' }), 'report.json');
    const res = await t.app.request('/api/reports', {
      method: 'POST',
      headers: { 'idempotency-key': newKey() },
      body: form,
    });
    expect(res.status).toBe(201);
  });

  it('refuses a 4th photo (400) and stores nothing', async () => {
    const before = [await countReports(), await countPhotos()];
    const photo = { bytes: await jpeg(100, 100) };
    const res = await postMultipart(report(), [photo, photo, photo, photo]);
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('too_many_photos');
    expect([await countReports(), await countPhotos()]).toEqual(before);
  });

  it('refuses a multipart body without the report part, or with broken JSON in it', async () => {
    const form = new FormData();
    form.append('photos', new Blob([await jpeg()]), 'a.jpg');
    const missing = await t.app.request('/api/reports', {
      method: 'POST',
      headers: { 'idempotency-key': newKey() },
      body: form,
    });
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).fields).toHaveProperty('report');

    const broken = new FormData();
    broken.set('report', '{"categories":');
    const res = await t.app.request('/api/reports', {
      method: 'POST',
      headers: { 'idempotency-key': newKey() },
      body: broken,
    });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('malformed_json');
  });

  it('refuses a broken multipart body with 400', async () => {
    const res = await t.app.request('/api/reports', {
      method: 'POST',
      headers: { 'idempotency-key': newKey(), 'content-type': 'multipart/form-data; boundary=abc' },
      body: '--abc\r\nContent-Disposition: form-data; name="report"\r\n\r\n{"a":1}\r\n--ab',
    });
    expect(res.status).toBe(400);
  });

  it('validates the report part like the JSON body', async () => {
    const res = await postMultipart(report({ location: { lat: 123, lng: 0 } }), [{ bytes: await jpeg() }]);
    expect(res.status).toBe(400);
    expect(Object.keys((await errorOf(res)).fields ?? {})).toContain('location.lat');
  });

  const text = (value: string) => new TextEncoder().encode(value);
  const solid = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: '#fff' } });
  const refused: [string, number, string, () => Promise<Upload>][] = [
    [
      'a text file renamed .jpg',
      415,
      'unsupported_photo_type',
      async () => ({ bytes: text('just some text, not a picture'), name: 'mould.jpg' }),
    ],
    [
      'an SVG',
      415,
      'unsupported_photo_type',
      async () => ({
        bytes: text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'),
        name: 'x.svg',
        type: 'image/svg+xml',
      }),
    ],
    [
      'a GIF',
      415,
      'unsupported_photo_type',
      async () => ({ bytes: await solid(8, 8).gif().toBuffer(), type: 'image/gif' }),
    ],
    ['a truncated JPEG', 400, 'unreadable_photo', async () => ({ bytes: (await jpeg(1200, 900)).subarray(0, 3000) })],
    [
      'JPEG magic bytes followed by junk',
      400,
      'unreadable_photo',
      async () => ({ bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]) }),
    ],
    [
      'an image over 24 megapixels',
      413,
      'photo_too_large',
      async () => ({ bytes: await solid(6000, 4100).png({ compressionLevel: 1 }).toBuffer(), type: 'image/png' }),
    ],
    [
      'a file over 10 MB',
      413,
      'photo_too_large',
      async () => ({ bytes: Buffer.concat([await jpeg(), Buffer.alloc(10 * 1024 * 1024)]) }),
    ],
  ];

  it.each(refused)('refuses %s (%i %s) and stores nothing', async (_name, status, code, make) => {
    const before = [await countReports(), await countPhotos()];
    // the bad photo comes second: the good first one must not be stored either
    const res = await postMultipart(report(), [{ bytes: await jpeg() }, await make()]);
    expect(res.status).toBe(status);
    const error = await errorOf(res);
    expect(error.code).toBe(code);
    expect(Object.keys(error.fields ?? {})).toEqual(['photos.1']);
    expect([await countReports(), await countPhotos()]).toEqual(before);
  });

  it('removes EXIF (GPS included) and applies the orientation', async () => {
    const withGps = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#884422' } })
      .jpeg()
      .withExif({
        IFD0: { Make: 'PhoneCo', Model: 'X1' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '51/1 22/1 53/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '1/1 23/1 10/1',
        },
      })
      .withMetadata({ orientation: 6 }) // "rotate 90° clockwise to view"
      .toBuffer();
    const input = await sharp(withGps).metadata();
    expect(input.exif?.toString('latin1')).toContain('PhoneCo');
    expect(input.orientation).toBe(6);

    const res = await postMultipart(report(), [{ bytes: withGps }]);
    expect(res.status).toBe(201);
    const [stored] = await storedPhotos(ReportCreated.parse(await res.json()).id);
    const meta = await sharp(stored!.bytes).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(stored!.bytes.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
    expect(stored!.bytes.includes(Buffer.from('PhoneCo', 'latin1'))).toBe(false);
    // upright: the 400 × 200 picture tagged "rotate 90°" is stored 200 × 400
    expect([meta.width, meta.height]).toEqual([200, 400]);
  });

  it('scales a large photo to fit 1600 px and re-encodes PNG and WebP as JPEG', async () => {
    const png = await sharp({
      create: { width: 3200, height: 2000, channels: 4, background: { r: 0, g: 90, b: 0, alpha: 0.5 } },
    })
      .png()
      .toBuffer();
    const webp = await sharp({ create: { width: 1000, height: 2400, channels: 3, background: '#123456' } })
      .webp()
      .toBuffer();
    const res = await postMultipart(report(), [
      { bytes: png, type: 'image/png' },
      { bytes: webp, type: 'image/webp' },
    ]);
    expect(res.status).toBe(201);
    const photos = await storedPhotos(ReportCreated.parse(await res.json()).id);
    expect(photos.map((p) => [p.width, p.height])).toEqual([
      [1600, 1000],
      [667, 1600],
    ]);
    for (const p of photos) expect((await sharp(p.bytes).metadata()).format).toBe('jpeg');
  });

  it('replays a multipart report sent again with the same photo, and refuses it with another photo', async () => {
    const key = newKey();
    const first = await postMultipart(report(), [{ bytes: await jpeg(640, 480) }], key);
    expect(first.status).toBe(201);
    const again = await postMultipart(report(), [{ bytes: await jpeg(640, 480) }], key);
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    const other = await postMultipart(report(), [{ bytes: await jpeg(641, 480) }], key);
    expect(other.status).toBe(422);
  });
});

describe('GET /api/reports/{trackingCode}', () => {
  let created: ReportCreated;
  beforeAll(async () => {
    const res = await postMultipart(
      report({ contact: { method: 'email', value: 'young.person@example.org' }, description: 'SECRET-DESCRIPTION' }),
      [{ bytes: await jpeg() }],
    );
    created = ReportCreated.parse(await res.json());
    await t.db.query(
      `insert into report_updates (report_id, actor, from_status, to_status, public_note, internal_note)
       values ($1, 'officer@kent.example', 'new', 'acknowledged', 'We have your report and will visit on Tuesday.', 'SECRET-INTERNAL'),
              ($1, 'officer@kent.example', null, null, null, 'SECRET-INTERNAL-2')`,
      [created.id],
    );
    await t.db.query(`update reports set status = 'acknowledged', acknowledged_at = now() where id = $1`, [created.id]);
  });

  it('shows status, categories, district, dates, deadlines and public notes', async () => {
    const res = await t.app.request(`/api/reports/${created.trackingCode}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = PublicReport.parse(await res.json());
    expect(body).toMatchObject({
      trackingCode: created.trackingCode,
      status: 'acknowledged',
      urgent: false,
      categories: ['damp'],
      district: THANET,
      receivedAt: created.receivedAt,
      deadlines: created.deadlines,
      closedAt: null,
    });
    expect(body.acknowledgedAt).toEqual(expect.any(String));
    expect(body.updates).toEqual([
      { at: created.receivedAt, status: 'new' },
      { at: expect.any(String), status: 'acknowledged', note: 'We have your report and will visit on Tuesday.' },
    ]);
  });

  it('never shows the location, photos, contact, description, provider or internal notes', async () => {
    const res = await t.app.request(`/api/reports/${created.trackingCode}`);
    const text = await res.text();
    expect(Object.keys(JSON.parse(text)).sort()).toEqual(
      [
        'accommodationType',
        'acknowledgedAt',
        'categories',
        'closedAt',
        'deadlines',
        'deadlinesBasis',
        'district',
        'receivedAt',
        'resolvedAt',
        'status',
        'trackingCode',
        'updatedAt',
        'updates',
        'urgent',
      ].sort(),
    );
    for (const secret of [
      '51.38',
      '1.386',
      'lat',
      'lng',
      'young.person@example.org',
      'SECRET',
      'Seaview',
      'officer@',
      'photo',
      created.id,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('finds a code typed in lower case with spaces, and O for 0', async () => {
    const typed = created.trackingCode.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    const res = await t.app.request(`/api/reports/${encodeURIComponent(typed)}`);
    expect(res.status).toBe(200);
  });

  it('answers an unknown code and a malformed one with the same 404', async () => {
    const unknown = await t.app.request('/api/reports/KNT-0000-0000-0000-0000');
    const malformed = await t.app.request(`/api/reports/${encodeURIComponent("' or 1=1 --")}`);
    const tooLong = await t.app.request(`/api/reports/${'K'.repeat(500)}`);
    expect([unknown.status, malformed.status, tooLong.status]).toEqual([404, 404, 404]);
    const bodies = await Promise.all([unknown.text(), malformed.text(), tooLong.text()]);
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0]!)).toMatchObject({ error: { code: 'not_found' } });
  });
});
