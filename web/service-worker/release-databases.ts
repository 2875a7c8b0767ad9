/// <reference lib="webworker" />
/**
 * Every IndexedDB connection the worker opens lets go when a page deletes (or upgrades) that database.
 * "Forget me" (web/app/forget-device.ts) deletes every database; workbox-expiration (map tiles, fonts)
 * keeps its connection open and ignores 'versionchange', so without this the delete would wait until
 * the browser stops the worker (seconds to minutes), and the page would report that it could not
 * finish. After a close, Workbox's expiry bookkeeping fails quietly for the rest of this worker's life
 * (the page has just unregistered it); the cached responses are still served.
 */
declare const self: ServiceWorkerGlobalScope;

export {}; // a module, not a script: nothing here is global

const factory = self.indexedDB;
const open = factory.open.bind(factory);

factory.open = (name: string, version?: number): IDBOpenDBRequest => {
  const request = version === undefined ? open(name) : open(name, version);
  request.addEventListener('success', () => {
    const db = request.result;
    db.addEventListener('versionchange', () => db.close());
  });
  return request;
};
