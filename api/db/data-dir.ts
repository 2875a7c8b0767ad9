import { accessSync, chmodSync, constants, lstatSync, mkdirSync, readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { DataDirError } from './data-dir-lock';

/**
 * The data directory holds reports, photos and contact details: only the server's own user may enter it.
 * A new one is made 0700; an existing one that others may read or enter stops start-up (nothing is
 * changed on the user's behalf: they may have made it so on purpose, and should know); files and folders
 * inside that others could read are tightened to the owner only. Problems are said in one sentence, never
 * as a stack.
 */
export function prepareDataDir(root: string): void {
  let existing: Stats | undefined;
  try {
    existing = statSync(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw plain(root, error);
  }
  if (!existing) {
    try {
      mkdirSync(root, { recursive: true, mode: 0o700 });
      chmodSync(root, 0o700);
    } catch (error) {
      throw plain(root, error);
    }
    return;
  }
  if (!existing.isDirectory()) throw new DataDirError(`DATA_DIR ${root} is not a directory.`);
  const mode = existing.mode & 0o777;
  if (mode & 0o077) {
    throw new DataDirError(
      `DATA_DIR ${root} can be read or entered by other users of this machine (mode ${mode.toString(8).padStart(4, '0')}): ` +
        `run chmod 700 ${root} and start again.`,
    );
  }
  try {
    accessSync(root, constants.R_OK | constants.W_OK | constants.X_OK);
    tighten(root);
  } catch (error) {
    throw plain(root, error);
  }
}

/**
 * Takes group and world rights off everything under `dir` (symbolic links are left alone). PGlite writes
 * the files of a new database with mode 0666 whatever the umask (its file system sets modes itself), so
 * client.ts calls this again once PGlite has started and after it has closed.
 */
export function tighten(dir: string) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isSymbolicLink()) continue;
    const path = join(dir, entry.name);
    const mode = lstatSync(path).mode & 0o777;
    if (mode & 0o077) chmodSync(path, mode & 0o700);
    if (entry.isDirectory()) tighten(path);
  }
}

/** A file-system refusal as one plain sentence. */
export function plain(root: string, error: unknown): DataDirError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') {
    return new DataDirError(
      `DATA_DIR ${root} cannot be read and written by this user (${code}): give the server's user access to it, or choose another DATA_DIR.`,
    );
  }
  if (code === 'EROFS')
    return new DataDirError(
      `DATA_DIR ${root} is on a read-only file system (EROFS): choose a DATA_DIR the server can write to.`,
    );
  if (code === 'ENOSPC')
    return new DataDirError(`DATA_DIR ${root} is on a full disk (ENOSPC): free some space and start again.`);
  if (code === 'ENOTDIR') return new DataDirError(`DATA_DIR ${root} is not a directory (ENOTDIR).`);
  return new DataDirError(`DATA_DIR ${root} cannot be used (${code ?? String(error)}).`);
}
