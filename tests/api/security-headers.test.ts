/**
 * The security headers are on every response type — the HTML shell, JSON, images, static
 * files, 404s, errors (400, 413, 429, 500) — and HSTS only over HTTPS.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app';
import type { Db } from '../../api/db/client';
import { defaultEnv, type Env } from '../../api/env';
import { createLogger, type Logger } from '../../api/lib/log';
import { createTestDb } from '../helpers/test-db';

// the smallest valid PNG (1×1)
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let db: Awaited<ReturnType<typeof createTestDb>>;
let staticDir: string;
const appWith = (env: Partial<Env> = {}, database: Db = db, log?: Logger) =>
  createApp({ db: database, env: defaultEnv({ NODE_ENV: 'test', ...env }), log }, { staticDir });

beforeAll(async () => {
  db = await createTestDb();
  staticDir = mkdtempSync(join(tmpdir(), 'clh-static-'));
  mkdirSync(join(staticDir, 'assets'));
  mkdirSync(join(staticDir, 'icons'));
  writeFileSync(
    join(staticDir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="app"></div></body></html>',
  );
  writeFileSync(join(staticDir, 'assets/index-abc123.js'), 'console.log("app");'.repeat(100));
  writeFileSync(join(staticDir, 'icons/icon-192.png'), PNG);
  writeFileSync(join(staticDir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
});
afterAll(async () => {
  rmSync(staticDir, { recursive: true, force: true });
  await db.dropAll();
});

/** Every security header we promise, on one response. */
function expectSecurityHeaders(res: Response, where: string) {
  const h = res.headers;
  const csp = h.get('content-security-policy');
  expect(csp, where).toBeTruthy();
  const directives = new Map(
    csp!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values] as const),
  );
  const scriptSrc = directives.get('script-src') ?? directives.get('default-src');
  expect(scriptSrc, `${where}: script-src`).toBeDefined();
  expect(scriptSrc, `${where}: no inline script`).not.toContain("'unsafe-inline'");
  expect(csp, `${where}: no eval anywhere`).not.toContain("'unsafe-eval'");
  expect(csp, where).not.toContain("'wasm-unsafe-eval'");
  expect(directives.get('object-src'), where).toEqual(["'none'"]);
  expect(directives.get('base-uri'), where).toEqual(["'none'"]);
  expect(directives.get('frame-ancestors'), where).toEqual(["'none'"]);
  expect(h.get('x-content-type-options'), where).toBe('nosniff');
  expect(h.get('referrer-policy'), where).toMatch(
    /^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/,
  );
  const permissions = h.get('permissions-policy') ?? '';
  expect(permissions, where).toMatch(/(^|,\s*)geolocation=\(self\)(,|$)/);
  expect(permissions, where).toMatch(/(^|,\s*)camera=\(self\)(,|$)/);
  expect(h.get('x-powered-by'), where).toBeNull();
  expect(h.get('server'), where).toBeNull();
}

const post = (body: string, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'idempotency-key': `headers-${Math.random()}`, ...headers },
  body,
});

