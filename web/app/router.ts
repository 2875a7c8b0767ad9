/**
 * The router merges the `routes` of every feature (web/features/<journey>/routes.ts), so a feature
 * adds pages without touching the shell. Route components are lazy (`() => import(...)`): each page
 * is its own chunk and the first page stays small.
 */
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { findLocale } from '../../locales/index';
import { i18n, setLocale } from './i18n';
import { hasUnsavedWork } from './unsaved-work';

const featureRoutes = import.meta.glob<{ routes: RouteRecordRaw[] }>('../features/*/routes.ts', { eager: true });

export const routes: RouteRecordRaw[] = [
  ...Object.values(featureRoutes).flatMap((mod) => mod.routes),
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./AppNotFoundPage.vue'),
    meta: { titleKey: 'nav.not_found' },
  },
];

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title, shown in the browser tab: "<title> · Care Leaver Hub". */
    titleKey?: string;
  }
}

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

// A link carrying `?lang=xx` (for example from a PA) switches and remembers the language.
router.beforeEach(async (to) => {
  const lang = findLocale(typeof to.query.lang === 'string' ? to.query.lang : null);
  if (lang && lang.code !== i18n.global.locale.value) await setLocale(lang.code, { remember: true });
});

// (the browser tab title is set in App.vue, so it also follows a language switch)
router.afterEach((to, from) => {
  // After an in-app navigation, move focus to the page so screen readers start at the new content.
  if (from.matched.length > 0 && to.path !== from.path) {
    requestAnimationFrame(() => document.getElementById('main')?.focus({ preventScroll: true }));
  }
});

// A page chunk that cannot load usually means a new version replaced the old files while this tab was
// open: load the page afresh (once per minute at most, so an offline gap cannot cause a reload loop).
router.onError((error: unknown, to) => {
  const message = error instanceof Error ? error.message : String(error);
  if (!/dynamically imported module|Importing a module script failed|Failed to fetch/i.test(message)) return;
  const key = 'clh.chunk-reload';
  const last = Number(sessionStorage.getItem(key) ?? 0);
  if (hasUnsavedWork.value || Date.now() - last < 60_000) return;
  sessionStorage.setItem(key, String(Date.now()));
  window.location.assign(to.fullPath);
});
