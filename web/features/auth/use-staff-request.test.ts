import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { createI18n } from 'vue-i18n';
import { createMemoryHistory, createRouter } from 'vue-router';
import en from '../../../locales/en.json';
import { ApiError } from '../../app/api-client';
import { useStaffAction } from './use-staff-request';

async function setup() {
  let action!: ReturnType<typeof useStaffAction>;
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/staff/accounts', component: { render: () => null } },
      { path: '/staff/sign-in', name: 'staff-sign-in', component: { render: () => null } },
    ],
  });
  await router.push('/staff/accounts');
  const i18n = createI18n({ legacy: false, locale: 'en', messages: { en } });
  mount(defineComponent({ setup: () => ((action = useStaffAction()), () => h('div')) }), {
    global: { plugins: [i18n, router, createPinia()] },
  });
  return { action, router };
}

describe('useStaffAction', () => {
  it('is busy while the request runs, and not after', async () => {
    const { action } = await setup();
    let finish!: () => void;
    const running = action.run(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(action.busy.value).toBe(true);
    finish();
    await running;
    expect(action.busy.value).toBe(false);
    expect(action.problem.value).toBe('');
  });

  it('says what went wrong, and clears it when the next request starts', async () => {
    const { action } = await setup();
    await action.run(() => Promise.reject(new ApiError(403, 'forbidden', 'no')));
    expect(action.problem.value).toBe(en.auth.errors.forbidden);
    expect(action.busy.value).toBe(false);

    let finish!: () => void;
    const running = action.run(() => new Promise<void>((resolve) => (finish = resolve)));
    expect(action.problem.value).toBe('');
    finish();
    await running;
  });

  it('shows nothing and sends the person to sign in when the session has ended', async () => {
    const { action, router } = await setup();
    await action.run(() => Promise.reject(new ApiError(401, 'unauthorized', 'no')));
    expect(action.problem.value).toBe('');
    await router.isReady();
    await new Promise((r) => setTimeout(r, 0));
    expect(router.currentRoute.value.name).toBe('staff-sign-in');
    expect(router.currentRoute.value.query).toMatchObject({ next: '/staff/accounts', reason: 'expired' });
  });
});
