// The outbox's rules in a real browser: a 503 is not "delivered" (the report is retried with
// backoff and arrives once), and a 422 leaves the report on the phone, shown as "couldn't send" with the
// reason. SyncManager is removed from the page so that every attempt is the page's own and passes
// through page.route. Runs after `npm run build`.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import { setupBrowser, type BrowserSession } from '../helpers/browser';
import { fileReport, readStoredReports } from '../helpers/report-form';
import { freshDataDir, startServer, type RunningServer } from '../helpers/server';

let server: RunningServer;
let b: BrowserSession;
let dataDir: string;
/** Idempotency-Key of every POST /api/reports the page made, in order, with the answer given. */
const posts: { key: string; answer: number | 'server' }[] = [];
let mode: 'flaky' | 'refuse' = 'flaky';

beforeAll(async () => {
  dataDir = await freshDataDir();
  server = await startServer({ dataDir });
  b = await setupBrowser();
  await b.context.addInitScript(() => {
    delete (window as unknown as Record<string, unknown>).SyncManager;
  });
  await b.page.route('**/api/reports', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const key = (await route.request().headerValue('idempotency-key')) ?? '';
    if (mode === 'flaky' && posts.filter((p) => p.answer === 503).length < 2) {
      posts.push({ key, answer: 503 });
      return route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'unavailable', message: 'Down for maintenance.' } }),
      });
    }
    if (mode === 'refuse') {
      posts.push({ key, answer: 422 });
      return route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { code: 'idempotency_key_reused', message: 'This report was refused by the test.' },
        }),
      });
    }
    posts.push({ key, answer: 'server' });
    return route.continue();
  });
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const result = () => b.page.getByTestId('report-result');

describe('the report outbox against a failing server', () => {
  it('opens the report form online', async () => {
    await b.page.goto(`${server.url}/report?lang=en`);
    await b.waitForServiceWorker();
  });

  it('503 twice, then accepted: delivered once, with the same Idempotency-Key each time', async () => {
    const started = Date.now();
    await fileReport(b.page, { categories: ['mould', 'cold_heating'], where: 'E07000112' });
    await expect.poll(() => result().getAttribute('data-state'), { timeout: 45_000, interval: 100 }).toBe('sent');
    console.log(`[report outbox] 503, 503, then 201: delivered ${Date.now() - started} ms after "Send"`);
    expect(posts.map((p) => p.answer)).toEqual([503, 503, 'server']);
    expect(new Set(posts.map((p) => p.key)).size).toBe(1);
    await expect.poll(() => b.page.getByTestId('tracking-code').count()).toBe(1);
  });

  it('a 422 leaves the report on the phone as "couldn\'t send", with the reason', async () => {
    mode = 'refuse';
    await b.page.getByRole('button', { name: en.report.sent.another }).click();
    await fileReport(b.page, { categories: ['pests'], where: 'E07000112', description: 'Mice in the kitchen.' });
    await expect.poll(() => result().getAttribute('data-state'), { timeout: 20_000 }).toBe('failed');

    await b.page.goto(`${server.url}/my-reports`);
    const failed = b.page.locator('[data-testid="my-report"][data-outbox-state="failed"]');
    await failed.waitFor();
    expect(await failed.getByTestId('my-report-state').innerText()).toBe(en.my_reports.state.failed);
    expect(await failed.getByTestId('my-report-reason').innerText()).toBe('This report was refused by the test.');

    // not retried by itself, not deleted: still there after a reload and a minute's timer would not send it
    const before = posts.length;
    await b.page.reload();
    await failed.waitFor();
    expect(await b.page.getByTestId('my-report').count()).toBe(2);
    expect(posts.length).toBe(before);
  });

  it('the server stored only the delivered report, once', async () => {
    await server.stop();
    const stored = await readStoredReports(dataDir);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.categories).toEqual(['mould', 'cold_heating']);
  });
});
