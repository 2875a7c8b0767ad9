/**
 * Sending reports the way the phone does, JSON or multipart with photos, to a test app, and counting what
 * was stored: shared by the files that check sending, photos and tracking.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { expect } from 'vitest';
import type { TestApp } from './test-app';

type Started = Pick<TestApp, 'app' | 'db'>;

export const MARGATE = { lat: 51.3813, lng: 1.3862 }; // Thanet
export const THANET = { code: 'E07000114', name: 'Thanet' };

/** A full report as the form sends it, with a point in Margate; override any field. */
export const report = (overrides: Record<string, unknown> = {}) => ({
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

/** A fresh Idempotency-Key, as the phone makes one per report. */
export const newKey = () => randomUUID();

export interface Upload {
  bytes: Uint8Array;
  name?: string;
  type?: string;
}

/** Requests to the test file's app (from `startTestApp`). */
export function reportRequests(t: Started) {
  function postJson(body: unknown, key: string | null = newKey(), headers: Record<string, string> = {}) {
    return t.app.request('/api/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }
  function postMultipart(body: unknown, photos: Upload[], key: string = newKey()) {
    const form = new FormData();
    form.set('report', JSON.stringify(body));
    for (const p of photos)
      form.append('photos', new Blob([p.bytes as BlobPart], { type: p.type ?? 'image/jpeg' }), p.name ?? 'photo.jpg');
    return t.app.request('/api/reports', { method: 'POST', headers: { 'idempotency-key': key }, body: form });
  }
  const count = async (table: 'reports' | 'report_photos') =>
    Number((await t.db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n);
  return { postJson, postMultipart, countReports: () => count('reports'), countPhotos: () => count('report_photos') };
}

/** The error body of a refusal, which always carries a message. */
export async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string; fields?: Record<string, string> } };
  expect(body.error.message).toEqual(expect.any(String));
  return body.error;
}

/** A plain JPEG photo of the given size. */
export const jpeg = (width = 640, height = 480) =>
  sharp({ create: { width, height, channels: 3, background: '#7a6a55' } })
    .jpeg()
    .toBuffer();
