/**
 * The page the server sends for /dashboard to someone with a session names the figures for the address's
 * filters, so they load with the page's scripts. The address is the caller's to choose: the server names
 * only filters the dashboard accepts, and makes a page for such an address per request, uncompressed, so a
 * caller with a cookie cannot make it compress and keep one page after another.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import { defaultEnv } from '../../api/env';
import { createTestDb } from '../helpers/test-db';

let db: Awaited<ReturnType<typeof createTestDb>>;
let staticDir: string;
let app: ReturnType<typeof createApp>;
// well formed, so the server treats the caller as signed in; it needs no real session to ask for the page
const COOKIE = `clh_session=${'a'.repeat(43)}`;

beforeAll(async () => {
  db = await createTestDb();
  staticDir = mkdtempSync(join(tmpdir(), 'clh-hints-'));
  mkdirSync(join(staticDir, 'assets'));
  // long enough to be worth compressing, like the real page
  writeFileSync(
    join(staticDir, 'index.html'),
    `<!doctype html><html><head><title>Care Leaver Hub</title><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="app"></div>${'<!-- room -->'.repeat(80)}</body></html>`,
  );
  writeFileSync(join(staticDir, 'assets/index-abc123.js'), 'console.log("app");');
  writeFileSync(
    join(staticDir, 'route-hints.json'),
    JSON.stringify({ '/dashboard': { modules: ['/assets/staff-DashboardPage-abc.js'], styles: [], fetches: [] } }),
  );
  app = createApp({ db, env: defaultEnv({ NODE_ENV: 'test' }) }, { staticDir });
});
afterAll(async () => {
  rmSync(staticDir, { recursive: true, force: true });
  await db.dropAll();
});

const page = (query: string, encodings = 'gzip, br') =>
  app.request(`/dashboard${query}`, { headers: { Cookie: COOKIE, 'Accept-Encoding': encodings } });

describe('the dashboard page for someone with a session', () => {
  it('is kept compressed for the usual address, and names its first answers', async () => {
    const res = await page('?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
  });

  it('names the figures for filters the dashboard accepts, in a page made for that request alone', async () => {
    for (let i = 0; i < 100; i++) {
      const district = `E0700${String(i).padStart(4, '0')}`;
      const res = await page(`?from=2026-01&district=${district}`);
      expect(res.status).toBe(200);
      // not compressed: compressing a page per address is work the caller would choose for the server
      expect(res.headers.get('content-encoding'), district).toBeNull();
      expect(res.headers.get('cache-control')).toBe('private, no-cache');
      expect(await res.text()).toContain(`href="/api/dashboard/summary?from=2026-01&amp;district=${district}"`);
    }
  });

  it('names no figures for filters the dashboard refuses', async () => {
    for (const query of ['?category=not_a_category', '?from=2026-13', '?from=2026-05&to=2026-01', '?urgent=maybe']) {
      const res = await page(query, 'identity');
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html, query).not.toContain('/api/dashboard/summary');
      expect(html, query).toContain('href="/api/auth/me"');
    }
  });

  it('names no answers for someone without a session', async () => {
    const res = await app.request('/dashboard?district=E07000105');
    const html = await res.text();
    expect(html).toContain('href="/assets/staff-DashboardPage-abc.js"');
    expect(html).not.toContain('/api/');
  });
});
