/**
 * "Forget me": removes everything this app keeps on this phone — every IndexedDB
 * database (reports and tracking codes, visit drafts, the service worker's own bookkeeping), every
 * Cache Storage cache (the offline copy of the app, map pictures, fonts), localStorage (check answers,
 * language, text size, map settings) and sessionStorage — and unregisters the service worker.
 *
 * Nothing domain-specific here: the caller passes the database names it knows of, for browsers
 * without `indexedDB.databases()` (Firefox before 126). The browser objects can be passed in, so
 * the steps are unit-tested; by default they are the page's own.
 *
 * Order: the service worker goes first (so it cannot fill a cache or send a report meanwhile), then
 * the databases, the caches, and the storage last. Each step goes on when another fails, and the
 * result says what could not be removed (e.g. a database held open by another tab of the app).
 */

interface Registration {
  unregister(): Promise<boolean>;
}

export interface ForgetEnvironment {
  indexedDB?: IDBFactory;
  caches?: Pick<CacheStorage, 'keys' | 'delete'>;
  localStorage?: Pick<Storage, 'clear'>;
  sessionStorage?: Pick<Storage, 'clear'>;
  serviceWorker?: { getRegistrations(): Promise<readonly Registration[]> };
}

export interface ForgetOptions {
  /** Databases to delete where the browser cannot list them (and in any case). */
  knownDatabases?: readonly string[];
  /** How long to wait for a database that another tab keeps open. */
  blockedTimeoutMs?: number;
  env?: ForgetEnvironment;
}

export interface ForgetResult {
  /** Names of the databases deleted. */
  databases: string[];
  /** Names of the caches deleted. */
  caches: string[];
  /** Service worker registrations removed. */
  serviceWorkers: number;
  /** What could not be removed, for the console; empty when everything went. */
  problems: string[];
}

const BLOCKED_TIMEOUT_MS = 10_000;
/** Something (the outbox retry loop, a late map tile) may bring a database or cache back meanwhile. */
const ROUNDS = 3;

function pageEnvironment(): ForgetEnvironment {
  const g = globalThis as Partial<typeof globalThis>;
  const storage = (name: 'localStorage' | 'sessionStorage'): Storage | undefined => {
    try {
      return g[name];
    } catch {
      return undefined; // storage blocked: reading the property throws in some browsers
    }
  };
  return {
    indexedDB: g.indexedDB,
    caches: g.caches,
    localStorage: storage('localStorage'),
    sessionStorage: storage('sessionStorage'),
    serviceWorker:
      typeof navigator !== 'undefined' && 'serviceWorker' in navigator ? navigator.serviceWorker : undefined,
  };
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Deletes one database; resolves when it is gone, rejects when the browser refuses or another tab holds it too long. */
export function deleteDatabase(
  factory: IDBFactory,
  name: string,
  blockedTimeoutMs = BLOCKED_TIMEOUT_MS,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const request = factory.deleteDatabase(name);
    request.onsuccess = () => {
      clearTimeout(timer);
      resolve();
    };
    request.onerror = () => {
      clearTimeout(timer);
      reject(new Error(`${name}: ${request.error?.message ?? 'could not be deleted'}`));
    };
    // Another connection did not close on 'versionchange': the delete waits for it. Give it a while.
    request.onblocked = () => {
      timer ??= setTimeout(() => reject(new Error(`${name}: still open in another tab`)), blockedTimeoutMs);
    };
  });
}

async function databaseNames(factory: IDBFactory, known: readonly string[]): Promise<string[]> {
  const names = new Set(known);
  if (typeof factory.databases === 'function') {
    for (const db of await factory.databases()) if (db.name) names.add(db.name);
  }
  return [...names];
}

async function listedDatabases(factory: IDBFactory): Promise<string[] | undefined> {
  if (typeof factory.databases !== 'function') return undefined;
  return (await factory.databases()).flatMap((db) => (db.name ? [db.name] : []));
}

/** Removes everything the app keeps on this phone. Never throws; see `problems`. */
export async function forgetDevice(options: ForgetOptions = {}): Promise<ForgetResult> {
  const env = options.env ?? pageEnvironment();
  const known = options.knownDatabases ?? [];
  const result: ForgetResult = { databases: [], caches: [], serviceWorkers: 0, problems: [] };

  // 1. The service worker: no more precaching, tile caching or Background Sync from it.
  if (env.serviceWorker) {
    try {
      for (const registration of await env.serviceWorker.getRegistrations()) {
        if (await registration.unregister()) result.serviceWorkers++;
        else result.problems.push('a service worker could not be unregistered');
      }
    } catch (error) {
      result.problems.push(`service worker: ${describe(error)}`);
    }
  }

  // 2. IndexedDB: every database the browser lists, and the known ones where it cannot list.
  const factory = env.indexedDB;
  if (factory) {
    const failed = new Map<string, string>();
    for (let round = 0; round < ROUNDS; round++) {
      let names: string[];
      try {
        names = round === 0 ? await databaseNames(factory, known) : ((await listedDatabases(factory)) ?? []);
      } catch (error) {
        result.problems.push(`indexedDB: ${describe(error)}`);
        names = round === 0 ? [...known] : [];
      }
      names = names.filter((name) => !failed.has(name));
      if (names.length === 0) break;
      for (const name of names) {
        try {
          await deleteDatabase(factory, name, options.blockedTimeoutMs);
          if (!result.databases.includes(name)) result.databases.push(name);
        } catch (error) {
          failed.set(name, describe(error));
        }
      }
    }
    for (const problem of failed.values()) result.problems.push(`indexedDB ${problem}`);
  }

  // 3. Cache Storage: the offline copy of the app, map pictures, the Tigrinya font.
  if (env.caches) {
    const failed = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      let names: string[];
      try {
        names = (await env.caches.keys()).filter((name) => !failed.has(name));
      } catch (error) {
        result.problems.push(`caches: ${describe(error)}`);
        break;
      }
      if (names.length === 0) break;
      for (const name of names) {
        try {
          if (!(await env.caches.delete(name))) throw new Error('not deleted');
          if (!result.caches.includes(name)) result.caches.push(name);
        } catch {
          failed.add(name);
        }
      }
    }
    for (const name of failed) result.problems.push(`cache ${name} could not be deleted`);
  }

  // 4. localStorage and sessionStorage: check answers, language, text size, map settings.
  for (const [label, storage] of [
    ['localStorage', env.localStorage],
    ['sessionStorage', env.sessionStorage],
  ] as const) {
    try {
      storage?.clear();
    } catch (error) {
      result.problems.push(`${label}: ${describe(error)}`);
    }
  }

  return result;
}

/** Opens the app afresh at its start, where the first-run language picker shows (no language stored). */
export function restartApp(): void {
  window.location.replace('/');
}
