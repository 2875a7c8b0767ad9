/**
 * Route guards for staff pages: `beforeEnter: requireRole('commissioner', 'admin')`. Nobody signed in →
 * the sign-in page, which comes back here afterwards; the wrong role → the sign-in page says so. The API
 * checks every request again: this guard only spares people a page they cannot use. Its store is loaded
 * on demand, so the guard adds almost nothing to the first page's JavaScript.
 */
import type { NavigationGuard, RouteLocationRaw } from 'vue-router';
import type { StaffRole } from '#contract';

export const defaultPageFor = (role: StaffRole): RouteLocationRaw =>
  role === 'pa' ? { name: 'staff-account' } : { name: 'dashboard' };

export function requireRole(...roles: StaffRole[]): NavigationGuard {
  return async (to) => {
    const { useAuthStore } = await import('./auth.store');
    const auth = useAuthStore();
    let me;
    try {
      me = await auth.ensure();
    } catch {
      return true; // offline or the server is down: the page shows that itself
    }
    if (!me) return { name: 'staff-sign-in', query: { next: to.fullPath } };
    if (roles.length > 0 && !roles.includes(me.role)) return { name: 'staff-sign-in', query: { next: to.fullPath, reason: 'forbidden' } };
    return true;
  };
}

/** Any member of staff. */
export const requireStaff = () => requireRole('pa', 'commissioner', 'admin');
