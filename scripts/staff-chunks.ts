import type { Plugin } from 'vite';

/**
 * Staff pages' chunks are named `staff-*` (their CSS too), so the service worker leaves them out of the
 * precache by name, whatever a page is called. A module is a staff module when the young person's app
 * cannot reach it without opening a staff page: from the entry, every static import is followed, and every
 * dynamic one except into a staff feature folder (a staff page, or the sign-in store its guard loads) or
 * staff words. A chunk of staff modules only is a staff chunk. Shared code a public page imports (the
 * published figures use the dashboard's number formats) stays public, and stays precached.
 */
const STAFF_FOLDER = /\/web\/features\/(auth|dashboard|pa|partner-keys|studio)\//;
const isStaffBoundary = (id: string) => STAFF_FOLDER.test(id) || id.includes('section=staff');

export function staffChunks() {
  /** What the young person's app reaches without a staff page; null before the module graph is known. */
  let reachable: Set<string> | null = null;
  /** Every module of the graph: a chunk holding anything else (the bundler's own runtime) is shared. */
  let known = new Set<string>();
  /** Names of the staff chunks, for their CSS files (which take their chunk's name). */
  const staffNames = new Set<string>();
  const plugin: Plugin = {
    name: 'staff-chunks',
    apply: 'build',
    buildEnd() {
      const seen = new Set<string>();
      known = new Set(this.getModuleIds());
      const queue = [...known].filter((id) => this.getModuleInfo(id)?.isEntry);
      while (queue.length) {
        const id = queue.pop()!;
        if (seen.has(id)) continue;
        seen.add(id);
        const m = this.getModuleInfo(id);
        if (!m) continue;
        queue.push(...m.importedIds, ...m.dynamicallyImportedIds.filter((d) => !isStaffBoundary(d)));
      }
      reachable = seen;
    },
  };
  const chunkFileName = (chunk: { name: string; moduleIds: readonly string[] }) => {
    const staff =
      reachable !== null &&
      chunk.moduleIds.length > 0 &&
      chunk.moduleIds.every((id) => known.has(id) && !reachable!.has(id));
    if (!staff) return 'assets/[name]-[hash].js';
    staffNames.add(chunk.name);
    return 'assets/staff-[name]-[hash].js';
  };
  const assetFileName = (asset: { names: readonly string[] }) => {
    const css = asset.names.find((n) => n.endsWith('.css'));
    return css && staffNames.has(css.slice(0, -4))
      ? 'assets/staff-[name]-[hash][extname]'
      : 'assets/[name]-[hash][extname]';
  };
  return { plugin, chunkFileName, assetFileName };
}
