/**
 * Resolves after the browser has had a chance to paint: the next animation frame, then a task of its own. A
 * first render split with it is several short tasks on a slow phone, each painted before the next starts.
 */
export const nextFrame = (): Promise<void> =>
  new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
