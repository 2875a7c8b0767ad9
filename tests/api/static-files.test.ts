/**
 * The built app's compressed copies: the build writes them beside the server, a start reads them instead of
 * compressing again, and never serves one that does not unpack to the file as it is now.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeEach, expect, it } from 'vitest';
import { loadStaticFiles, writeCompressedFiles } from '../../api/lib/static-files';

const root = mkdtempSync(join(tmpdir(), 'clh-static-files-'));
const app = join(root, 'dist');
const compressed = join(root, 'compressed');
const script = 'console.log("the app");\n'.repeat(200);
const page = `<!doctype html><title>Hub</title>${'<p>words</p>'.repeat(100)}`;

beforeEach(() => {
  rmSync(app, { recursive: true, force: true });
  mkdirSync(app);
  writeFileSync(join(app, 'app.js'), script);
  writeFileSync(join(app, 'index.html'), page);
  writeFileSync(join(app, 'small.js'), 'let a = 1;'); // too small to be worth compressing
  writeCompressedFiles(app, compressed);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const unpacked = (file: { br?: Buffer; gzip?: Buffer } | undefined) => [
  brotliDecompressSync(file!.br!).toString(),
  gunzipSync(file!.gzip!).toString(),
];
const copyOf = (etag: string, encoding: 'br' | 'gzip') => join(compressed, `${etag.replaceAll('"', '')}.${encoding}`);

it('the build writes a brotli and a gzip copy of each file worth compressing; a start serves them', () => {
  expect(readdirSync(compressed)).toHaveLength(4);
  const etag = loadStaticFiles(app, compressed).get('/app.js')!.etag;
  // other bytes than a start would make, that unpack to the same file: served as they are
  writeFileSync(copyOf(etag, 'br'), brotliCompressSync(script, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }));
  writeFileSync(copyOf(etag, 'gzip'), gzipSync(script, { level: 1 }));
  const file = loadStaticFiles(app, compressed).get('/app.js')!;
  expect(file.br!.equals(readFileSync(copyOf(etag, 'br')))).toBe(true);
  expect(file.gzip!.equals(readFileSync(copyOf(etag, 'gzip')))).toBe(true);
  expect(unpacked(file)).toEqual([script, script]);
});

it('a copy cut short, or one of other bytes under the name, is not served: the file is compressed again', () => {
  const etag = loadStaticFiles(app, compressed).get('/app.js')!.etag;
  const br = readFileSync(copyOf(etag, 'br'));
  writeFileSync(copyOf(etag, 'br'), br.subarray(0, br.length >> 1));
  const pageEtag = loadStaticFiles(app, compressed).get('/index.html')!.etag;
  writeFileSync(copyOf(etag, 'gzip'), readFileSync(copyOf(pageEtag, 'gzip')));
  const files = loadStaticFiles(app, compressed);
  expect(unpacked(files.get('/app.js'))).toEqual([script, script]);
  expect(unpacked(files.get('/index.html'))).toEqual([page, page]);
});

it('a file changed since the build, or no copies at all: compressed at start', () => {
  writeFileSync(join(app, 'app.js'), `${script}// changed\n`);
  expect(unpacked(loadStaticFiles(app, compressed).get('/app.js'))).toEqual([
    `${script}// changed\n`,
    `${script}// changed\n`,
  ]);
  expect(unpacked(loadStaticFiles(app).get('/index.html'))).toEqual([page, page]);
  expect(loadStaticFiles(app, compressed).get('/small.js')!.br).toBeUndefined();
});
