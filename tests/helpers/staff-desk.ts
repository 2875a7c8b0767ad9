/**
 * The built server with these staff accounts, a phone (`b`, for the young person's side) and a member of
 * staff's own browser profile at a laptop's size (`context`, `page`), for the staff pages' browser tests.
 * axe is injected as a script on the laptop, past the app's CSP. Screenshots go to SHOTS.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { setupBrowser, type BrowserSession } from './browser';
import { startServerWithStaff, type RunningServer } from './server';

export const SHOTS = join(tmpdir(), 'clh-screenshots');

/** Starts all of it once for the calling file (in beforeAll) and stops it after; read the parts in the tests. */
export function startStaffDesk(accounts: Parameters<typeof startServerWithStaff>[0]) {
  const desk = {} as { server: RunningServer; b: BrowserSession; context: BrowserContext; page: Page };
  let dataDir: string | undefined;
  beforeAll(async () => {
    ({ server: desk.server, dataDir } = await startServerWithStaff(accounts));
    desk.b = await setupBrowser();
    desk.context = await desk.b.browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
    desk.page = await desk.context.newPage();
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await desk.context?.close();
    await desk.b?.close();
    await desk.server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return desk;
}
