/**
 * `npm run bench`: builds the app, starts the real server on 127.0.0.1 with a fresh database and measures
 * bytes, Lighthouse, API throughput, load, scale and offline behaviour; writes bench/results.md and
 * bench/results.json and refreshes the README's Performance table.
 *
 *   npm run bench                          everything (PostgreSQL too when DATABASE_URL is set)
 *   npm run bench -- --only=bytes,scale    some sections (results files then hold only those)
 *   npm run bench -- --quick               short runs and small data, to try it out (README untouched)
 *   npm run bench -- --no-build            reuse build/bench/ from the last run
 *   npm run bench -- --scale-sizes=10000,100000   other history sizes for the scale section
 *   npm run bench -- --render-only         rewrite results.md and the README table from results.json
 *
 * Misses are reported, not asserted: the exit code is 0 unless the bench itself failed.
 */
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../api/db/client';
import { prepareDatabase } from '../api/db/prepare';
import type { BenchContext } from './lib/context';
import { BENCH_DIST, CHROMIUM_PATH, README, RESULTS_JSON, RESULTS_MD, ROOT } from './lib/paths';
import { renderMarkdown, updateReadme, type BenchResults, type SectionResult } from './lib/results';
import { bytesSection } from './lib/section-bytes';
import { exportSection } from './lib/section-export';
import { lighthouseSection } from './lib/section-lighthouse';
import { loadSection } from './lib/section-load';
import { offlineSection } from './lib/section-offline';
import { scaleSection } from './lib/section-scale';
import { throughputSection } from './lib/section-throughput';
import { BENCH_ENV, buildApp, startServer } from './lib/server';
import { BENCH_COMMISSIONER, createCommissioner, signIn, type StaffSession } from './lib/staff';
import { startTileStub } from './lib/tile-stub';

type SectionFn = (ctx: BenchContext) => Promise<Omit<SectionResult, 'id' | 'title' | 'durationS'>>;
// Run order: the sections that use the main server first; load and scale start servers of their own
// (load checks its database afterwards; scale stops and restarts PGlite between sizes). Output order: by number.
const SECTIONS: { id: string; title: string; run: SectionFn }[] = [
  { id: 'bytes', title: '1. Bytes per route, first visit and precache', run: bytesSection },
  { id: 'lighthouse', title: '2. Lighthouse (mobile preset)', run: lighthouseSection },
  { id: 'offline', title: '5. Offline: queued report and language switch', run: offlineSection },
  { id: 'throughput', title: '3. API throughput (autocannon, loopback)', run: throughputSection },
  { id: 'load', title: '6. Load: 200 concurrent report submissions with photos', run: loadSection },
  { id: 'scale', title: '4. Scale: dashboard summary and published stats by size of history', run: scaleSection },
  { id: 'export', title: '7. CSV export: server memory at 1,000 and 1,000,000 reports', run: exportSection },
];

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const only = argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const quick = flag('quick');
const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** `--render-only`: rewrite results.md and the README table from results.json (no measuring). */
function renderOnly() {
  const results = JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as BenchResults;
  writeFileSync(RESULTS_MD, renderMarkdown(results));
  log(`rewrote ${RESULTS_MD} from ${RESULTS_JSON}`);
  if (!results.meta.command.includes('--'))
    log(
      updateReadme(README, results) ? 'README Performance table updated' : 'README has no bench markers: not updated',
    );
}

async function main() {
  if (flag('render-only')) return renderOnly();
  const started = Date.now();
  const loadAverageAtStart = loadavg();
  const chosen = SECTIONS.filter((s) => !only || only.includes(s.id));
  if (chosen.length === 0) throw new Error(`--only: no such section (${SECTIONS.map((s) => s.id).join(', ')})`);
  const databaseUrl = process.env.DATABASE_URL || undefined;

  if (!flag('no-build')) {
    log('building the web app and the server into build/bench/ …');
    buildApp();
  }

  const tiles = await startTileStub();
  BENCH_ENV.TILE_URL = tiles.template;

  // The main server: PGlite in a fresh directory, with a commissioner written before it starts
  // (PGlite has one owner at a time, api/db/data-dir-lock.ts).
  const dataDir = mkdtempSync(join(tmpdir(), 'clh-bench-main-'));
  let password: string | null = null;
  {
    const db = await openPglite(dataDir);
    try {
      await prepareDatabase(db);
      password = await createCommissioner(db).catch((error: unknown) => {
        log(`no commissioner could be made (${String(error)}): the dashboard will be measured signed out`);
        return null;
      });
    } finally {
      await db.close();
    }
  }
  const server = await startServer({ dataDir });
  log(`server on ${server.url} (PGlite in ${dataDir})`);
  let session: Promise<StaffSession | null> | undefined;
  const ctx: BenchContext = {
    quick,
    distDir: BENCH_DIST,
    server,
    databaseUrl,
    log,
    option: (name) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3),
    staffSession: () =>
      (session ??= password
        ? signIn(server.url, BENCH_COMMISSIONER.email, password).catch((error: unknown) => {
            log(`sign-in failed: ${String(error)}`);
            return null;
          })
        : Promise.resolve(null)),
  };

  const sections: SectionResult[] = [];
  try {
    for (const s of chosen) {
      log(`── ${s.title}`);
      const t = Date.now();
      try {
        const result = await s.run(ctx);
        sections.push({ id: s.id, title: s.title, durationS: (Date.now() - t) / 1000, ...result });
      } catch (error) {
        console.error(error);
        sections.push({
          id: s.id,
          title: s.title,
          durationS: (Date.now() - t) / 1000,
          figures: [],
          tables: [],
          notes: [],
          error: String(error),
        });
      }
      log(`   ${s.id} done in ${Math.round((Date.now() - t) / 1000)} s`);
    }
  } finally {
    await server.dispose();
    rmSync(dataDir, { recursive: true, force: true });
    await tiles.close();
  }

  sections.sort((a, b) => parseInt(a.title, 10) - parseInt(b.title, 10));
  const results: BenchResults = {
    meta: {
      date: new Date().toISOString(),
      commit: gitCommit(),
      command: `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
      node: process.versions.node,
      chromium: chromiumVersion(),
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
      memoryGb: Math.round(totalmem() / 1024 ** 3),
      loadAverageAtStart,
      engines: databaseUrl ? ['PGlite', 'PostgreSQL'] : ['PGlite'],
      durationS: (Date.now() - started) / 1000,
    },
    sections,
  };
  writeFileSync(RESULTS_JSON, JSON.stringify(results, null, 2) + '\n');
  writeFileSync(RESULTS_MD, renderMarkdown(results));
  log(`wrote ${RESULTS_MD} and ${RESULTS_JSON} (${Math.round(results.meta.durationS)} s in all)`);
  if (!quick && !only)
    log(
      updateReadme(README, results) ? 'README Performance table updated' : 'README has no bench markers: not updated',
    );
  if (sections.some((s) => s.error)) process.exitCode = 1;
}

function gitCommit(): string {
  try {
    const sha = execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', { cwd: ROOT, encoding: 'utf8' }).trim()
      ? ' + uncommitted changes'
      : '';
    return sha + dirty;
  } catch {
    return 'unknown';
  }
}

function chromiumVersion(): string {
  try {
    return execSync(`${CHROMIUM_PATH} --version`, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'Chromium (version unknown)';
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
