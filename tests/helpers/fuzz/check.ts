/** Sends a fuzzed request and checks the answer: never a 5xx, every refusal in the error shape. */
import { expect } from 'vitest';
import { parseXml } from '../xml';
import type { TestApp } from '../test-app';
import type { Req } from './requests';

/** How many requests went out, and their statuses, for the summary the test prints. */
export const tally = { requests: 0, statuses: new Map<number, number>() };

// ── the checks ────────────────────────────────────────────────────────────────────────────────────

const ApiErrorKeys = ['code', 'message', 'fields'];

/**
 * What can travel in an HTTP header: bytes 0x20–0xFF and tab (a real client cannot send more; Node's
 * parser and undici refuse control characters, and decode the rest as Latin-1).
 */
const onTheWire = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?').trim()]));

export async function send(t: TestApp, req: Req): Promise<Response> {
  tally.requests++;
  const init: RequestInit = { method: req.method, headers: onTheWire(req.headers) };
  if (req.body !== undefined && req.method !== 'GET' && req.method !== 'HEAD') init.body = req.body as BodyInit;
  return t.app.request(req.path, init);
}

/** Never a 5xx; a refusal is our JSON error (or Open311's error list); `may2xx: false` allows only 4xx. */
export async function check(req: Req, res: Response, may2xx: boolean) {
  tally.statuses.set(res.status, (tally.statuses.get(res.status) ?? 0) + 1);
  const text = await res.text();
  const where = `${req.method} ${req.path.slice(0, 200)} as ${req.who} → ${res.status} ${text.slice(0, 300)}`;
  expect(res.status, where).toBeLessThan(500);
  if (!may2xx) expect(res.status, where).toBeGreaterThanOrEqual(400);
  if (res.status < 400 || req.method === 'HEAD') return;
  const type = res.headers.get('content-type') ?? '';
  // the path as the server saw it (`/open311/v2/..` is `/open311/`, outside the Open311 API)
  if (/^\/open311\/v2\//.test(new URL(req.path, 'http://localhost').pathname)) {
    if (/json/.test(type)) {
      const list = JSON.parse(text) as { code: number; description: string }[];
      expect(Array.isArray(list) && list.length > 0, where).toBe(true);
      for (const e of list) expect(typeof e.code === 'number' && typeof e.description === 'string', where).toBe(true);
    } else {
      expect(type, where).toMatch(/xml/);
      const root = parseXml(text);
      expect(root.name, where).toBe('errors');
      expect(
        root.children.some((c) => typeof c !== 'string' && c.name === 'error'),
        where,
      ).toBe(true);
    }
    return;
  }
  expect(type, where).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { error?: Record<string, unknown> };
  expect(Object.keys(body), where).toEqual(['error']);
  expect(typeof body.error!.code === 'string' && typeof body.error!.message === 'string', where).toBe(true);
  for (const key of Object.keys(body.error!)) expect(ApiErrorKeys, where).toContain(key);
  if (body.error!.fields !== undefined) {
    for (const value of Object.values(body.error!.fields as object)) expect(typeof value, where).toBe('string');
  }
}

const STORED = [
  'reports',
  'report_photos',
  'report_updates',
  'open311_requests',
  'staff_users',
  'api_keys',
  'push_subscriptions',
  'district_duty_inboxes',
  'staff_alert_settings',
  'content_versions',
  'content_drafts',
  'content_notes',
  'content_reviews',
  'content_link_checks',
];
/** How many rows each table holds: fuzzing must leave every count as it was. */
export async function counts(t: TestApp) {
  const row = (
    await t.db.query<Record<string, number>>(
      `select ${STORED.map((table) => `(select count(*)::int from ${table}) as ${table}`).join(', ')}`,
    )
  )[0]!;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}
