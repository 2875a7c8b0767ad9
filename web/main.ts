// Start-up: styles and settings first, then the language (its strings load in parallel with the first
// page's chunk), then mount. Service worker registration lives in ui/PwaUpdatePrompt.vue (app/pwa.ts).
import './ui/base.css';
import './ui/fonts/endonyms.css';
import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './app/App.vue';
import { i18n, initLocale } from './app/i18n';
import { router } from './app/router';
import { applyStoredTextSize } from './app/text-size';

applyStoredTextSize();

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
app.use(router);

// (no top-level await: the build target is es2020)
void Promise.all([initLocale(), router.isReady()])
  .catch((error: unknown) => console.error('Start-up failed; showing the app anyway', error))
  .finally(() => app.mount('#app'));
