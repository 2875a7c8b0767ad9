import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, found by walking up from this file: the same answer whether this runs from
 * bench/lib/ (vitest) or bundled into build/bench/runner/ (npm run bench).
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'care-leaver-hub')
      return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: cannot find the repository root (package.json "care-leaver-hub")');
    dir = up;
  }
}

export const ROOT = findRoot();
/** The bench builds its own copy of the app, so it never races other processes using dist/ and build/server/. */
export const BENCH_BUILD = join(ROOT, 'build/bench');
export const BENCH_DIST = join(BENCH_BUILD, 'dist');
export const BENCH_SERVER = join(BENCH_BUILD, 'server/server.js');
export const RESULTS_MD = join(ROOT, 'bench/results.md');
export const RESULTS_JSON = join(ROOT, 'bench/results.json');
export const README = join(ROOT, 'README.md');
export const CHROMIUM_PATH = '/usr/bin/chromium';
/** The flags used for both Lighthouse and Playwright. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
