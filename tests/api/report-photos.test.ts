/** POST /api/reports as multipart with photos: what is kept of a photo, and every photo refused. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ReportCreated } from '#contract';
import { startTestApp } from '../helpers/test-app';
import { report, newKey, errorOf, jpeg, type Upload, reportRequests } from '../helpers/report-requests';

/** This file's app, started once. */
const t = startTestApp();
const { postMultipart, countReports, countPhotos } = reportRequests(t);

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
