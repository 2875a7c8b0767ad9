/**
 * `npm start` as a service manager runs it: a SIGTERM to the npm process stops the server too. npm passes
 * the signal to its script's shell; the script `exec`s Node so that shell is not left in between, and
 * scripts/start.mjs passes it on to the server.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { exited, freePort, waitForHealth } from '../../bench/lib/server';

const dataDir = mkdtempSync(join(tmpdir(), 'clh-npm-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('a SIGTERM to `npm start` stops the server it started', async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const npm = spawn('npm', ['start'], {
    cwd: join(import.meta.dirname, '../..'),
    env: { ...process.env, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  npm.stdout.on('data', (d) => (log += d));
  npm.stderr.on('data', (d) => (log += d));
  await waitForHealth(url, npm, () => log, 90_000);

  npm.kill('SIGTERM');
  await exited(npm);
  // the server's port closes: nothing was left running behind npm
  await expect
    .poll(
      () =>
        fetch(`${url}/api/health`).then(
          () => 'answering',
          () => 'stopped',
        ),
      { timeout: 20_000 },
    )
    .toBe('stopped');
});
