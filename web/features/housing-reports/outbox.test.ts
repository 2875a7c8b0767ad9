// @vitest-environment node
// (node, not happy-dom: Blobs must survive fake-indexeddb's structured clone as they do in a browser)
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { NewReportInput, PublicReport, ReportCreated } from '#contract';
import {
  backoffMs,
  flushOutbox,
  followReport,
  getEntry,
  listEntries,
  listReplies,
  lookUpReport,
  openOutbox,
  OUTBOX_STORE,
  refreshTracking,
  removeEntry,
  retryEntry,
  saveReply,
  saveReport,
} from './outbox';

const report: NewReportInput = {
  categories: ['damp'],
  feelsSafe: 'yes',
  location: null,
  district: 'E07000114',
  description: 'Mould in the bedroom',
  accommodationType: 'private_rented',
  contact: { method: 'pa' },
  createdAt: '2026-03-02T10:00:00.000Z',
};

const created: ReportCreated = {
  id: '00000000-0000-4000-8000-000000000000',
  trackingCode: 'ABCD-EFGH-JKMY',
  status: 'new',
  district: { code: 'E07000114', name: 'Thanet' },
  urgent: false,
  receivedAt: '2026-03-02T10:00:01.000Z',
  deadlines: { investigateBy: '2026-03-16T23:59:59.999Z' },
  deadlinesBasis: 'target',
  photos: 0,
};

const json = (body: unknown, status: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const apiError = (status: number, code: string, message = 'nope') => json({ error: { code, message } }, status);

type Call = { url: string; init: RequestInit };
function fakeFetch(...answers: (Response | Error)[]) {
  const calls: Call[] = [];
  const fn = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers');
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

beforeEach(async () => {
  const db = await openOutbox();
  await db.clear(OUTBOX_STORE);
});

describe('outbox', () => {
  it('saves the report with its Idempotency-Key before any network call', async () => {
    const entry = await saveReport(report, []);
    expect(await getEntry(entry.id)).toMatchObject({ state: 'waiting', attempts: 0, report });
    expect(entry.id).toMatch(/^[0-9a-f-]{32,36}$/);
  });

  it('2xx → sent: keeps the tracking code, drops the photos from the phone', async () => {
    const entry = await saveReport(report, [new Blob(['jpeg'], { type: 'image/jpeg' })]);
    const { fetch, calls } = fakeFetch(json(created, 201));
    expect(await flushOutbox({ fetch })).toMatchObject({ sent: 1, waiting: 0, failed: 0 });
    const stored = await getEntry(entry.id);
    expect(stored).toMatchObject({ state: 'sent', created, photos: [], photoCount: 1, attempts: 1 });
    // multipart with the report part and the photo, and the key
    expect(calls[0]!.url).toBe('/api/reports');
    expect(new Headers(calls[0]!.init.headers).get('Idempotency-Key')).toBe(entry.id);
    const form = calls[0]!.init.body as FormData;
    expect(JSON.parse(form.get('report') as string)).toEqual(report);
    expect(form.getAll('photos')).toHaveLength(1);
  });

  it('sends JSON when there is no photo', async () => {
    await saveReport(report, []);
    const { fetch, calls } = fakeFetch(json(created, 201));
    await flushOutbox({ fetch });
    expect(new Headers(calls[0]!.init.headers).get('Content-Type')).toBe('application/json');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual(report);
  });

  it('network error and 5xx → still waiting, retried later with the same key', async () => {
    let now = 1_000_000;
    const entry = await saveReport(report, [], now);
    const { fetch, calls } = fakeFetch(
      new TypeError('Failed to fetch'),
      apiError(503, 'unavailable'),
      json(created, 201),
    );

    expect(await flushOutbox({ fetch, now: () => now })).toMatchObject({ sent: 0, waiting: 1 });
    let stored = (await getEntry(entry.id))!;
    expect(stored).toMatchObject({ state: 'waiting', attempts: 1, lastError: { status: 0, code: 'network' } });
    expect(stored.nextAttemptAt).toBeGreaterThan(now);

    // not due yet: nothing is sent
    expect(await flushOutbox({ fetch, now: () => now })).toMatchObject({ waiting: 1 });
    expect(calls).toHaveLength(1);

    now = stored.nextAttemptAt;
    await flushOutbox({ fetch, now: () => now });
    stored = (await getEntry(entry.id))!;
    expect(stored).toMatchObject({ state: 'waiting', attempts: 2, lastError: { status: 503, code: 'unavailable' } });

    // "force" (the network came back) does not wait for the backoff
    await flushOutbox({ fetch, now: () => now, force: true });
    expect((await getEntry(entry.id))!.state).toBe('sent');
    expect(calls.map((c) => new Headers(c.init.headers).get('Idempotency-Key'))).toEqual([
      entry.id,
      entry.id,
      entry.id,
    ]);
  });

  it('429 waits at least as long as Retry-After says', async () => {
    const now = 5_000_000;
    const entry = await saveReport(report, [], now);
    const { fetch } = fakeFetch(
      json({ error: { code: 'rate_limited', message: 'slow down' } }, 429, { 'Retry-After': '120' }),
    );
    await flushOutbox({ fetch, now: () => now });
    const stored = (await getEntry(entry.id))!;
    expect(stored.state).toBe('waiting');
    expect(stored.nextAttemptAt).toBeGreaterThanOrEqual(now + 120_000);
  });

  it('4xx → kept as "couldn\'t send" with the reason, never retried by itself, retried when asked', async () => {
    const entry = await saveReport(report, []);
    const { fetch, calls } = fakeFetch(
      json(
        {
          error: {
            code: 'invalid',
            message: 'The report has fields that are missing or wrong.',
            fields: { description: 'must not be empty' },
          },
        },
        400,
      ),
      json(created, 201),
    );
    expect(await flushOutbox({ fetch })).toMatchObject({ failed: 1 });
    expect(await getEntry(entry.id)).toMatchObject({
      state: 'failed',
      lastError: { status: 400, code: 'invalid', fields: { description: 'must not be empty' } },
    });
    await flushOutbox({ fetch, force: true });
    expect(calls).toHaveLength(1);
    expect(await listEntries()).toHaveLength(1); // still there

    await retryEntry(entry.id);
    await flushOutbox({ fetch });
    expect((await getEntry(entry.id))!.state).toBe('sent');
  });

  it('a 2xx without a tracking code is not taken as delivered', async () => {
    const entry = await saveReport(report, []);
    const { fetch } = fakeFetch(new Response('<html>proxy page</html>', { status: 200 }));
    await flushOutbox({ fetch });
    expect(await getEntry(entry.id)).toMatchObject({ state: 'waiting', lastError: { code: 'invalid_response' } });
  });

  it('never turns a sent report back into a waiting one', async () => {
    const entry = await saveReport(report, []);
    await flushOutbox({ fetch: fakeFetch(json(created, 201)).fetch });
    const { recordOutcome } = await import('./outbox');
    await recordOutcome(entry.id, { kind: 'retry', error: { status: 503, code: 'x', message: 'x' } });
    expect((await getEntry(entry.id))!.state).toBe('sent');
  });

  it('keeps a waiting report however old it is', async () => {
    const longAgo = Date.now() - 90 * 24 * 3600 * 1000;
    const entry = await saveReport(report, [], longAgo);
    await flushOutbox({ fetch: fakeFetch(new TypeError('offline')).fetch });
    expect(await getEntry(entry.id)).toMatchObject({ state: 'waiting', savedAt: longAgo });
  });

  it('lists newest first and removes only when asked', async () => {
    const a = await saveReport(report, [], 1000);
    const b = await saveReport(report, [], 2000);
    expect((await listEntries()).map((e) => e.id)).toEqual([b.id, a.id]);
    await removeEntry(a.id);
    expect((await listEntries()).map((e) => e.id)).toEqual([b.id]);
  });

  it('backs off 2 s, 4 s, 8 s … up to 15 minutes', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((n) => backoffMs(n, mid))).toEqual([2000, 4000, 8000, 16000]);
    expect(backoffMs(30, mid)).toBe(15 * 60_000);
    expect(backoffMs(1, () => 0)).toBe(1600);
    expect(backoffMs(1, () => 1)).toBe(2400);
  });
});

