import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};
const COMPRESSIBLE = new Set(
  ['.html', '.js', '.css', '.json', '.geojson', '.webmanifest', '.svg', '.txt', '.map'].map((ext) => TYPES[ext]),
);

export interface StaticFile {
  body: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  type: string;
  etag: string;
  cacheControl: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/**
 * The built PWA is small (about a megabyte), so it is read and compressed once at start-up and served
 * from memory: no per-request disk reads or compression on a cheap server.
 */
export function loadStaticFiles(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const path of walk(root)) {
    const url = '/' + relative(root, path).split(sep).join('/');
    const ext = extname(path);
    // hashed assets and recordings (named by their words) never change; the shell, worker and manifest
    // are revalidated each time.
    const cacheControl = /^\/(assets|audio)\//.test(url) ? 'public, max-age=31536000, immutable' : 'no-cache';
    files.set(url, staticFile(readFileSync(path), TYPES[ext] ?? 'application/octet-stream', cacheControl));
  }
  return files;
}

/** One file as it is served: compressed once (when that is worth it, unless `compress: false`), with its ETag. */
export function staticFile(
  body: Buffer,
  type: string,
  cacheControl: string,
  options: { compress?: boolean } = {},
): StaticFile {
  const compress = options.compress !== false && COMPRESSIBLE.has(type) && body.length > 512;
  return {
    body,
    gzip: compress ? gzipSync(body, { level: 9 }) : undefined,
    br: compress ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }) : undefined,
    type,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    cacheControl,
  };
}

export function serveFile(c: Context, file: StaticFile) {
  const headers: Record<string, string> = {
    'Content-Type': file.type,
    'Cache-Control': file.cacheControl,
    ETag: file.etag,
    Vary: 'Accept-Encoding',
  };
  if (c.req.header('if-none-match') === file.etag) return c.body(null, 304, headers);
  const accepts = c.req.header('accept-encoding') ?? '';
  let body = file.body;
  if (file.br && /\bbr\b/.test(accepts)) {
    body = file.br;
    headers['Content-Encoding'] = 'br';
  } else if (file.gzip && /\bgzip\b/.test(accepts)) {
    body = file.gzip;
    headers['Content-Encoding'] = 'gzip';
  }
  if (c.req.method === 'HEAD') return c.body(null, 200, headers);
  return c.body(new Uint8Array(body), 200, headers);
}
