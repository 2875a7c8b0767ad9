// Foundation (PWA): a new version waits for the person to press "Reload"; then it takes over.
// The server serves a copy of dist/ (STATIC_DIR) that the test turns into "version 2".
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setupBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';
import en from '../../locales/en.json';

const dist = join(dirname(fileURLToPath(import.meta.url)), '../../dist');
let staticDir: string;
let server: RunningServer;
let b: BrowserSession;

beforeAll(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'clh-dist-'));
  cpSync(dist, staticDir, { recursive: true });
  server = await startServer({ env: { STATIC_DIR: staticDir } });
  b = await setupBrowser();
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
  rmSync(staticDir, { recursive: true, force: true });
});

/** Version 2: a changed index.html, and a service worker whose precache knows it changed. */
function publishVersion2() {
  const indexFile = join(staticDir, 'index.html');
  writeFileSync(
    indexFile,
    readFileSync(indexFile, 'utf8').replace('<head>', '<head><meta name="app-build" content="v2">'),
  );
  const swFile = join(staticDir, 'sw.js');
  const sw = readFileSync(swFile, 'utf8');
  const next = sw.replace(/("revision":")[0-9a-f]+(","url":"index\.html")/, '$1e2e-version-2$2');
  expect(next, 'sw.js precache entry for index.html').not.toBe(sw);
  writeFileSync(swFile, next);
}

const build = () =>
  b.page.evaluate(() => document.querySelector('meta[name="app-build"]')?.getAttribute('content') ?? 'v1');

it('shows "A new version is ready", and Reload switches to it', async () => {
  await b.page.goto(`${server.url}/?lang=en`);
  await b.waitForServiceWorker();
  expect(await build()).toBe('v1');

  publishVersion2();
  await server.restart(); // the server reads its static files at start

  // the page keeps running version 1 until the person agrees
  await b.page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  const prompt = b.page.getByTestId('pwa-update');
  await prompt.waitFor({ timeout: 30_000 });
  expect(await prompt.innerText()).toContain(en.pwa.update_ready);
  expect(await build()).toBe('v1');

  await Promise.all([
    b.page.waitForEvent('load', { timeout: 30_000 }),
    prompt.getByRole('button', { name: en.pwa.reload }).click(),
  ]);
  await expect.poll(build, { timeout: 15_000 }).toBe('v2');
  await b.waitForServiceWorker();
});