describe('refreshTracking', () => {
  it('stores the public view, marks an unknown code, and ignores a network error', async () => {
    const entry = await saveReport(report, []);
    await flushOutbox({ fetch: fakeFetch(json(created, 201)).fetch });
    const sent = (await getEntry(entry.id))!;

    const view = {
      trackingCode: created.trackingCode,
      status: 'acknowledged',
      updates: [{ at: 'x', note: 'We will visit' }],
    };
    const ok = fakeFetch(json(view, 200));
    await refreshTracking(sent, ok.fetch);
    expect(ok.calls[0]!.url).toBe(`/api/reports/${created.trackingCode}`);
    expect((await getEntry(entry.id))!.tracking).toEqual(view);

    await refreshTracking(sent, fakeFetch(new TypeError('offline')).fetch);
    expect((await getEntry(entry.id))!.tracking).toEqual(view);

    await refreshTracking(sent, fakeFetch(apiError(404, 'not_found')).fetch);
    expect((await getEntry(entry.id))!.trackingMissing).toBe(true);
  });
});

const publicView = (overrides: Partial<PublicReport> = {}): PublicReport => ({
  trackingCode: created.trackingCode,
  status: 'resolved',
  urgent: false,
  categories: ['damp'],
  district: { code: 'E07000114', name: 'Thanet' },
  receivedAt: created.receivedAt,
  updatedAt: '2026-03-09T10:00:00.000Z',
  acknowledgedAt: null,
  resolvedAt: '2026-03-09T10:00:00.000Z',
  closedAt: null,
  deadlines: {},
  deadlinesBasis: 'law',
  accommodationType: 'social_housing',
  updates: [{ at: '2026-03-09T10:00:00.000Z', status: 'resolved', note: 'Fixed.' }],
  ...overrides,
});

