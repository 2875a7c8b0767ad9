import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
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
 * from memory: no per-request disk reads or compression on a cheap server. Brotli at quality 11 costs
 * seconds of CPU for the whole app, so the build compresses it beside the server (`writeCompressedFiles`)
 * and a start only reads that: `compressedDir` is the folder; a file it lacks (another STATIC_DIR, a newer
 * dist/) is compressed here.
 */
export function loadStaticFiles(root: string, compressedDir?: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const path of walk(root)) {
    const url = '/' + relative(root, path).split(sep).join('/');
    const ext = extname(path);
    // hashed assets and recordings (named by their words) never change; the shell, worker and manifest
    // are revalidated each time.
    const cacheControl = /^\/(assets|audio)\//.test(url) ? 'public, max-age=31536000, immutable' : 'no-cache';
    const type = TYPES[ext] ?? 'application/octet-stream';
    files.set(url, staticFile(readFileSync(path), type, cacheControl, { compressedDir }));
  }
  return files;
}

const hashOf = (body: Buffer) => createHash('sha256').update(body).digest('base64url').slice(0, 22);
const worthCompressing = (body: Buffer, type: string) => COMPRESSIBLE.has(type) && body.length > 512;
const ENCODINGS = {
  gzip: { pack: (body: Buffer) => gzipSync(body, { level: 9 }), unpack: gunzipSync },
  br: {
    pack: (body: Buffer) => brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    unpack: brotliDecompressSync,
  },
} as const;
type Encoding = keyof typeof ENCODINGS;

/**
 * One file as it is served: compressed once (when that is worth it, unless `compress: false`), with its
 * ETag; `compressedDir`: where the build's compressed copies are (loadStaticFiles).
 */
export function staticFile(
  body: Buffer,
  type: string,
  cacheControl: string,
  options: { compress?: boolean; compressedDir?: string } = {},
): StaticFile {
  const hash = hashOf(body);
  const { compressedDir } = options;
  const compressed = (encoding: Encoding) =>
    (compressedDir && builtCopy(compressedDir, hash, encoding, body)) || ENCODINGS[encoding].pack(body);
  const compress = options.compress !== false && worthCompressing(body, type);
  return {
    body,
    gzip: compress ? compressed('gzip') : undefined,
    br: compress ? compressed('br') : undefined,
    type,
    etag: `"${hash}"`,
    cacheControl,
  };
}

/**
 * The build's compressed copy of `body`, named by its hash; only when it unpacks to the same bytes (a file
 * cut short by a full disk must not be served), which costs milliseconds where compressing costs seconds.
 */
function builtCopy(dir: string, hash: string, encoding: Encoding, body: Buffer): Buffer | undefined {
  const path = join(dir, `${hash}.${encoding}`);
  if (!existsSync(path)) return undefined;
  const copy = readFileSync(path);
  try {
    return ENCODINGS[encoding].unpack(copy).equals(body) ? copy : undefined;
  } catch {
    return undefined;
  }
}

/** At build time: both compressions of every file of `root` the server compresses, into `dir` (emptied first). */
export function writeCompressedFiles(root: string, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const path of walk(root)) {
    const body = readFileSync(path);
    if (!worthCompressing(body, TYPES[extname(path)] ?? '')) continue;
    const hash = hashOf(body);
    for (const encoding of Object.keys(ENCODINGS) as Encoding[])
      writeFileSync(join(dir, `${hash}.${encoding}`), ENCODINGS[encoding].pack(body));
  }
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
