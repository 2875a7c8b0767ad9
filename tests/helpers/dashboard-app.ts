/**
 * A dashboard test app with four signed-in staff (a PA, a Thanet commissioner, a Kent-wide commissioner, an
 * admin) and one report with a photo in Thanet and one in Dover: shared by the dashboard-* and staff-* files.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { NewReport } from '#contract';
import { createReport } from '../../api/modules/housing-reports/housing-reports.queries';
import { newReport } from './reports';
import { asStaff, createStaff, signIn, type TestStaff } from './staff';
import { startTestApp } from './test-app';

export const THANET = 'E07000114';
export const DOVER = 'E07000108';
export const ASHFORD = 'E07000105';
export const SEVENOAKS = 'E07000111';

/** Starts this file's app once (in beforeAll), with the staff and the two reports. */
export function startDashboardApp() {
  const staff: Record<'pa' | 'thanet' | 'all' | 'admin', TestStaff> = {} as never;
  const cookies: Record<string, string | null> = { anonymous: null };
  /** The Thanet and the Dover report made at the start, each with one photo. */
  const seeded = { thanet: '', dover: '', jpeg: Buffer.alloc(0) };

  const baseReport = (overrides: Partial<NewReport> = {}) =>
    newReport({
      district: THANET,
      description: 'Synthetic test report: mould behind the wardrobe.',
      contact: { method: 'pa' },
      ...overrides,
    }) as NewReport;

  async function addReport(overrides: Partial<NewReport> = {}, options: { receivedAt?: Date; photos?: number } = {}) {
    const photos = Array.from({ length: options.photos ?? 0 }, () => ({
      bytes: seeded.jpeg,
      width: 8,
      height: 8,
      contentType: 'image/jpeg' as const,
    }));
    const result = await createReport(t.db, {
      report: baseReport(overrides),
      idempotencyKey: randomUUID(),
      requestHash: 'test',
      photos,
      receivedAt: options.receivedAt,
    });
    return result.response.id;
  }

  const req = (
    path: string,
    role: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => t.app.request(path, asStaff(cookies[role] ?? null, init));

  const patch = (id: string, role: string, body: unknown) =>
    req(`/api/dashboard/reports/${id}`, role, { method: 'PATCH', body });

  const t = startTestApp(async (t) => {
    seeded.jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#804020' } })
      .jpeg()
      .toBuffer();
    staff.pa = await createStaff(t.db, { email: 'pa@example.test', role: 'pa' });
    staff.thanet = await createStaff(t.db, { email: 'thanet@example.test', role: 'commissioner', districts: [THANET] });
    staff.all = await createStaff(t.db, { email: 'kent@example.test', role: 'commissioner' });
    staff.admin = await createStaff(t.db, { email: 'admin@example.test', role: 'admin' });
    for (const role of ['pa', 'thanet', 'all', 'admin'] as const) cookies[role] = await signIn(t.app, staff[role]);
    seeded.thanet = await addReport({ district: THANET, provider: 'Synthetic Seaview Homes' }, { photos: 1 });
    seeded.dover = await addReport(
      { district: DOVER, categories: ['electrics'], provider: 'Synthetic Harbour Lets' },
      { photos: 1 },
    );
  });

  return Object.assign(t, {
    staff,
    cookies,
    seeded,
    addReport,
    req,
    patch,
  });
}
