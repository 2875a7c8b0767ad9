/** Runs the built CLI (build/cli/cli.js, from `npm run build`) the way `npm run <command>` does. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const CLI = join(import.meta.dirname, '../../build/cli/cli.js');

export interface CliRun {
  code: number | null;
  output: string;
}

/** One run with `env` over this process's; without a DATABASE_URL in `env` the CLI uses DATA_DIR's PGlite. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    const childEnv: Record<string, string | undefined> = { ...process.env, NODE_ENV: 'test', ...env };
    if (!('DATABASE_URL' in env)) delete childEnv.DATABASE_URL;
    const child = spawn(process.execPath, [CLI, ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}
