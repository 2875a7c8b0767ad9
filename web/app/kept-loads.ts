/**
 * Loads kept by key: each `load` runs once and every caller, during the load or after, gets the same
 * promise; a load that failed is forgotten, so the next call tries again (offline, then back online).
 *
 *   const words = keptLoads<boolean>();
 *   words('ar', () => import('./ar.json').then(...))
 */
export function keptLoads<T>(): (key: string, load: () => Promise<T>) => Promise<T> {
  const kept = new Map<string, Promise<T>>();
  return (key, load) => {
    let promise = kept.get(key);
    if (!promise) {
      promise = load();
      promise.catch(() => kept.delete(key));
      kept.set(key, promise);
    }
    return promise;
  };
}
