import { afterAll, beforeAll } from 'vitest';

/**
 * Starts `what` once for the calling test file (in beforeAll, then `prepare` seeds it) and closes it in
 * afterAll, also when seeding failed. The function it returns gives it to a test, which runs after the start;
 * called before, it says so rather than hand back nothing.
 */
export function oncePerFile<T extends { close(): unknown }>(
  what: string,
  start: () => Promise<T>,
  prepare: (started: T) => Promise<void> = async () => {},
): () => T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
    await prepare(started);
  });
  afterAll(() => started?.close());
  return () => {
    if (!started) throw new Error(`${what} starts in beforeAll`);
    return started;
  };
}
