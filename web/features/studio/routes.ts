import type { RouteRecordRaw } from 'vue-router';
import { withQuestionWords } from '../../app/i18n';
import { staffRoute } from '../../app/staff-route';
import { requireRole } from '../auth/auth-guard';

// Editors change and publish the content; translators the words of their languages. The API checks
// every request again (a translator's save of English gets 403 there).
const editors = requireRole('editor', 'admin');
const editorsAndTranslators = requireRole('editor', 'translator', 'admin');

export const routes: RouteRecordRaw[] = [
  staffRoute('/studio', 'studio', 'studio.title', () => import('./StudioListPage.vue'), editorsAndTranslators),
  staffRoute(
    '/studio/entitlements/:id/:locale',
    'studio-text',
    'studio.text.title',
    () => import('./StudioTextPage.vue'),
    editorsAndTranslators,
  ),
  staffRoute(
    '/studio/entitlements/:id/rules',
    'studio-rules',
    'studio.rules.title',
    // a rule's conditions are offered in the words of the questions young people answer
    withQuestionWords(() => import('./StudioRulesPage.vue')),
    editors,
  ),
  staffRoute(
    '/studio/content',
    'studio-items',
    'studio.items.title',
    () => import('./StudioItemsPage.vue'),
    editorsAndTranslators,
  ),
  // an item's key as path segments (`contacts/kent_out_of_hours`, `text/ar/glossary/pa`): a key's dots
  // would make the last segment look like a file name to the server and the service worker
  staffRoute(
    '/studio/edit/:parts+',
    'studio-edit',
    'studio.items.edit_title',
    () => import('./StudioItemPage.vue'),
    editorsAndTranslators,
  ),
  staffRoute('/studio/add/:kind', 'studio-add', 'studio.add.title', () => import('./StudioAddPage.vue'), editors),
  staffRoute('/studio/notes', 'studio-notes', 'studio.notes.title', () => import('./StudioNotesPage.vue'), editors),
  staffRoute(
    '/studio/health',
    'studio-health',
    'studio.health.title',
    () => import('./StudioHealthPage.vue'),
    editorsAndTranslators,
  ),
  staffRoute(
    '/studio/compare',
    'studio-compare',
    'studio.compare.title',
    () => import('./StudioComparePage.vue'),
    editorsAndTranslators,
  ),
  staffRoute(
    '/studio/publish',
    'studio-publish',
    'studio.publish.title',
    () => import('./StudioPublishPage.vue'),
    editors,
  ),
];
