/**
 * The signed-in member of staff, as the API knows them (GET /api/auth/me). The session itself is an
 * HttpOnly cookie the page cannot read; this store only remembers who it belongs to, and forgets it when
 * the API says the session has ended (401).
 */
import { acceptHMRUpdate, defineStore } from 'pinia';
import { ref } from 'vue';
import type { LoginRequest, Me, StaffRole } from '#contract';
import { ApiError, apiFetch } from '../../app/api-client';

export const useAuthStore = defineStore('auth', () => {
  /** null: nobody is signed in (as far as the last answer went). */
  const me = ref<Me | null>(null);
  /** Whether the API has been asked since the page loaded. */
  const checked = ref(false);

  async function refresh(): Promise<Me | null> {
    try {
      me.value = await apiFetch<Me>('/api/auth/me');
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) throw error;
      me.value = null;
    }
    checked.value = true;
    return me.value;
  }

  /** Who is signed in, asking the API only the first time. */
  const ensure = () => (checked.value ? Promise.resolve(me.value) : refresh());

  async function signIn(body: LoginRequest): Promise<Me> {
    me.value = await apiFetch<Me>('/api/auth/login', { method: 'POST', body });
    checked.value = true;
    return me.value;
  }

  async function signOut(): Promise<void> {
    try {
      await apiFetch('/api/auth/logout', { method: 'POST' });
    } finally {
      me.value = null;
      checked.value = true;
    }
  }

  /** Called when any staff request answers 401: the session ended on the server. */
  function sessionEnded() {
    me.value = null;
    checked.value = true;
  }

  const hasRole = (...roles: StaffRole[]) => me.value !== null && roles.includes(me.value.role);

  return { me, checked, refresh, ensure, signIn, signOut, sessionEnded, hasRole };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAuthStore, import.meta.hot));
