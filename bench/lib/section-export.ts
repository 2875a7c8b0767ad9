/**
 * Section 7: the CSV export's memory. The server streams the export a page at a time, so exporting
 * 1,000,000 reports should need no more memory than 1,000. Each size gets a fresh server process (PGlite,
 * seeded by seed.ts while it is stopped); the figure is the process's peak resident memory (VmHWM) after
 * downloading the whole export, beside the peak before the download.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../../api/db/client';
import { prepareDatabase } from '../../api/db/prepare';
import type { BenchContext } from './context';
import { figure, type SectionResult } from './results';
import { seedReports } from './seed';
import { startServer } from './server';
import { BENCH_COMMISSIONER, createCommissioner, signIn } from './staff';

/** Peak resident memory of a process so far, in bytes (Linux /proc). */
function peakRss(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}

interface Run {
  reports: number;
  rows: number;
  mib: number;
  seconds: number;
  peakBeforeMiB: number;
  peakAfterMiB: number;
}

const MiB = 1024 * 1024;

async function exportOnce(dataDir: string, password: string, reports: number): Promise<Run> {
  const server = await startServer({ dataDir });
  try {
    const session = await signIn(server.url, BENCH_COMMISSIONER.email, password);
    const peakBefore = peakRss(server.pid());
    const started = performance.now();
    const res = await fetch(`${server.url}/api/dashboard/export.csv?from=2000-01`, {
      headers: { cookie: session.header },
    });
    if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}`);
    let bytes = 0;
    let lines = 0;
    // counted as it arrives, never kept: the bench process must not be what holds the export
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const b of chunk) if (b === 10) lines++;
    }
    return {
      reports,
      rows: lines - 1,
      mib: bytes / MiB,
      seconds: (performance.now() - started) / 1000,
      peakBeforeMiB: peakBefore / MiB,
      peakAfterMiB: peakRss(server.pid()) / MiB,
    };
  } finally {
    await server.stop();
  }
}

export async function exportSection(ctx: BenchContext): Promise<Omit<SectionResult, 'id' | 'title' | 'durationS'>> {
  const sizes = ctx.quick ? [1_000, 20_000] : [1_000, 1_000_000];
  const dataDir = mkdtempSync(join(tmpdir(), 'clh-bench-export-'));
  const runs: Run[] = [];
  try {
    let seeded = 0;
    let password = '';
    for (const size of sizes) {
      const db = await openPglite(dataDir);
      try {
        if (seeded === 0) {
          await prepareDatabase(db);
          password = await createCommissioner(db);
        }
        const seed = await seedReports(db, seeded + 1, size);
        ctx.log(`   export: seeded to ${size.toLocaleString('en-GB')} reports in ${seed.wallS.toFixed(0)} s`);
        seeded = size;
      } finally {
        await db.close();
      }
      const run = await exportOnce(dataDir, password, size);
      ctx.log(
        `   export of ${run.rows.toLocaleString('en-GB')} rows: ${run.mib.toFixed(1)} MiB in ${run.seconds.toFixed(1)} s, peak RSS ${run.peakBeforeMiB.toFixed(0)} → ${run.peakAfterMiB.toFixed(0)} MiB`,
      );
      if (run.rows !== size) throw new Error(`the export of ${size} reports held ${run.rows} rows`);
      runs.push(run);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const [small, large] = [runs[0]!, runs.at(-1)!];
  return {
    figures: [
      figure(
        `export.peakRss.${small.reports}`,
        `CSV export of ${small.reports.toLocaleString('en-GB')} reports: server peak RSS`,
        Math.round(small.peakAfterMiB),
        'MiB',
      ),
      figure(
        `export.peakRss.${large.reports}`,
        `CSV export of ${large.reports.toLocaleString('en-GB')} reports: server peak RSS`,
        Math.round(large.peakAfterMiB),
        'MiB',
        {
          op: '<=',
          value: Math.round(small.peakAfterMiB * 1.25),
        },
      ),
    ],
    tables: [
      {
        title: 'CSV export (PGlite, one fresh server process per size)',
        head: ['reports', 'rows', 'size', 'time', 'peak RSS before', 'peak RSS after'],
        rows: runs.map((r) => [
          r.reports.toLocaleString('en-GB'),
          r.rows.toLocaleString('en-GB'),
          `${r.mib.toFixed(1)} MiB`,
          `${r.seconds.toFixed(1)} s`,
          `${r.peakBeforeMiB.toFixed(0)} MiB`,
          `${r.peakAfterMiB.toFixed(0)} MiB`,
        ]),
      },
    ],
    notes: [
      'Goal: the peak for the largest export is within 25 % of the peak for 1,000 reports (memory does not grow with the rows: the export is read by key a page at a time and streamed).',
    ],
    data: runs,
  };
}
