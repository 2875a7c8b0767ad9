/**
 * The import check of `npm run lint` (scripts/check-imports.mjs) on a throwaway tree: it passes a tree whose
 * layers point down, and fails one with a planted cycle or a planted wrong-way import.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, '../../scripts/check-imports.mjs');
const trees: string[] = [];

/** A tree of files (path → text), checked by the script; its exit code and what it printed. */
function check(tree: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'clh-imports-'));
  trees.push(root);
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const run = spawnSync(process.execPath, [SCRIPT], { env: { ...process.env, IMPORTS_ROOT: root }, encoding: 'utf8' });
  return { status: run.status, said: run.stdout + run.stderr };
}

const DOWNWARD = {
  'api/contract/limits.ts': 'export const MAX = 3;\n',
  'api/lib/errors.ts': "import { MAX } from '../contract/limits';\nexport const max = () => MAX;\n",
  'api/modules/reports/reports.routes.ts': "import { max } from '../../lib/errors';\nexport const n = max();\n",
  'web/features/report/ReportPage.ts': "import { MAX } from '#contract/limits';\nexport const m = MAX;\n",
};

afterEach(() => {
  for (const root of trees.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('the import check', () => {
  it('passes layers that point down', () => {
    const { status, said } = check(DOWNWARD);
    expect(said).toContain('no cycle, layers point down');
    expect(status).toBe(0);
  });

  it('fails a web file importing an API module', () => {
    const { status, said } = check({
      ...DOWNWARD,
      'web/features/report/ReportPage.ts': "import { n } from '../../../api/modules/reports/reports.routes';\n",
    });
    expect(said).toContain(
      'wrong-way import: web/features/report/ReportPage.ts imports api/modules/reports/reports.routes.ts',
    );
    expect(status).toBe(1);
  });

  it('fails lib/ importing a module', () => {
    const { status, said } = check({
      ...DOWNWARD,
      'api/lib/errors.ts': "import { n } from '../modules/reports/reports.routes';\nexport const max = () => n;\n",
    });
    expect(said).toContain('wrong-way import: api/lib/errors.ts imports api/modules/reports/reports.routes.ts');
    expect(status).toBe(1);
  });

  it('fails a cycle, also one closed by a bare import', () => {
    const { status, said } = check({
      ...DOWNWARD,
      'api/modules/reports/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'api/modules/reports/b.ts': "import './a';\nexport const b = 1;\n",
    });
    expect(said).toContain(
      'import cycle: api/modules/reports/a.ts → api/modules/reports/b.ts → api/modules/reports/a.ts',
    );
    expect(status).toBe(1);
  });
});
