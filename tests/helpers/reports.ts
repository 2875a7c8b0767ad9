/** A valid NewReport body for tests that need reports to exist; override any field. */
export const newReport = (overrides: Record<string, unknown> = {}) => ({
  categories: ['damp'],
  feelsSafe: 'yes',
  location: null,
  district: 'E07000114',
  description: 'Black mould on the bedroom wall',
  accommodationType: 'private_rented',
  contact: { method: 'pa' },
  language: 'en',
  createdAt: new Date().toISOString(),
  ...overrides,
});

/** Minimal app shape: `createApp(...)` or `createTestApp().app`. */
interface Requester {
  request(path: string, init?: RequestInit, env?: unknown): Response | Promise<Response>;
}

/** A running server (`startServer`) as a requester, for `postReport` from a browser test. */
export const overHttp = (url: string): Requester => ({ request: (path, init) => fetch(url + path, init) });

/** POST /api/reports as JSON; answers the 201 body (and fails loudly on anything else). */
export async function postReport(app: Requester, body: unknown = newReport(), key = `test-${crypto.randomUUID()}`) {
  const res = await app.request('/api/reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST /api/reports → ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string; trackingCode: string };
}

/** Every non-empty row of report_stats_monthly, in a fixed order: compare it after a flush and after a rebuild. */
export const REPORT_STATS_SNAPSHOT = `select accommodation_type, urgent, dim, to_char(month, 'YYYY-MM') m, district_code, received, open, resolved,
  resolved_in_time, ack_days, resolve_days from report_stats_monthly
  where received <> 0 or open <> 0 order by 1, 2, 3, 4, 5`;
