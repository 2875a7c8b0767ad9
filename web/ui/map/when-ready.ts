/**
 * Waiting for the right moment to build something costly (a map), so the page's own content is painted
 * and answers taps first.
 */

/** Resolves when the browser has nothing more urgent to do (or soon, where it cannot tell): a new task. */
export const idle = (timeout: number) =>
  new Promise<void>((resolve) => {
    if ('requestIdleCallback' in window) requestIdleCallback(() => resolve(), { timeout });
    else setTimeout(resolve, 1);
  });

/**
 * `ready` resolves once the element is within 200 px of the screen (at once where the browser cannot
 * tell); `stop` gives up watching (the element is going away), and `ready` then never resolves.
 */
export function nearScreen(element: Element): { ready: Promise<void>; stop: () => void } {
  let stop = () => {};
  const ready = new Promise<void>((resolve) => {
    if (!('IntersectionObserver' in window)) return resolve();
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        resolve();
      },
      { rootMargin: '200px 0px' },
    );
    observer.observe(element);
    stop = () => observer.disconnect();
  });
  return { ready, stop };
}
