import type { Plugin } from 'vite';

/**
 * Staff pages' chunks are named `staff-*` (their CSS too), so the service worker leaves them out of the
 * precache by name, whatever a page is called. A module is a staff module when the young person's app
 * cannot reach it without opening a staff page: from the entry, every static import is followed, and every
 * dynamic one except into a staff feature folder (a staff page, or the sign-in store its guard loads) or
 * staff words. A chunk of staff modules only is a staff chunk. Shared code a public page imports (the
 * published figures use the dashboard's number formats) stays public, and stays precached.
 *
 * It also groups the chunks a first load waits for (`groups`, the bundler's code-splitting groups): on a
 * slow phone every file is one more round trip before the first paint, and the bundler would otherwise
 * split the start-up code into a file per shared library (Vue, its router, vue-i18n, …) and a staff page
 * into a file per component. What the entry imports is one file beside it; each page given to `groups`
 * (a staff page) is one file with the staff modules of its folder and one with the other staff modules it
 * imports, so both stay `staff-*`; the public modules it shares with young people's pages stay where the
 * bundler puts them.
 */
const STAFF_FOLDER = /\/web\/features\/(auth|dashboard|pa|partner-keys|studio)\//;
const isStaffBoundary = (id: string) => STAFF_FOLDER.test(id) || id.includes('section=staff');

export function staffChunks() {
  /** What the young person's app reaches without a staff page; null before the module graph is known. */
  let reachable: Set<string> | null = null;
  /** Every module of the graph: a chunk holding anything else (the bundler's own runtime) is shared. */
  let known = new Set<string>();
  /** What the entry imports, statically (the entry's own module left out: it stays the page's script). */
  let startUp = new Set<string>();
  /** The staff modules a grouped page imports statically, by module id: the name of their chunk. */
  const pageOf = new Map<string, string>();
  /** Staff pages grouped into one chunk each: module id (absolute) → chunk name. */
  const pages = new Map<string, string>();
  /** Names of the staff chunks, for their CSS files (which take their chunk's name). */
  const staffNames = new Set<string>();
  const plugin: Plugin = {
    name: 'staff-chunks',
    apply: 'build',
    buildEnd() {
      known = new Set(this.getModuleIds());
      const closure = (roots: string[], follow: (dynamicId: string) => boolean) => {
        const seen = new Set<string>();
        const queue = [...roots];
        while (queue.length) {
          const id = queue.pop()!;
          if (seen.has(id)) continue;
          seen.add(id);
          const m = this.getModuleInfo(id);
          if (!m) continue;
          queue.push(...m.importedIds, ...m.dynamicallyImportedIds.filter(follow));
        }
        return seen;
      };
      const entries = [...known].filter((id) => this.getModuleInfo(id)?.isEntry);
      reachable = closure(entries, (d) => !isStaffBoundary(d));
      startUp = closure(entries, () => false);
      for (const entry of entries) startUp.delete(entry);
      pageOf.clear();
      for (const [page, name] of pages) {
        if (!known.has(page)) throw new Error(`staff-chunks: no module ${page}`);
        // the staff modules of other folders (the staff bar, the sign-in store) are shared with the other
        // staff pages: one file of their own, so a PA's page does not download the dashboard
        const folder = page.slice(0, page.lastIndexOf('/') + 1);
        for (const id of closure([page], () => false))
          if (!reachable.has(id) && !pageOf.has(id)) pageOf.set(id, id.startsWith(folder) ? name : 'common');
      }
    },
  };
  /** The bundler's code-splitting groups (build.rolldownOptions.output.codeSplitting.groups). */
  const groups = (staffPages: Record<string, string>) => {
    for (const [id, name] of Object.entries(staffPages)) pages.set(id, name);
    return [
      // the bundler's own runtime too: every chunk imports it
      { name: 'start-up', test: (id: string) => startUp.has(id) || id.includes('rolldown/runtime'), priority: 2 },
      // English is every language's fallback: its words come with every page, in one file with their reader
      {
        name: 'words-en',
        test: (id: string) =>
          /\/locales\/(en\.json\?section=rest|read-words\.ts|zip-messages\.ts)$/.test(id) ||
          (id.startsWith('\0message-shape:locales|') && id.endsWith('/en.json|rest')),
        priority: 2,
      },
      // and a staff page's English words, with the shape they share with the other languages'
      {
        name: 'words-en',
        test: (id: string) =>
          id.endsWith('/locales/en.json?section=staff') ||
          (id.startsWith('\0message-shape:locales|') && id.endsWith('/en.json|staff')),
        priority: 2,
      },
      {
        name: (id: string) => pageOf.get(id) ?? null,
        test: (id: string) => pageOf.has(id),
        // the public modules a page imports stay shared with young people's pages (and precached)
        includeDependenciesRecursively: false,
        priority: 1,
      },
    ];
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
  return { plugin, groups, chunkFileName, assetFileName };
}
