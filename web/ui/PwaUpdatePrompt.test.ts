import { afterEach, describe, expect, it, vi } from 'vitest';
import { ref } from 'vue';
import { mount } from '@vue/test-utils';
import { createI18n } from 'vue-i18n';
import { createMemoryHistory, createRouter } from 'vue-router';
import en from '../../locales/en.json';
import { useUnsavedWork } from '../app/unsaved-work';

// The real registration needs a browser service worker (see tests/e2e/update-prompt.e2e.ts); here we
// drive the prompt's state to check the policy: never reload under a half-filled form.
const sw = vi.hoisted(() => ({
  needRefresh: undefined as unknown,
  offlineReady: undefined as unknown,
  updateServiceWorker: undefined as unknown,
}));
vi.mock('virtual:pwa-register/vue', () => ({
  useRegisterSW: () => ({
    needRefresh: sw.needRefresh,
    offlineReady: sw.offlineReady,
    updateServiceWorker: sw.updateServiceWorker,
  }),
}));
const { default: PwaUpdatePrompt } = await import('./PwaUpdatePrompt.vue');

const page = { template: '<p />' };
let router: ReturnType<typeof createRouter>;

function mountPrompt(needRefresh = true) {
  sw.needRefresh = ref(needRefresh);
  sw.offlineReady = ref(false);
  sw.updateServiceWorker = vi.fn(async () => undefined);
  const i18n = createI18n({ legacy: false, locale: 'en', messages: { en } });
  router = createRouter({
    history: createMemoryHistory(),
    routes: ['/', '/offer', '/help'].map((path) => ({ path, component: page })),
  });
  return mount(PwaUpdatePrompt, { global: { plugins: [i18n, router] } });
}

const form = useUnsavedWork('report-form');
afterEach(() => form.markClean());

describe('PwaUpdatePrompt', () => {
  it('offers "Reload" when nothing is being typed, and Reload activates the new version', async () => {
    const wrapper = mountPrompt();
    expect(wrapper.text()).toContain(en.pwa.update_ready);
    const reload = wrapper.findAll('button').find((b) => b.text() === en.pwa.reload);
    expect(reload).toBeDefined();
    await reload!.trigger('click');
    expect(sw.updateServiceWorker).toHaveBeenCalledWith(true);
  });

  it('while a form is half-filled: asks to finish first and offers no reload', async () => {
    form.markDirty();
    const wrapper = mountPrompt();
    expect(wrapper.text()).toContain(en.pwa.finish_first);
    expect(wrapper.findAll('button').map((b) => b.text())).not.toContain(en.pwa.reload);

    form.markClean();
    await wrapper.vm.$nextTick();
    expect(wrapper.text()).not.toContain(en.pwa.finish_first);
    expect(wrapper.findAll('button').map((b) => b.text())).toContain(en.pwa.reload);
  });

  it('"works without internet" waits for the next page, and leaves with the one after: the page read never moves', async () => {
    const wrapper = mountPrompt(false);
    await router.push('/');
    (sw.offlineReady as { value: boolean }).value = true;
    await wrapper.vm.$nextTick();
    expect(wrapper.text()).not.toContain(en.pwa.offline_ready);
    await router.push('/offer');
    expect(wrapper.text()).toContain(en.pwa.offline_ready);
    await router.push('/help');
    expect(wrapper.text()).not.toContain(en.pwa.offline_ready);
  });
});
