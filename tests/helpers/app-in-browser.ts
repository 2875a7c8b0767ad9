/** The built server on a fresh data dir and one browser at a phone's size, for a browser test that needs no more. */
import { afterAll, beforeAll } from 'vitest';
import { setupBrowser, type BrowserSession } from './browser';
import { startServer, type RunningServer } from './server';

/** Starts both once for the calling file (in beforeAll) and stops them after it; read them in the tests. */
export function startAppInBrowser() {
  const started = {} as { server: RunningServer; b: BrowserSession };
  beforeAll(async () => {
    started.server = await startServer();
    started.b = await setupBrowser();
  });
  afterAll(async () => {
    await started.b?.close();
    await started.server?.stop();
  });
  return started;
}
