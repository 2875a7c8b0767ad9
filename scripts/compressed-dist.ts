import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { writeCompressedFiles } from '../api/lib/static-files.ts';

const dist = fileURLToPath(new URL('../dist', import.meta.url));

/**
 * The server's build writes dist/ compressed (brotli, gzip) to build/server/compressed, so that a start reads
 * it instead of compressing the app again (seconds of CPU each time: api/lib/static-files.ts). Only for the server, and
 * only when dist/ is there (`npm run build` makes the web app first).
 */
export function compressedDist(): Plugin {
  let outDir = '';
  let server = false;
  return {
    name: 'compressed-dist',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
      server = String(config.build.ssr).endsWith('api/server.ts');
    },
    closeBundle() {
      if (server && existsSync(join(dist, 'index.html'))) writeCompressedFiles(dist, join(outDir, 'compressed'));
    },
  };
}
