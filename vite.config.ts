import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { baseCompile } from '@intlify/message-compiler';
import vue from '@vitejs/plugin-vue';
import { VitePWA } from 'vite-plugin-pwa';
import { zipMessages } from './locales/zip-messages.ts';
import { recordedAudio } from './scripts/recorded-audio.ts';
import { compressedDist } from './scripts/compressed-dist.ts';
import { staffChunks } from './scripts/staff-chunks.ts';

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// `#contract` is the contract's index; `#contract/<file>` one file of it (the web app imports single files to
// keep its chunks small); `#rules/<file>` the pure functions shared by the phone and the server
const alias = [
  { find: /^#contract$/, replacement: fromRoot('./api/contract/index.ts') },
  { find: /^#contract\/(.*)$/, replacement: `${fromRoot('./api/contract/')}$1` },
  { find: '#rules', replacement: fromRoot('./api/rules') },
  { find: '#content', replacement: fromRoot('./content') },
  { find: '#locales', replacement: fromRoot('./locales') },
];

/**
 * Parts of a JSON file, imported as `<file>.json?section=<name>`, so that a page downloads only the words
 * it shows; `?section=rest` is the file without its named sections, so together they are the whole file, once.
 * - content/kent/text/<locale>.json?section=report: the words the report journey and urgent help use, so the
 *   report route does not download every entitlement's words (the report route's budget is 160 KB gzip);
 *   web/app/content.ts loads the rest. housing-policy.json?section=categories: all the web uses of that
 *   file (deadlines are the server's).
 * - locales/<locale>.json?section=staff: the words of the pages that need the network anyway (staff sign-in,
 *   dashboard, admin, and the published figures, which reuse the dashboard's table headings). Their chunks
 *   are named staff-words-* and left out of the precache (web/app/i18n.ts).
 */
export const SECTIONS: Record<'content' | 'locales', Record<string, string[]>> = {
  content: {
    report: [
      'locale',
      'status',
      'draftNotice',
      'askPa',
      'urgentHelp',
      'accommodationTypes',
      'categories',
      'contacts',
      'districts',
    ],
    categories: ['categories'],
  },
  // `questions`: the eligibility questions and visit mode, loaded by those pages (precached, unlike staff words);
  // `reports`: "My reports" (following, answers, deadlines), loaded by the report pages (precached too)
  locales: {
    staff: ['auth', 'api_keys', 'dashboard', 'pa', 'stats', 'studio'],
    questions: ['check', 'visit'],
    reports: ['my_reports'],
  },
};

const staff = staffChunks();

/** A language file: its keys are the same in every language of its folder. */
const LANGUAGE_FILE = /\/(locales|content\/kent\/text)\/[^/?]+\.json$/;
const SHAPE_ID = '\0message-shape:';

function jsonSections(): Plugin {
  const slice = (path: string, section: string, sections: Record<string, string[]>) => {
    const text = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const named = Object.values(sections).flat();
    const keys = section === 'rest' ? Object.keys(text).filter((k) => !named.includes(k)) : sections[section];
    if (!keys) throw new Error(`Unknown section "${section}" in ${path}`);
    return Object.fromEntries(keys.filter((k) => k in text).map((k) => [k, text[k]]));
  };
  // a language's section, zipped with the same section of every other language in its folder (English first)
  // nine modules (eight languages and their shape) need each folder's section zipped: once, until a file changes
  const zips = new Map<string, { stamp: string; files: string[]; zip: ReturnType<typeof zipMessages> }>();
  const zipped = (path: string, section: string, sections: Record<string, string[]>) => {
    const dir = dirname(path);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort((a, b) => Number(b === 'en.json') - Number(a === 'en.json') || a.localeCompare(b));
    const stamp = files.map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}`).join('|');
    let cached = zips.get(`${dir}|${section}`);
    if (cached?.stamp !== stamp) {
      cached = { stamp, files, zip: zipMessages(files.map((f) => slice(join(dir, f), section, sections))) };
      zips.set(`${dir}|${section}`, cached);
    }
    return { shape: cached.zip.shape, values: cached.zip.values[cached.files.indexOf(basename(path))]! };
  };
  let building = false;
  return {
    name: 'json-sections',
    enforce: 'pre',
    configResolved(config) {
      building = config.command === 'build' && !config.build.ssr;
    },
    resolveId(id) {
      return id.startsWith(SHAPE_ID) ? id : null;
    },
    load(id) {
      if (id.startsWith(SHAPE_ID)) {
        const [folder = '', path = '', section = ''] = id.slice(SHAPE_ID.length).split('|');
        const { shape } = zipped(path, section, SECTIONS[folder as keyof typeof SECTIONS]);
        return { code: `export default JSON.parse(${JSON.stringify(JSON.stringify(shape))});`, moduleType: 'js' };
      }
      const [path = '', query = ''] = id.split('?');
      const section = new URLSearchParams(query).get('section');
      const folder = /\/(content|locales)\/[^?]*\.json$/.exec(path)?.[1] as keyof typeof SECTIONS | undefined;
      if (!section || !folder) return null;
      const sections = SECTIONS[folder];
      if (!LANGUAGE_FILE.test(path)) {
        const code = `export default JSON.parse(${JSON.stringify(JSON.stringify(slice(path, section, sections)))});`;
        return { code, moduleType: 'js' };
      }
      // every language imports the same shape module (its English file's path names it), so it is one chunk
      const shapeId = `${SHAPE_ID}${folder}|${join(dirname(path), 'en.json')}|${section}`;
      const { values } = zipped(path, section, sections);
      const unzip = `import { unzipMessages } from ${JSON.stringify(fromRoot('./locales/zip-messages.ts'))};`;
      if (!building) {
        const inline = `export default unzipMessages(shape, JSON.parse(${JSON.stringify(JSON.stringify(values))}));`;
        return { code: [`import shape from ${JSON.stringify(shapeId)};`, unzip, inline].join('\n'), moduleType: 'js' };
      }
      // built: the strings are a gzip file of their own (locales/read-words.ts); its name starts like the
      // chunk's would, so staff words stay `staff-*` and out of the precache
      const locale = basename(path, '.json');
      const ref = this.emitFile({
        type: 'asset',
        name: `${section === 'staff' ? 'staff-words-' : ''}${locale}-${folder === 'content' ? 'text-' : ''}${section}.words`,
        source: gzipSync(JSON.stringify(section === 'staff' ? values.map(compiledMessage) : values), { level: 9 }),
      });
      const code = [
        `import shape from ${JSON.stringify(shapeId)};`,
        unzip,
        `import { readWords } from ${JSON.stringify(fromRoot('./locales/read-words.ts'))};`,
        `export default readWords(import.meta.ROLLUP_FILE_URL_${ref}).then((values) => unzipMessages(shape, values));`,
      ].join('\n');
      return { code, moduleType: 'js' };
    },
  };
}

/**
 * A staff page's words arrive compiled, as the tree vue-i18n would otherwise build from each message the
 * first time a page shows it: on a slow phone that parsing was a fifth of the dashboard's first render. A
 * young person's words stay plain strings: smaller to keep offline, and their pages show few at a time.
 */
function compiledMessage(message: string | null): unknown {
  return message === null ? null : baseCompile(message, { location: false, jit: true, minify: true }).ast;
}

/**
 * Pages the server names their own files in, as `<link rel="modulepreload">` and preload links in the page it
 * sends (api/lib/route-hints.ts): the browser then fetches them alongside the main script, where it would
 * otherwise find them one after the other (main script, then the route's guard, then the page and its
 * words). Only staff pages are listed, so a young person's first page downloads nothing more. The keys are
 * modules as the bundler names them from web/; a page lists the sign-in store its guard loads, its words
 * and English's (always loaded, as the fallback).
 */
const ROUTE_HINTS: Record<string, string[]> = {
  '/dashboard': [
    'features/dashboard/DashboardPage.vue',
    'features/auth/auth.store.ts',
    '../locales/en.json?section=staff',
    '../locales/en.json?section=rest',
  ],
};
export const ROUTE_HINTS_FILE = 'route-hints.json';

function routeHints(root: string): Plugin {
  return {
    name: 'route-hints',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((f) => (f.type === 'chunk' ? [f] : []));
      const entry = chunks.find((c) => c.isEntry);
      // what index.html already loads needs no second hint
      const inPage = new Set([entry?.fileName, ...(entry?.imports ?? [])]);
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const hints: Record<string, { modules: string[]; styles: string[]; fetches: string[] }> = {};
      for (const [path, modules] of Object.entries(ROUTE_HINTS)) {
        const found = new Set<string>();
        const visit = (file: string) => {
          if (found.has(file) || inPage.has(file)) return;
          found.add(file);
          for (const next of byFile.get(file)?.imports ?? []) visit(next);
        };
        for (const id of modules) {
          // a module the bundler put into a shared chunk has no chunk of its own
          const chunk = chunks.find((c) => c.moduleIds.includes(join(root, id)));
          if (!chunk) throw new Error(`route hints for ${path}: no chunk for ${id}`);
          visit(chunk.fileName);
        }
        const files = [...found];
        const styles = files.flatMap((f) => [...(byFile.get(f)?.viteMetadata?.importedCss ?? [])]);
        // the words' own files, which their chunks fetch (locales/read-words.ts)
        const fetches = files.flatMap((f) => [...(byFile.get(f)?.viteMetadata?.importedAssets ?? [])]);
        const url = (f: string) => `/${f}`;
        hints[path] = { modules: files.map(url), styles: styles.map(url), fetches: fetches.map(url) };
      }
      this.emitFile({ type: 'asset', fileName: ROUTE_HINTS_FILE, source: JSON.stringify(hints, null, 1) });
    },
  };
}

export default defineConfig(({ isSsrBuild }) => {
  // `vite build --ssr api/server.ts` bundles the Node server (Node 20 runs no TypeScript).
  // Dependencies stay external and are loaded from node_modules at run time.
  if (isSsrBuild) {
    return {
      root: fromRoot('.'),
      resolve: { alias },
      publicDir: false,
      plugins: [compressedDist()],
      build: { outDir: 'build/server', emptyOutDir: true, target: 'node20', sourcemap: true, copyPublicDir: false },
    };
  }

  return {
    root: fromRoot('./web'),
    envDir: fromRoot('.'),
    resolve: { alias },
    // vue-i18n: Composition API only, no legacy API or devtools hooks (smaller first page). Its message
    // compiler in v11 compiles to an AST and interprets it (JIT): no eval / new Function, so the CSP holds.
    define: {
      __VUE_I18N_FULL_INSTALL__: 'true',
      __VUE_I18N_LEGACY_API__: 'false',
      __INTLIFY_PROD_DEVTOOLS__: 'false',
      // every component is a <script setup> one: Vue's options API is code a phone would parse for nothing
      __VUE_OPTIONS_API__: 'false',
    },
    server: { proxy: { '/api': 'http://127.0.0.1:8080', '/open311': 'http://127.0.0.1:8080' } },
    build: {
      outDir: fromRoot('./dist'),
      emptyOutDir: true,
      target: 'es2020',
      // Hashed file names keep immutable caching safe: a changed file gets a new name.
      assetsInlineLimit: 2048,
      rolldownOptions: {
        // recording read-aloud audio (scripts/recorded-audio.ts) is most of a fresh build's time, by design
        checks: { bundlerTimings: false },
        output: {
          chunkFileNames: (chunk) =>
            chunk.facadeModuleId?.includes('section=staff')
              ? 'assets/staff-words-[name]-[hash].js'
              : staff.chunkFileName(chunk),
          assetFileNames: staff.assetFileName,
        },
      },
    },
    plugins: [
      jsonSections(),
      staff.plugin,
      routeHints(fromRoot('./web')),
      recordedAudio(fromRoot('.')),
      // https://vuejs.org/guide/scaling-up/tooling
      vue(),
      // https://vite-pwa-org.netlify.app/guide/inject-manifest — our own worker in web/service-worker/sw.ts
      VitePWA({
        strategies: 'injectManifest',
        srcDir: 'service-worker',
        filename: 'sw.ts',
        registerType: 'prompt',
        injectRegister: false,
        // the manifest's icons are not precached (see globIgnores)
        includeManifestIcons: false,
        injectManifest: {
          // one classic script (the worker is registered as a classic worker); the plugin's module build asks
          // the bundler for an option it has deprecated
          rollupFormat: 'iife',
          globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,woff2,json,words}'],
          // Staff pages (sign-in, dashboard, a PA's reports, admin: `staff-*`, see scripts/staff-chunks.ts), their words
          // and the dashboard's county map need the network anyway: care leavers' phones don't download them
          // (about 70 KB brotli: zod, 8 languages' staff words and the overview boundaries included).
          // The big app icons are fetched by the browser itself when the app is installed; the 192 px one is
          // precached, because the phone asks for it again (home screen, task switcher) offline too.
          // The contract's shared chunk (zod and every schema, 111 KiB) is loaded only by staff pages, which
          // validate forms with it; young people's pages use plain values and never import it.
          globIgnores: [
            '**/assets/staff-*',
            '**/assets/contract-*',
            '**/assets/districts-overview*',
            ROUTE_HINTS_FILE,
            'icons/icon-512.png',
            'icons/icon-maskable-512.png',
          ],
        },
        manifest: {
          name: 'Care Leaver Hub — Kent',
          short_name: 'Care Leaver Hub',
          description: 'What you can get as a care leaver in Kent, and a safe way to report problems with your home.',
          lang: 'en-GB',
          start_url: '/',
          scope: '/',
          display: 'standalone',
          theme_color: '#1d3557',
          background_color: '#ffffff',
          icons: [
            { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
            { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
            { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          ],
        },
      }),
    ],
    test: {
      root: fromRoot('.'),
      // Most test files spend their time waiting on other processes (servers, Chromium, the CLI, PostgreSQL):
      // two at a time on two cores, where the default would be one. Browser files too: each starts its own server
      // on a free port with its own data dir and its own Chromium, so two never share state.
      maxWorkers: 2,
      // one process runs file after file (each file still gets a fresh environment and its own database, app
      // and servers): loading the modules again for each file was a third of an API file's CPU, and more than
      // half of a unit file's. Browser files keep a process each: they gained little, and a browser or server
      // a failed file left running would otherwise live on into the next file.
      isolate: false,
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            environment: 'happy-dom',
            include: ['web/**/*.test.ts', 'api/rules/**/*.test.ts'],
            root: fromRoot('.'),
          },
        },
        {
          extends: true,
          test: { name: 'content', environment: 'node', include: ['tests/content/**/*.test.ts'], root: fromRoot('.') },
        },
        // The API suite runs on PGlite always, and again on PostgreSQL when TEST_DATABASE_URL is set (CI).
        ...(['pglite', 'postgres'] as const)
          .filter((engine) => engine === 'pglite' || process.env.TEST_DATABASE_URL)
          .map((engine) => ({
            extends: true as const,
            test: {
              name: engine === 'pglite' ? 'api' : 'api-postgres',
              environment: 'node',
              include: ['tests/api/**/*.test.ts', 'api/**/*.test.ts'],
              // the embedded database's own files (lock, corruption, backup, the TOTP key file beside it)
              // exist only on PGlite: those files start the built server and CLI on a DATA_DIR whatever the engine
              exclude: [
                'api/rules/**',
                ...(engine === 'postgres'
                  ? [
                      'tests/api/data-dir.test.ts',
                      'tests/api/backup.test.ts',
                      'tests/api/totp-key.test.ts',
                      'tests/api/content-transfer.test.ts',
                      'tests/api/npm-start.test.ts',
                    ]
                  : ['tests/api/pg-backup.test.ts']),
              ],
              root: fromRoot('.'),
              env: { TEST_DB_ENGINE: engine },
              // what a module keeps between calls is keyed by its database (api/modules/content/content.queries.ts)
              // tests that start servers and CLIs share 2 cores with a browser file: slow, not stuck
              testTimeout: 60_000,
              hookTimeout: 90_000,
            },
          })),
        {
          extends: true,
          test: {
            name: 'e2e',
            environment: 'node',
            include: ['tests/e2e/**/*.e2e.ts'],
            root: fromRoot('.'),
            globalSetup: ['tests/helpers/chromium-setup.ts'],
            isolate: true,
            // a step the page takes (a save, a send, a redraw) may take seconds while both cores are busy with
            // another browser file: a poll waits for it that long, not vitest's default second
            expect: { poll: { timeout: 15_000 } },
            testTimeout: 90_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  };
});
