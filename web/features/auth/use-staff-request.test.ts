import { describe, expect, it } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { createI18n } from 'vue-i18n';
import { createMemoryHistory, createRouter } from 'vue-router';
import en from '../../../locales/en.json';
import { ApiError } from '../../app/api-client';
import { useStaffAction, useStaffList } from './use-staff-request';

/** Runs `use` in a mounted component, on a staff page, as a page would. */
async function mounted<T>(use: () => T) {
  let result!: T;
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/staff/accounts', component: { render: () => null } },
      { path: '/staff/sign-in', name: 'staff-sign-in', component: { render: () => null } },
    ],
  });
  await router.push('/staff/accounts');
  const i18n = createI18n({ legacy: false, locale: 'en', messages: { en } });
  mount(defineComponent({ setup: () => ((result = use()), () => h('div')) }), {
    global: { plugins: [i18n, router, createPinia()] },
  });
  return { result, router };
}

const setup = () => mounted(useStaffAction).then(({ result, router }) => ({ action: result, router }));

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

describe('useStaffList', () => {
  it('shows "loading" until the list is read, then the page', async () => {
    let finish!: () => void;
    const { result: list } = await mounted(() =>
      useStaffList(() => new Promise<void>((resolve) => (finish = resolve))),
    );
    expect(list.states.value).toMatchObject({ loading: true, failed: undefined });
    finish();
    await flushPromises();
    expect(list.states.value).toEqual({ loading: false, failed: undefined, status: '', problem: '' });
  });

  it('says why the list could not be read instead of showing the page', async () => {
    const { result: list } = await mounted(() =>
      useStaffList(() => Promise.reject(new ApiError(403, 'forbidden', 'no'))),
    );
    await flushPromises();
    expect(list.states.value).toMatchObject({ loading: false, failed: en.auth.errors.forbidden });
  });

  it('says nothing while the person is sent to sign in again', async () => {
    const { result: list, router } = await mounted(() =>
      useStaffList(() => Promise.reject(new ApiError(401, 'unauthorized', 'no'))),
    );
    await flushPromises();
    expect(list.states.value).toMatchObject({ loading: false, failed: '' });
    expect(router.currentRoute.value.name).toBe('staff-sign-in');
  });
});