describe('security headers on every response type', () => {
  it.each([
    ['HTML shell', '/', 200, /text\/html/],
    ['HTML for a client route (SPA fallback)', '/report/new', 200, /text\/html/],
    ['static script', '/assets/index-abc123.js', 200, /javascript/],
    ['static image', '/icons/icon-192.png', 200, /image\/png/],
    ['service worker', '/sw.js', 200, /javascript|octet-stream/],
    ['JSON', '/api/health', 200, /application\/json/],
    ['JSON list', '/api/districts', 200, /application\/json/],
    ['API 404', '/api/no-such-thing', 404, /application\/json/],
    ['static 404', '/missing.png', 404, /application\/json/],
    ['400 error', '/api/districts/locate?lat=abc', 400, /application\/json/],
    ['tracking-code 404', '/api/reports/KNT-0000-0000-0000-0000', 404, /application\/json/],
  ])('%s (%s)', async (what, path, status, type) => {
    const res = await appWith().request(path, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.status, what).toBe(status);
    expect(res.headers.get('content-type'), what).toMatch(type);
    expectSecurityHeaders(res, what);
  });

  it('a 304 Not Modified', async () => {
    const app = appWith();
    const first = await app.request('/assets/index-abc123.js');
    const again = await app.request('/assets/index-abc123.js', {
      headers: { 'if-none-match': first.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    expectSecurityHeaders(again, '304');
  });

  it('a 413 from the body limit, a 415, and a 429 from a rate limit', async () => {
    const app = appWith();
    const tooLarge = await app.request('/api/reports', post('x'.repeat(100 * 1024)));
    expect(tooLarge.status).toBe(413);
    expectSecurityHeaders(tooLarge, '413');

    const wrongType = await app.request('/api/reports', post('x', { 'content-type': 'text/plain' }));
    expect(wrongType.status).toBe(415);
    expectSecurityHeaders(wrongType, '415');

    const from = { incoming: { socket: { remoteAddress: '203.0.113.77' } } };
    let limited: Response | undefined;
    for (let i = 0; i < 12 && limited?.status !== 429; i++)
      limited = await app.request('/api/reports', post('{}'), from);
    expect(limited!.status).toBe(429);
    expectSecurityHeaders(limited!, '429');
  });

  it('a 500 when something breaks on our side (and no detail leaks)', async () => {
    const broken = {
      ...db,
      kind: 'pglite',
      query: () => Promise.reject(new Error('connection to secret-host:5432 refused')),
    } as unknown as Db;
    const errors: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        errors.push(chunk.toString('utf8'));
        done();
      },
    });
    const res = await appWith({}, broken, createLogger({ level: 'error', format: 'json' }, sink)).request(
      '/api/reports/KNT-0000-0000-0000-0000',
    );
    expect(res.status).toBe(500);
    expectSecurityHeaders(res, '500');
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: expect.any(String) } });
    expect(text).not.toContain('secret-host');
    // the operator's log has the cause; the client does not
    expect(errors.join('')).toContain('secret-host');
  });
});

describe('Strict-Transport-Security', () => {
  const hsts = (res: Response) => res.headers.get('strict-transport-security');

  function expectStrong(value: string | null) {
    expect(value).toBeTruthy();
    const maxAge = Number(/max-age=(\d+)/.exec(value!)?.[1]);
    expect(maxAge).toBeGreaterThanOrEqual(31_536_000);
    expect(value).toMatch(/includeSubDomains/i);
  }

  it('is sent over HTTPS, on HTML, JSON and static files', async () => {
    const app = appWith();
    for (const path of ['/', '/api/health', '/icons/icon-192.png', '/api/nothing']) {
      expectStrong(hsts(await app.request(`https://hub.example.org${path}`)));
    }
  });

  it('is not sent over plain HTTP (a browser ignores it there, and localhost must keep working)', async () => {
    expect(hsts(await appWith().request('http://localhost/'))).toBeNull();
  });

  it('follows X-Forwarded-Proto only from a trusted proxy', async () => {
    const proto = { headers: { 'x-forwarded-proto': 'https' } };
    expectStrong(hsts(await appWith({ TRUST_PROXY: true }).request('http://hub.internal/api/health', proto)));
    expect(hsts(await appWith({ TRUST_PROXY: false }).request('http://hub.internal/api/health', proto))).toBeNull();
  });
});

describe('caching of API answers', () => {
  it('API answers are Cache-Control: no-store unless a route says otherwise', async () => {
    const app = appWith();
    for (const path of ['/api/health', '/api/no-such-thing', '/api/reports/KNT-0000-0000-0000-0000']) {
      expect((await app.request(path)).headers.get('cache-control'), path).toBe('no-store');
    }
    const error = await app.request('/api/reports', post('{'));
    expect(error.headers.get('cache-control')).toBe('no-store');
  });

  it('the app shell is revalidated, hashed assets are immutable', async () => {
    const app = appWith();
    expect((await app.request('/')).headers.get('cache-control')).toBe('no-cache');
    expect((await app.request('/assets/index-abc123.js')).headers.get('cache-control')).toMatch(/immutable/);
  });
});
