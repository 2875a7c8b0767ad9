import type { RouteRecordRaw } from 'vue-router';
import { withStaffWords } from '../../app/i18n';
import { requireRole } from '../auth/auth-guard';

// Editors change and publish the content; translators the words of their languages. The API checks
// every request again (a translator's save of English gets 403 there).
export const routes: RouteRecordRaw[] = [
  {
    path: '/studio',
    name: 'studio',
    component: withStaffWords(() => import('./StudioListPage.vue')),
    beforeEnter: requireRole('editor', 'translator', 'admin'),
    meta: { titleKey: 'studio.title' },
  },
  {
    path: '/studio/entitlements/:id/:locale',
    name: 'studio-text',
    component: withStaffWords(() => import('./StudioTextPage.vue')),
    beforeEnter: requireRole('editor', 'translator', 'admin'),
    meta: { titleKey: 'studio.text.title' },
  },
  {
    path: '/studio/entitlements/:id/rules',
    name: 'studio-rules',
    component: withStaffWords(() => import('./StudioRulesPage.vue')),
    beforeEnter: requireRole('editor', 'admin'),
    meta: { titleKey: 'studio.rules.title' },
  },
  {
    path: '/studio/content',
    name: 'studio-items',
    component: withStaffWords(() => import('./StudioItemsPage.vue')),
    beforeEnter: requireRole('editor', 'translator', 'admin'),
    meta: { titleKey: 'studio.items.title' },
  },
  {
    // an item's key as path segments (`contacts/kent_out_of_hours`, `text/ar/glossary/pa`): a key's dots
    // would make the last segment look like a file name to the server and the service worker
    path: '/studio/edit/:parts+',
    name: 'studio-edit',
    component: withStaffWords(() => import('./StudioItemPage.vue')),
    beforeEnter: requireRole('editor', 'translator', 'admin'),
    meta: { titleKey: 'studio.items.edit_title' },
  },
  {
    path: '/studio/notes',
    name: 'studio-notes',
    component: withStaffWords(() => import('./StudioNotesPage.vue')),
    beforeEnter: requireRole('editor', 'admin'),
    meta: { titleKey: 'studio.notes.title' },
  },
  {
    path: '/studio/health',
    name: 'studio-health',
    component: withStaffWords(() => import('./StudioHealthPage.vue')),
    beforeEnter: requireRole('editor', 'translator', 'admin'),
    meta: { titleKey: 'studio.health.title' },
  },
  {
    path: '/studio/compare',
    name: 'studio-compare',
    component: withStaffWords(() => import('./StudioComparePage.vue')),
    beforeEnter: requireRole('editor', 'translator', 'admin'),
    meta: { titleKey: 'studio.compare.title' },
  },
  {
    path: '/studio/publish',
    name: 'studio-publish',
    component: withStaffWords(() => import('./StudioPublishPage.vue')),
    beforeEnter: requireRole('editor', 'admin'),
    meta: { titleKey: 'studio.publish.title' },
  },
];
