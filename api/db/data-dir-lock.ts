import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The data directory cannot be used: start-up stops with this message. */
export class DataDirError extends Error {}

export interface DataDirLock {
  release(): void;
}

/**
 * One process owns a PGlite data directory. The lock file holds the owner's pid; a lock left by a
 * process that no longer runs (after a crash or SIGKILL) is taken over.
 *
 * Take-over is race-safe: the stale file is first moved aside (rename is atomic), and only deleted when
 * the file moved is still the stale one. If two servers start together after a crash, one of them may
 * move the other's fresh lock: it sees a live pid in it, puts it back and refuses to start.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = join(dataDir, 'server.lock');
  const refuse = (owner: number) =>
    new DataDirError(
      `Another server (pid ${owner}) is already using ${dataDir}. ` +
        'Stop it first, or give this one its own DATA_DIR.',
    );
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return {
        // never remove a lock that is not ours
        release: () => {
          if (readOwner(path) === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(path);
      if (owner !== undefined && owner !== process.pid && isRunning(owner)) throw refuse(owner);
      const aside = `${path}.stale-${process.pid}`;
      try {
        renameSync(path, aside);
      } catch (renameError) {
        if ((renameError as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw renameError;
      }
      const moved = readOwner(aside);
      if (moved !== undefined && moved !== owner && moved !== process.pid && isRunning(moved)) {
        try {
          linkSync(aside, path);
        } catch {
          // a third process locked it meanwhile: it owns the directory now
        }
        rmSync(aside, { force: true });
        throw refuse(moved);
      }
      rmSync(aside, { force: true });
    }
  }
  throw new DataDirError(`Could not lock ${dataDir}.`);
}

/** The pid in a lock file; undefined when the file is gone, NaN when it is empty or garbage. */
function readOwner(path: string): number | undefined {
  try {
    return Number(readFileSync(path, 'utf8').trim());
  } catch {
    return undefined;
  }
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
