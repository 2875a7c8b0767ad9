import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { forgetDevice, type ForgetEnvironment } from './forget-device';

const names = async () => (await indexedDB.databases()).map((d) => d.name).sort();

/** A Cache Storage stand-in (happy-dom has none) that records what happens to it. */
function fakeCaches(initial: string[], log: string[] = []) {
  const store = new Set(initial);
  return {
    store,
    keys: () => Promise.resolve([...store]),
    delete: (name: string) => {
      log.push(`cache:${name}`);
      return Promise.resolve(store.delete(name));
    },
  };
}

function fakeServiceWorker(count: number, log: string[] = []) {
  let registrations = Array.from({ length: count }, () => ({
    unregister: () => {
      log.push('unregister');
      registrations = registrations.slice(1);
      return Promise.resolve(true);
    },
  }));
  return { getRegistrations: () => Promise.resolve(registrations), count: () => registrations.length };
}

const env = (over: Partial<ForgetEnvironment> = {}): ForgetEnvironment => ({
  indexedDB,
  caches: fakeCaches([]),
  localStorage,
  sessionStorage,
  serviceWorker: fakeServiceWorker(0),
  ...over,
});

afterEach(async () => {
  for (const name of await names()) if (name) indexedDB.deleteDatabase(name);
  localStorage.clear();
  sessionStorage.clear();
});

describe('forgetDevice', () => {
  it('removes every database, cache, stored setting and the service worker', async () => {
    const reports = await openDB('clh-reports', 1, {
      upgrade: (db) => db.createObjectStore('outbox', { keyPath: 'id' }),
    });
    await reports.put('outbox', { id: 'r1', state: 'waiting' });
    reports.close();
    (await openDB('clh-visit', 1, { upgrade: (db) => db.createObjectStore('visit-drafts') })).close();
    (await openDB('workbox-expiration', 1)).close();
    localStorage.setItem('clh.check', '{"answers":{"age":19}}');
    localStorage.setItem('clh.locale', 'ar');
    localStorage.setItem('clh.bigger-text', '1');
    sessionStorage.setItem('clh.chunk-reload', '1');
    const caches = fakeCaches(['workbox-precache-v2-http://x/', 'map-tiles', 'fonts']);
    const sw = fakeServiceWorker(1);

    const result = await forgetDevice({ env: env({ caches, serviceWorker: sw }) });

    expect(result.problems).toEqual([]);
    expect(result.databases.sort()).toEqual(['clh-reports', 'clh-visit', 'workbox-expiration']);
    expect(await names()).toEqual([]);
    expect(result.caches.sort()).toEqual(['fonts', 'map-tiles', 'workbox-precache-v2-http://x/']);
    expect(caches.store.size).toBe(0);
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
    expect(result.serviceWorkers).toBe(1);
    expect(sw.count()).toBe(0);
  });

  it('unregisters the service worker before it touches the caches', async () => {
    const log: string[] = [];
    await forgetDevice({
      env: env({ caches: fakeCaches(['map-tiles'], log), serviceWorker: fakeServiceWorker(1, log) }),
    });
    expect(log).toEqual(['unregister', 'cache:map-tiles']);
  });

  it('deletes the known databases where the browser cannot list them', async () => {
    (await openDB('clh-reports', 1)).close();
    (await openDB('not-known', 1)).close();
    // Firefox before 126: no indexedDB.databases()
    const factory = { deleteDatabase: indexedDB.deleteDatabase.bind(indexedDB) } as unknown as IDBFactory;
    const result = await forgetDevice({
      knownDatabases: ['clh-reports', 'clh-visit'],
      env: env({ indexedDB: factory }),
    });
    expect(result.problems).toEqual([]);
    expect(await names()).toEqual(['not-known']);
  });

  it('a connection that closes on versionchange (as the app’s do) does not stop it', async () => {
    const db = await openDB('clh-reports', 1, {
      blocking() {
        db.close();
      },
    });
    const result = await forgetDevice({ env: env(), blockedTimeoutMs: 2000 });
    expect(result.problems).toEqual([]);
    expect(await names()).toEqual([]);
  });

  it('says what it could not remove, and still removes the rest', async () => {
    const held = await openDB('held-open', 1, { blocking: () => undefined }); // never closes, like another tab
    (await openDB('clh-visit', 1)).close();
    localStorage.setItem('clh.check', '{}');
    const caches = fakeCaches(['map-tiles']);

    const result = await forgetDevice({ env: env({ caches }), blockedTimeoutMs: 50 });

    expect(result.problems).toEqual(['indexedDB held-open: still open in another tab']);
    expect(result.databases).toEqual(['clh-visit']);
    expect(caches.store.size).toBe(0);
    expect(localStorage.length).toBe(0);
    held.close();
  });

  it('removes what came back while it was working (a second round)', async () => {
    const caches = fakeCaches(['map-tiles']);
    const remove = caches.delete;
    let once = true;
    caches.delete = (name: string) => {
      if (once) caches.store.add('fonts'); // a late font fetch fills a cache meanwhile
      once = false;
      return remove(name);
    };
    const result = await forgetDevice({ env: env({ caches }) });
    expect(result.caches.sort()).toEqual(['fonts', 'map-tiles']);
    expect(caches.store.size).toBe(0);
  });

  it('never throws when the browser refuses: storage blocked, no service worker', async () => {
    const refusing = {
      clear() {
        throw new Error('SecurityError');
      },
    };
    const result = await forgetDevice({
      env: { indexedDB, localStorage: refusing, sessionStorage, serviceWorker: undefined, caches: undefined },
    });
    expect(result.problems).toEqual(['localStorage: SecurityError']);
    expect(result.serviceWorkers).toBe(0);
  });
});
