#!/usr/bin/env node
/**
 * `npm run lint` part two: the import graph of api/, web/ and the tests' helpers has no cycle (type-only
 * imports count too: a cycle of types is a cycle of ideas), and the API's layers only point down:
 * lib/, db/, contract/ and rules/ never import a module, and modules never import app.ts or server.ts.
 * Exits 1 with every cycle and wrong-way import it finds.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// IMPORTS_ROOT: another tree to check (the script's own test plants problems in a throwaway one)
const root = process.env.IMPORTS_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const dirs = args.length ? args : ['api', 'web'];
const aliases = {
  '#contract': 'api/contract/index.ts',
  '#contract/': 'api/contract/',
  '#rules/': 'api/rules/',
};

const files = dirs
  .flatMap((dir) => walk(join(root, dir)))
  .filter((f) => /\.(ts|vue|mjs)$/.test(f) && !/\.(test|e2e)\.ts$/.test(f));
const graph = new Map(files.map((file) => [file, importsOf(file)]));

const problems = [
  ...cycles(graph).map((cycle) => `import cycle: ${[...cycle, cycle[0]].map(rel).join(' → ')}`),
  ...wrongWay(graph),
];
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} import problem(s): see docs/architecture.md, "Layers".`);
  process.exit(1);
}
console.log(`imports: ${files.length} files, no cycle, layers point down`);

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name.startsWith('.')) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g),
    ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g),
    // a bare `import './x'` runs the module too
    ...text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g),
  ].map((m) => m[1]);
  return specs.map((spec) => resolveSpec(file, spec)).filter((target) => target && graphHas(target));
}

function graphHas(target) {
  return files.includes(target);
}

function resolveSpec(from, spec) {
  let base;
  for (const [alias, target] of Object.entries(aliases)) {
    if (alias.endsWith('/') ? spec.startsWith(alias) : spec === alias) {
      base = join(root, target + (alias.endsWith('/') ? spec.slice(alias.length) : ''));
      break;
    }
  }
  if (!base && spec.startsWith('.')) base = resolve(dirname(from), spec.replace(/\?.*$/, ''));
  if (!base) return undefined;
  for (const candidate of [base, `${base}.ts`, `${base}.vue`, `${base}.mjs`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Tarjan's strongly connected components; each component of more than one file is reported once. */
function cycles(g) {
  let index = 0;
  const stack = [];
  const on = new Set();
  const idx = new Map();
  const low = new Map();
  const found = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (g.get(v) ?? []).includes(v)) found.push(component.reverse());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return found;
}

function wrongWay(g) {
  const layer = (file) => {
    const r = rel(file);
    if (/^api\/(lib|db|contract|rules)\//.test(r)) return 'low';
    if (/^api\/modules\//.test(r)) return 'module';
    if (/^api\/(app|server)\.ts$/.test(r)) return 'top';
    if (/^web\//.test(r)) return 'web';
    return 'other';
  };
  const out = [];
  for (const [from, targets] of g) {
    for (const to of targets) {
      const [a, b] = [layer(from), layer(to)];
      const wrong =
        (a === 'low' && (b === 'module' || b === 'top')) ||
        (a === 'module' && b === 'top') ||
        (a === 'web' && /^api\/(modules|lib|db)\/|^api\/(app|server|env)\.ts$/.test(rel(to)));
      if (wrong) out.push(`wrong-way import: ${rel(from)} imports ${rel(to)}`);
    }
  }
  return out;
}

function rel(file) {
  return relative(root, file);
}
