/**
 * The content studio's browser tests share one set-up: a data folder with an editor and a translator for
 * Arabic, the real server on it, a phone (390 × 844, `b`) and a staff laptop (1366 × 768, `staff`), and
 * signing in as either. Screenshots go to SHOTS for a person to look at.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import en from '../../locales/en.json';
import { openPglite } from '../../api/db/client';
import { setupBrowser, type BrowserSession } from './browser';
import { oncePerFile } from './once-per-file';
import { freshDataDir, startServer, type RunningServer } from './server';
import { createStaff, STAFF_PASSWORD } from './staff';

export const EDITOR = 'editor@kent.example.test';
export const TRANSLATOR = 'translator@kent.example.test';
export const SHOTS = join(tmpdir(), 'clh-screenshots');

export interface StudioSession {
  server: RunningServer;
  b: BrowserSession;
  staffContext: BrowserContext;
  staff: Page;
  /** Signs the laptop in as `email` (cookies of the one before cleared); lands on the studio list. */
  signInAs(email: string): Promise<void>;
  close(): Promise<void>;
}

export async function startStudio(): Promise<StudioSession> {
  const dataDir = await freshDataDir();
  const db = await openPglite(dataDir);
  try {
    await createStaff(db, { email: EDITOR, role: 'editor' });
    await createStaff(db, { email: TRANSLATOR, role: 'translator', languages: ['ar'] });
  } finally {
    await db.close();
  }
  const server = await startServer({ dataDir });
  // axe is injected as a script, which the app's CSP would block: bypassed in tests only
  const b = await setupBrowser({ bypassCSP: true });
  const staffContext = await b.browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  const staff = await staffContext.newPage();
  mkdirSync(SHOTS, { recursive: true });
  return {
    server,
    b,
    staffContext,
    staff,
    async signInAs(email) {
      await staffContext.clearCookies();
      await staff.goto(`${server.url}/staff/sign-in?lang=en`);
      await staff.getByLabel(en.auth.sign_in.email).fill(email);
      await staff.getByLabel(en.auth.sign_in.password).fill(STAFF_PASSWORD);
      await staff.getByRole('button', { name: en.auth.sign_in.submit }).click();
      // signing in hashes the password on purpose slowly; on a loaded machine that takes a while
      await staff.waitForURL(/\/studio$/, { timeout: 60_000 });
    },
    async close() {
      await staffContext.close();
      await b.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the studio once for the calling test file (in beforeAll) and closes it in afterAll. Its parts are
 * read when a test runs, after the start.
 */
export function startStudioOnce(): StudioSession {
  const now = oncePerFile('the studio', startStudio);
  return {
    get server() {
      return now().server;
    },
    get b() {
      return now().b;
    },
    get staffContext() {
      return now().staffContext;
    },
    get staff() {
      return now().staff;
    },
    signInAs: (email) => now().signInAs(email),
    close: () => now().close(),
  };
}
