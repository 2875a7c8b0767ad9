import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The data directory cannot be used: start-up stops with this message. */
export class DataDirError extends Error {}

export interface DataDirLock {
  release(): void;
}

/**
 * One process owns a PGlite data directory. The lock file holds the owner's pid; a lock left by a
 * process that no longer runs (after a crash or SIGKILL) is taken over.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = join(dataDir, 'server.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8'));
      if (isRunning(owner) && owner !== process.pid) {
        throw new DataDirError(`Another server (pid ${owner}) is already using ${dataDir}. ` +
          'Stop it first, or give this one its own DATA_DIR.');
      }
      rmSync(path, { force: true });
    }
  }
  throw new DataDirError(`Could not lock ${dataDir}.`);
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
