/** Request bodies for the bench: a valid NewReport, as JSON or multipart with a photo. */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { NewReportInput } from '../../api/contract/housing-reports';

/** Points inside Kent districts (Canterbury, Ashford, Maidstone, Thanet, Dover), so the server's point-in-polygon runs. */
const POINTS = [
  { lat: 51.2802, lng: 1.0789 },
  { lat: 51.1465, lng: 0.875 },
  { lat: 51.2704, lng: 0.5227 },
  { lat: 51.3591, lng: 1.3983 },
  { lat: 51.1279, lng: 1.3134 },
];

export function sampleReport(i = 0): NewReportInput {
  return {
    categories: i % 3 === 0 ? ['damp', 'mould'] : ['electrics'],
    feelsSafe: i % 11 === 0 ? 'not_sure' : 'yes',
    location: POINTS[i % POINTS.length]!,
    district: null,
    description: 'Benchmark report: black mould on the bedroom wall behind the bed, and the window does not close.',
    accommodationType: 'shared_house',
    provider: 'Bench Housing Provider',
    contact: { method: 'none' },
    createdAt: new Date().toISOString(),
  };
}

/** A fresh key per report, as the phone's outbox makes them. */
export const newKey = (prefix = 'bench') => `${prefix}-${randomUUID()}`;

/** A small real JPEG (640 × 480, noisy so it does not compress to nothing), made once. */
let jpeg: Promise<Buffer> | undefined;
export function smallJpeg(): Promise<Buffer> {
  jpeg ??= (async () => {
    const width = 640;
    const height = 480;
    const pixels = Buffer.alloc(width * height * 3);
    let seed = 42;
    for (let i = 0; i < pixels.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const y = Math.floor(i / 3 / width);
      pixels[i] = (y / 2 + (seed >> 24)) & 0xff; // a gradient with noise, like a dim photo of a wall
    }
    return sharp(pixels, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 75 })
      .toBuffer();
  })();
  return jpeg;
}

/** multipart/form-data with the `report` JSON part and one `photos` part, as the phone sends it. */
export function multipartBody(report: NewReportInput, photo: Buffer): { body: Buffer; contentType: string } {
  const boundary = `----clhbench${randomUUID().replace(/-/g, '')}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="report"\r\nContent-Type: application/json\r\n\r\n` +
        `${JSON.stringify(report)}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    photo,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
