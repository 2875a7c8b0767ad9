/**
 * News of sent reports on this phone: Web Push tied to tracking codes (never to a person), and, where
 * push cannot be had, a marker in My reports and the app badge (Badging API) for reports whose status
 * or messages changed since the person last looked. What is kept here: which codes have push on, and
 * when each report was last seen (localStorage, removed by "Forget me").
 */
import { ref } from 'vue';
import { apiFetch } from '../../app/api-client';
import { currentSubscription, subscribePush } from '../../app/web-push';

const NEWS_KEY = 'clh.reportNews';
const SEEN_KEY = 'clh.reportSeen';

const read = <T>(key: string, fallback: T): T => {
  try {
    return (JSON.parse(localStorage.getItem(key) ?? 'null') as T | null) ?? fallback;
  } catch {
    return fallback;
  }
};
const write = (key: string, value: unknown) => {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage blocked or full: the marker and switch simply are not remembered
  }
};

/** Tracking codes with push on, on this phone (reactive, for the switches). */
export const newsCodes = ref<string[]>(read<string[]>(NEWS_KEY, []));

/** Turns push on for `code` (asks permission: call from a button). False when the person said no. */
export async function turnOnNews(code: string, language: string): Promise<boolean> {
  const subscription = await subscribePush();
  if (!subscription) return false;
  await apiFetch('/api/push/reports', { method: 'POST', body: { subscription, trackingCodes: [code], language } });
  newsCodes.value = [...new Set([...newsCodes.value, code])];
  write(NEWS_KEY, newsCodes.value);
  return true;
}

/**
 * Stops push on this phone: for `codes` ("Remove from this phone", the switch), or for every report
 * ("Forget me": the server forgets the subscription and the browser drops it).
 */
export async function turnOffNews(codes?: string[]): Promise<void> {
  const subscription = await currentSubscription().catch(() => null);
  if (subscription) {
    await apiFetch('/api/push/reports', {
      method: 'DELETE',
      body: { endpoint: subscription.endpoint, ...(codes ? { trackingCodes: codes } : {}) },
    });
  }
  newsCodes.value = codes ? newsCodes.value.filter((c) => !codes.includes(c)) : [];
  write(NEWS_KEY, newsCodes.value);
  if (subscription && newsCodes.value.length === 0) await subscription.unsubscribe().catch(() => undefined);
}

/** Has this report changed (status or messages) since the person last looked? */
export function hasNews(code: string, updatedAt: string | undefined): boolean {
  const seen = read<Record<string, string>>(SEEN_KEY, {})[code];
  return updatedAt !== undefined && seen !== undefined && updatedAt > seen;
}

/** The person has looked at these reports now: no marker until they change again. */
export function markSeen(reports: { code: string; updatedAt: string }[]) {
  const seen = read<Record<string, string>>(SEEN_KEY, {});
  for (const r of reports) seen[r.code] = r.updatedAt;
  write(SEEN_KEY, seen);
}

/** The app's icon shows how many reports have news (where the browser has the Badging API). */
export function showBadge(count: number) {
  const nav = navigator as Navigator & {
    setAppBadge?: (n?: number) => Promise<void>;
    clearAppBadge?: () => Promise<void>;
  };
  void (count > 0 ? nav.setAppBadge?.(count) : nav.clearAppBadge?.())?.catch(() => undefined);
}
