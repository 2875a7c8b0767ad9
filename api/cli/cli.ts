/**
 * Command-line tools, bundled to build/cli/cli.js (`npm run build:cli`) because Node 20 runs no
 * TypeScript. `npm run backup`, `restore`, `retention`, `apikey:create`, `user:create`, `demo`,
 * `content:export` and `content:import` call it with their command.
 * Add a command: a file here exporting `(args, env) => Promise<void>`, and a line in `commands`.
 */
import { DataDirError } from '../db/client';
import { readEnv, type Env } from '../env';
import { TotpKeyError } from '../modules/auth/totp-secrets';
import { apikeyCreate } from './apikey-create';
import { backup } from './backup';
import { CliError } from './cli-error';
import { contentExport, contentImport } from './content-transfer';
import { demo } from './demo';
import { restore } from './restore';
import { retention } from './retention';
import { userCreate } from './user-create';

const commands: Record<string, (args: string[], env: Env) => Promise<void>> = {
  backup,
  restore,
  retention,
  'apikey:create': apikeyCreate,
  'user:create': userCreate,
  demo,
  'content:export': contentExport,
  'content:import': contentImport,
};

async function main() {
  const [name = '', ...args] = process.argv.slice(2);
  const command = commands[name];
  if (!command) throw new CliError(`Unknown command "${name}". Commands: ${Object.keys(commands).join(', ')}.`, 2);
  // what the tools create in DATA_DIR (the database's files, keys, backups) is for this user only
  process.umask(0o077);
  await command(args, readEnv());
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof CliError || error instanceof DataDirError || error instanceof TotpKeyError) {
      console.error(`Error: ${error.message}`);
      process.exit(error instanceof CliError ? error.exitCode : 1);
    }
    console.error(error);
    process.exit(1);
  },
);
