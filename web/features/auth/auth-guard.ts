/**
 * Route guards for staff pages: `beforeEnter: requireRole('commissioner', 'admin')`. Nobody signed in →
 * the sign-in page, which comes back here afterwards; the wrong role → the sign-in page says so. The API
 * checks every request again: this guard only spares people a page they cannot use. Its store is loaded
 * on demand, so the guard adds almost nothing to the first page's JavaScript.
 */
import type { NavigationGuard, RouteLocationNormalized, RouteLocationRaw } from 'vue-router';
import type { StaffRole } from '#contract';

/**
 * Starts loading the page (and its words) while the session is checked, rather than after: the router
 * asks for the same chunks again once the guard has passed, and gets them from the browser's module map.
 * (A lazy route component is a plain function; a component is an object, as vue-router tells them apart.)
 */
function preloadPage(to: RouteLocationNormalized) {
  for (const record of to.matched) {
    const page = record.components?.default;
    if (typeof page === 'function' && !('props' in page) && !('displayName' in page) && !('__vccOpts' in page)) {
      void (page as () => Promise<unknown>)().catch(() => undefined);
    }
  }
}

/** Where a member of staff starts: the figures, a PA's own young people's reports, or their account. */
export const defaultPageFor = (role: StaffRole): RouteLocationRaw =>
  role === 'commissioner' || role === 'admin'
    ? { name: 'dashboard' }
    : role === 'pa'
      ? { name: 'pa-reports' }
      : role === 'editor' || role === 'translator'
        ? { name: 'studio' }
        : { name: 'staff-account' };

export function requireRole(...roles: StaffRole[]): NavigationGuard {
  return async (to) => {
    preloadPage(to);
    const { useAuthStore } = await import('./auth.store');
    const auth = useAuthStore();
    let me;
    try {
      me = await auth.ensure();
    } catch {
      return true; // offline or the server is down: the page shows that itself
    }
    if (!me) return { name: 'staff-sign-in', query: { next: to.fullPath } };
    if (roles.length > 0 && !roles.includes(me.role))
      return { name: 'staff-sign-in', query: { next: to.fullPath, reason: 'forbidden' } };
    return true;
  };
}

/** Any member of staff. */
export const requireStaff = () => requireRole('pa', 'commissioner', 'admin');
