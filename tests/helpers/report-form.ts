/**
 * Drives the 7-step report form (web/features/housing-reports) in a browser test, and reads what the
 * server stored from its PGlite data directory once the server has stopped.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { openPglite } from '../../api/db/client';

export interface FileReportOptions {
  categories?: string[];
  feelsSafe?: 'yes' | 'no' | 'not_sure';
  /** 'pin' uses the map's "put the pin in the middle" button; a district code picks from the list. */
  where?: 'pin' | string;
  description?: string;
  /** "Who is affected" boxes to tick on the details step (the draft's names: children, disabled, …). */
  affected?: string[];
  photos?: Buffer[];
  /** "Through my PA" with the PA's name and work email (and the young person's first name). */
  pa?: { name: string; email: string; firstName?: string };
  /** Runs on the check step, before "Send report". */
  onCheckStep?: (page: Page) => Promise<void>;
}

const next = (page: Page) => page.getByTestId('report-next').click();

/** Fills every step and presses "Send report". Works offline once the app has been opened online. */
export async function fileReport(page: Page, options: FileReportOptions = {}): Promise<void> {
  await page.getByTestId('report-step-problem').waitFor();
  for (const c of options.categories ?? ['damp']) await page.getByTestId(`category-${c}`).click();
  await next(page);

  await page.getByTestId(`feels-safe-${options.feelsSafe ?? 'yes'}`).check();
  await next(page);

  const where = options.where ?? 'E07000114';
  if (where === 'pin') {
    await page.getByTestId('where-map').check();
    // the boundaries are drawn (from the precache) even when no tile loads
    await page.locator('[data-testid="map"] .leaflet-overlay-pane path').first().waitFor({ timeout: 15_000 });
    await page.locator('.base-map__controls button').first().click();
    // the district the pin is in shows at once ("This is in Thanet, near Margate.")
    await page
      .getByTestId('pin-state')
      .filter({ hasText: /This is/ })
      .waitFor();
  } else {
    await page.getByTestId('where-district').check();
    await page.getByTestId('district-select').selectOption(where);
  }
  await next(page);

  await page
    .getByTestId('description')
    .fill(options.description ?? 'Black mould on the bedroom wall. The window is wet every morning.');
  for (const who of options.affected ?? []) await page.getByTestId(`affected-${who}`).check();
  await page.getByTestId('accommodation-private_rented').check();
  await next(page);

  const photos = options.photos ?? [];
  if (photos.length) {
    await page
      .getByTestId('photo-input')
      .setInputFiles(photos.map((buffer, i) => ({ name: `IMG_000${i + 1}.jpg`, mimeType: 'image/jpeg', buffer })));
    await page
      .getByTestId('photo-preview')
      .nth(photos.length - 1)
      .waitFor();
  }
  await next(page);

  await page.getByTestId('contact-pa').check();
  if (options.pa) {
    await page.getByTestId('pa-name').fill(options.pa.name);
    await page.getByTestId('pa-email').fill(options.pa.email);
    if (options.pa.firstName) await page.getByTestId('first-name').fill(options.pa.firstName);
  }
  await next(page);

  await page.getByTestId('report-step-check').waitFor();
  await options.onCheckStep?.(page);
  await page.getByTestId('report-send').click();
  await page.getByTestId('report-result').waitFor();
}

/** A phone-like photo: 2400 × 1800 JPEG with the GPS position of the home in its EXIF data. */
export function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 2400, height: 1800, channels: 3, background: '#6b5b45' } })
    .jpeg({ quality: 70 })
    .withExif({
      IFD0: { Make: 'PhoneCo', Model: 'X1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 22/1 53/1', GPSLongitudeRef: 'E', GPSLongitude: '1/1 23/1 10/1' },
    })
    .toBuffer();
}

export interface StoredReport {
  tracking_code: string;
  district_code: string;
  categories: string[];
  lat: number | null;
  photos: { width: number; height: number; bytes: Buffer }[];
}

/** Every report in a stopped server's PGlite DATA_DIR, with its photos. */
export async function readStoredReports(dataDir: string): Promise<StoredReport[]> {
  const db = await openPglite(dataDir);
  try {
    const reports = await db.query<Omit<StoredReport, 'photos'> & { id: string }>(
      'select id, tracking_code, district_code, categories, lat from reports order by received_at',
    );
    const result: StoredReport[] = [];
    for (const r of reports) {
      const photos = await db.query<{ width: number; height: number; bytes: Uint8Array }>(
        'select width, height, bytes from report_photos where report_id = $1 order by position',
        [r.id],
      );
      result.push({ ...r, photos: photos.map((p) => ({ ...p, bytes: Buffer.from(p.bytes) })) });
    }
    return result;
  } finally {
    await db.close();
  }
}

/**
 * Gzip size of the built JS files a page has loaded (from the Resource Timing entries). `data` is the part
 * that is JSON compiled to a module (UI strings, the content pack): no function, no import.
 */
export async function loadedJsGzipBytes(
  page: Page,
  distDir: string,
): Promise<{ total: number; code: number; data: number; files: Record<string, number> }> {
  const urls = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname)
      .concat([...document.querySelectorAll('script[src]')].map((s) => new URL((s as HTMLScriptElement).src).pathname)),
  );
  const files: Record<string, number> = {};
  let data = 0;
  for (const path of new Set(urls)) {
    if (!path.endsWith('.js') || path === '/sw.js') continue;
    const file = join(distDir, path);
    if (!existsSync(file)) continue;
    const source = readFileSync(file);
    files[path] = gzipSync(source, { level: 9 }).length;
    if (!/\bfunction\b|=>|\bimport\b/.test(source.toString())) data += files[path];
  }
  const total = Object.values(files).reduce((a, b) => a + b, 0);
  return { total, code: total - data, data, files };
}

export const distDir = join(import.meta.dirname, '../../dist');
export const distHasBuild = () =>
  existsSync(join(distDir, 'index.html')) && readdirSync(join(distDir, 'assets')).length > 0;
