// `npm start`: build the PWA and the server bundle when they are missing or older than their sources,
// then run the server. Node 20 runs no TypeScript by itself, hence the bundle.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const newest = (paths) =>
  Math.max(
    0,
    ...paths
      .map((p) => join(root, p))
      .filter(existsSync)
      .map(function mtime(path) {
        const stat = statSync(path);
        if (!stat.isDirectory()) return stat.mtimeMs;
        return Math.max(0, ...readdirSync(path).map((name) => mtime(join(path, name))));
      }),
  );
const builtAt = (file) => (existsSync(join(root, file)) ? statSync(join(root, file)).mtimeMs : -1);

const shared = ['api/contract', 'api/rules', 'content', 'package.json', 'vite.config.ts'];
const steps = [
  { output: 'dist/index.html', sources: ['web', 'locales', ...shared], args: ['vite', 'build'] },
  { output: 'build/server/server.js', sources: ['api', ...shared], args: ['vite', 'build', '--ssr', 'api/server.ts'] },
];
for (const step of steps) {
  if (builtAt(step.output) >= newest(step.sources)) continue;
  console.log(`Building ${step.output} …`);
  const result = spawnSync('npx', ['--no-install', ...step.args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// a person at a terminal reads log lines; a service manager or log shipper gets JSON
const env = { LOG_FORMAT: process.stdout.isTTY ? 'pretty' : 'json', ...process.env };
const server = spawn(process.execPath, ['--enable-source-maps', join(root, 'build/server/server.js')], {
  stdio: 'inherit',
  env,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
