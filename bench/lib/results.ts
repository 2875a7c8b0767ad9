/**
 * The shape of bench/results.json, and its rendering as bench/results.md and as the README's
 * "Performance" table (between <!-- bench:start --> and <!-- bench:end -->).
 */
import { readFileSync, writeFileSync } from 'node:fs';

export type Op = '<=' | '>=' | '=';

/** One measured figure, with its goal when it has one. `value: null` = could not be measured (see note). */
export interface Figure {
  id: string;
  label: string;
  value: number | null;
  unit: string;
  goal?: { op: Op; value: number };
  /** true = goal met, false = missed, undefined = no goal or not measured */
  met?: boolean;
  note?: string;
}

export interface Table {
  title: string;
  head: string[];
  rows: (string | number)[][];
}

export interface SectionResult {
  id: string;
  title: string;
  durationS: number;
  figures: Figure[];
  tables: Table[];
  notes: string[];
  /** set when the section could not run to the end */
  error?: string;
  /** anything else worth keeping in the JSON (raw numbers) */
  data?: unknown;
}

export interface BenchResults {
  meta: {
    date: string;
    commit: string;
    command: string;
    node: string;
    chromium: string;
    cpus: number;
    cpuModel: string;
    memoryGb: number;
    loadAverageAtStart: number[];
    engines: string[];
    durationS: number;
  };
  sections: SectionResult[];
}

export function figure(
  id: string,
  label: string,
  value: number | null,
  unit: string,
  goal?: { op: Op; value: number },
  note?: string,
): Figure {
  let met: boolean | undefined;
  if (goal && value !== null && Number.isFinite(value)) {
    met = goal.op === '<=' ? value <= goal.value : goal.op === '>=' ? value >= goal.value : value === goal.value;
  }
  return { id, label, value, unit, goal, met, note };
}

// ── formatting ────────────────────────────────────────────────────────────────────────────────────

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function formatValue(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  switch (unit) {
    case 'bytes':
      return value >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(2)} MB` : kb(value);
    case 'ms':
      // one decimal below a second, so that 150.4 ms is not shown as "150 ms, missed ≤ 150 ms"
      return value >= 10_000
        ? `${(value / 1000).toFixed(1)} s`
        : `${value < 1000 ? value.toFixed(1) : Math.round(value)} ms`;
    case 'req/s':
      return `${Math.round(value).toLocaleString('en-GB')} req/s`;
    case 'ratio':
      return value < 10 ? `${value.toFixed(2)}×` : `${Math.round(value)}×`;
    case 'share':
      return `${(value * 100).toFixed(1)} %`;
    case 'score':
      return String(Math.round(value));
    case 'count':
      return Math.round(value).toLocaleString('en-GB');
    case 'MB':
      return `${value.toFixed(0)} MB`;
    default:
      return `${Number.isInteger(value) ? value : value.toFixed(3)}${unit ? ` ${unit}` : ''}`;
  }
}

export const formatGoal = (f: Figure) =>
  f.goal ? `${f.goal.op === '=' ? '=' : f.goal.op === '<=' ? '≤' : '≥'} ${formatValue(f.goal.value, f.unit)}` : '';
export const formatMet = (f: Figure) =>
  f.met === undefined ? (f.goal ? 'not measured' : '') : f.met ? 'met' : '**missed**';

const cell = (v: string | number) => String(v).replace(/\|/g, '\\|').replace(/\n/g, ' ');
export function markdownTable(head: string[], rows: (string | number)[][]): string {
  return [
    `| ${head.map(cell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

function figureRows(figures: Figure[]) {
  return figures.map((f) => [f.label, formatValue(f.value, f.unit), formatGoal(f), formatMet(f), f.note ?? '']);
}

export function renderMarkdown(results: BenchResults): string {
  const m = results.meta;
  const out: string[] = [
    '# Benchmark results',
    '',
    `Made by \`${m.command}\` on ${m.date} at commit \`${m.commit}\` in ${Math.round(m.durationS)} s.`,
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB RAM, load average at start ${m.loadAverageAtStart.map((l) => l.toFixed(2)).join(' / ')}; ` +
      `Node ${m.node}; ${m.chromium}; databases: ${m.engines.join(', ')}.`,
    'Every figure is measured by the run that wrote this file; goals come from bench/lib/goals.ts. A miss is reported, not asserted',
    '(the byte budgets alone are enforced, by tests/e2e/budgets.e2e.ts in `npm test`).',
    '',
    '## Goals at a glance',
    '',
    markdownTable(['figure', 'value', 'goal', 'result'], summaryRows(results)),
    '',
  ];
  for (const s of results.sections) {
    out.push(`## ${s.title}`, '', `_${Math.round(s.durationS)} s_`, '');
    if (s.error) out.push(`**The section stopped early:** ${s.error}`, '');
    for (const t of s.tables) out.push(`**${t.title}**`, '', markdownTable(t.head, t.rows), '');
    if (s.figures.length)
      out.push(markdownTable(['figure', 'value', 'goal', 'result', 'note'], figureRows(s.figures)), '');
    for (const n of s.notes) out.push(`- ${n}`);
    if (s.notes.length) out.push('');
  }
  return out.join('\n');
}

function summaryRows(results: BenchResults) {
  return results.sections.flatMap((s) =>
    s.figures.filter((f) => f.goal).map((f) => [f.label, formatValue(f.value, f.unit), formatGoal(f), formatMet(f)]),
  );
}

export const README_START = '<!-- bench:start -->';
export const README_END = '<!-- bench:end -->';

/** The README's "Performance" table: the goals at a glance, plus the command and the machine. */
export function renderReadmeBlock(results: BenchResults): string {
  const m = results.meta;
  return [
    README_START,
    `Measured by \`${m.command}\` on ${m.date.slice(0, 10)} (commit \`${m.commit}\`, ${m.cpus} cores, Node ${m.node}, ${m.chromium}, ${m.engines.join(' and ')});`,
    'the full tables are in [bench/results.md](bench/results.md), the raw figures in `bench/results.json`.',
    '',
    markdownTable(['figure', 'value', 'goal', 'result'], summaryRows(results)),
    README_END,
  ].join('\n');
}

/** Replaces the block between the markers; false when the README has no markers (nothing written). */
export function updateReadme(path: string, results: BenchResults): boolean {
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) return false;
  writeFileSync(path, text.slice(0, start) + renderReadmeBlock(results) + text.slice(end + README_END.length));
  return true;
}
