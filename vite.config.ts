import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { VitePWA } from 'vite-plugin-pwa';

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const alias = {
  '#contract': fromRoot('./api/contract/index.ts'),
  '#rules': fromRoot('./api/rules'),
  '#content': fromRoot('./content'),
  '#locales': fromRoot('./locales'),
};

/**
 * `content/kent/text/<locale>.json?section=report` is the part of a language's pack text that the report
 * journey and urgent help use, so the report route does not download every entitlement's words
 * (issue 9: report route ≤ 160 KB gzip); `?section=rest` is the remainder. web/app/content.ts loads both
 * and merges them, so no language's words are in two chunks.
 */
export const CONTENT_SECTIONS: Record<string, string[]> = {
  report: ['locale', 'status', 'draftNotice', 'askPa', 'urgentHelp', 'accommodationTypes', 'categories', 'contacts', 'districts'],
  // housing-policy.json?section=categories: all the web uses of that file (deadlines are the server's)
  categories: ['categories'],
};

function contentSections(): Plugin {
  return {
    name: 'content-sections',
    enforce: 'pre',
    load(id) {
      const [path = '', query = ''] = id.split('?');
      const section = new URLSearchParams(query).get('section');
      if (!section || !/\/content\/[^?]*\.json$/.test(path)) return null;
      const text = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      // `rest` is everything the report section leaves out: together they are the whole file, once
      const keys = section === 'rest' ? Object.keys(text).filter((k) => !CONTENT_SECTIONS.report!.includes(k)) : CONTENT_SECTIONS[section];
      if (!keys) this.error(`Unknown content section "${section}" in ${id}`);
      const slice = Object.fromEntries(keys.filter((k) => k in text).map((k) => [k, text[k]]));
      return { code: `export default JSON.parse(${JSON.stringify(JSON.stringify(slice))});`, moduleType: 'js' };
    },
  };
}

export default defineConfig(({ isSsrBuild }) => {
  // `vite build --ssr api/server.ts` bundles the Node server (Node 20 runs no TypeScript, TOOLCHAIN P11).
  // Dependencies stay external and are loaded from node_modules at run time.
  if (isSsrBuild) {
    return {
      root: fromRoot('.'),
      resolve: { alias },
      publicDir: false,
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
    },
    server: { proxy: { '/api': 'http://127.0.0.1:8080', '/open311': 'http://127.0.0.1:8080' } },
    build: {
      outDir: fromRoot('./dist'),
      emptyOutDir: true,
      target: 'es2020',
      // Hashed file names keep immutable caching safe (DESIGN §1).
      assetsInlineLimit: 2048,
    },
    plugins: [
      contentSections(),
      // https://vuejs.org/guide/scaling-up/tooling
      vue(),
      // https://vite-pwa-org.netlify.app/guide/inject-manifest — our own worker in web/service-worker/sw.ts
      VitePWA({
        strategies: 'injectManifest',
        srcDir: 'service-worker',
        filename: 'sw.ts',
        registerType: 'prompt',
        injectRegister: false,
        // the icons are already matched by globPatterns (public/icons): do not list them twice
        includeManifestIcons: false,
        injectManifest: {
          globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,woff2,json,geojson}'],
          // The Ethiopic font is only for Tigrinya readers: fetched and cached when `ti` is chosen.
          // Staff pages (sign-in, dashboard, admin) need the network anyway: care leavers' phones don't
          // download them (about 45 KB brotli, zod included).
          globIgnores: ['**/noto-sans-ethiopic*', '**/assets/Auth*', '**/assets/Dashboard*'],
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
      projects: [
        {
          extends: true,
          test: { name: 'unit', environment: 'happy-dom', include: ['web/**/*.test.ts', 'api/rules/**/*.test.ts'], root: fromRoot('.') },
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
              // the embedded database's own files (lock, corruption, backup) exist only on PGlite
              exclude: ['api/rules/**', ...(engine === 'postgres' ? ['tests/api/data-dir.test.ts', 'tests/api/backup.test.ts'] : [])],
              root: fromRoot('.'),
              env: { TEST_DB_ENGINE: engine },
              testTimeout: 30_000,
              hookTimeout: 60_000,
            },
          })),
        {
          extends: true,
          test: {
            name: 'e2e',
            environment: 'node',
            include: ['tests/e2e/**/*.e2e.ts'],
            root: fromRoot('.'),
            testTimeout: 90_000,
            hookTimeout: 120_000,
            // one browser and one server at a time: 2 cores
            fileParallelism: false,
          },
        },
      ],
    },
  };
});