describe('answers to a report (through the outbox)', () => {
  async function sentReport() {
    const entry = await saveReport(report, []);
    await flushOutbox({ fetch: fakeFetch(json(created, 201)).fetch });
    return entry;
  }

  it('"It came back" offline waits on the phone, then is sent once with its own key; the answer becomes the report\'s history', async () => {
    const entry = await sentReport();
    const reply = await saveReply(created.trackingCode, { kind: 'came_back' });
    // offline: kept, not lost, and not shown as a report
    expect(await flushOutbox({ fetch: fakeFetch(new TypeError('Failed to fetch')).fetch })).toMatchObject({
      waiting: 1,
    });
    expect(await listEntries()).toHaveLength(1);
    expect(await listReplies()).toMatchObject([{ id: reply.id, state: 'waiting', attempts: 1 }]);

    const reopened = publicView({
      status: 'reopened',
      updates: [{ at: 'y', status: 'reopened', reply: { kind: 'came_back' } }],
    });
    const online = fakeFetch(json(reopened, 201));
    expect(await flushOutbox({ fetch: online.fetch, force: true })).toMatchObject({ sent: 1, waiting: 0 });
    expect(online.calls).toHaveLength(1);
    expect(online.calls[0]!.url).toBe(`/api/reports/${created.trackingCode}/replies`);
    expect(new Headers(online.calls[0]!.init.headers).get('Idempotency-Key')).toBe(reply.id);
    expect(JSON.parse(online.calls[0]!.init.body as string)).toEqual({ kind: 'came_back' });
    expect(await listReplies()).toEqual([]);
    expect((await getEntry(entry.id))!.tracking).toEqual(reopened);

    // delivered: nothing left to send again
    const again = fakeFetch();
    await flushOutbox({ fetch: again.fetch, force: true });
    expect(again.calls).toHaveLength(0);
  });

  it('a 409 (the report cannot be opened again) is kept as "couldn\'t send", not retried by itself', async () => {
    await sentReport();
    await saveReply(created.trackingCode, { kind: 'came_back' });
    const { fetch, calls } = fakeFetch(apiError(409, 'illegal_transition'));
    expect(await flushOutbox({ fetch })).toMatchObject({ failed: 1 });
    await flushOutbox({ fetch, force: true });
    expect(calls).toHaveLength(1);
    expect(await listReplies()).toMatchObject([{ state: 'failed', lastError: { status: 409 } }]);
  });

  it('"Undo" before it is sent: nothing goes', async () => {
    await sentReport();
    const reply = await saveReply(created.trackingCode, { kind: 'reply', text: 'Thank you' });
    await removeEntry(reply.id);
    const { fetch, calls } = fakeFetch();
    await flushOutbox({ fetch, force: true });
    expect(calls).toHaveLength(0);
  });
});

describe('following a report by its code', () => {
  it('adds it to My reports as a sent report, once, with its messages', async () => {
    const view = publicView();
    const found = await lookUpReport('ABCD-EFGH-JKMY', fakeFetch(json(view, 200)).fetch);
    expect(found).toEqual({ kind: 'found', report: view });
    const id = await followReport(view);
    const entry = await getEntry(id);
    expect(entry).toMatchObject({ followed: true, state: 'sent', tracking: view, photos: [] });
    expect(entry!.created).toMatchObject({ trackingCode: view.trackingCode, deadlinesBasis: 'law' });
    expect(entry!.report.categories).toEqual(['damp']);
    // followed again: brought up to date, not listed twice
    expect(await followReport(publicView({ status: 'closed' }))).toBe(id);
    expect(await listEntries()).toHaveLength(1);
    expect((await getEntry(id))!.tracking!.status).toBe('closed');
  });

  it('a report made on this phone is not added a second time', async () => {
    const entry = await saveReport(report, []);
    await flushOutbox({ fetch: fakeFetch(json(created, 201)).fetch });
    expect(await followReport(publicView())).toBe(entry.id);
    expect(await listEntries()).toHaveLength(1);
    expect((await getEntry(entry.id))!.followed).toBeUndefined();
  });

  it('tells not found, offline and too many tries apart', async () => {
    expect(await lookUpReport('X', fakeFetch(apiError(404, 'not_found')).fetch)).toEqual({ kind: 'not_found' });
    expect(await lookUpReport('X', fakeFetch(new TypeError('Failed to fetch')).fetch)).toEqual({ kind: 'offline' });
    expect(await lookUpReport('X', fakeFetch(apiError(429, 'rate_limited')).fetch)).toEqual({ kind: 'busy' });
    expect(await lookUpReport('X', fakeFetch(apiError(500, 'oops')).fetch)).toEqual({ kind: 'error' });
  });
});
