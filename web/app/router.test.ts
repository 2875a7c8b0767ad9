import { describe, expect, it } from 'vitest';
import { router, routes } from './router';

describe('router', () => {
  it('has a route for each journey, collected from web/features/*/routes.ts', () => {
    const paths = router.getRoutes().map((r) => r.path);
    for (const path of [
      '/',
      '/offer',
      '/offer/:id',
      '/check',
      '/report',
      '/my-reports',
      '/help',
      '/visit',
      '/staff/sign-in',
      '/dashboard',
      '/about',
    ]) {
      expect(paths, path).toContain(path);
    }
  });

  it('an unknown address goes to the not-found page, which is the last route', async () => {
    expect(routes.at(-1)?.name).toBe('not-found');
    expect(router.resolve('/no/such/page').name).toBe('not-found');
    expect(router.resolve('/offer/council-tax').name).not.toBe('not-found');
  });

  it('every page is lazy-loaded (no page component in the first bundle)', () => {
    for (const route of router.getRoutes()) {
      const component = route.components?.default;
      if (component) expect(typeof component, route.path).toBe('function');
    }
  });
});
