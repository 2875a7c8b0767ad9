/**
 * Web Push in this browser, for young people's report news and for staff alerts alike: can it be had,
 * and a subscription made with the server's VAPID key. Asking permission happens only when the person
 * presses a button (browsers require a gesture, and nobody is asked before they want it).
 */
import { apiFetch } from './api-client';

/**
 * `ok`: it can be turned on; `ios-home-screen`: an iPhone or iPad where push works only for the app
 * added to the home screen; `denied`: the person blocked notifications; `unsupported`: not in this browser.
 */
export type PushAvailability = 'ok' | 'ios-home-screen' | 'denied' | 'unsupported';

export function pushAvailability(): PushAvailability {
  const ios =
    /iPhone|iPad|iPod/.test(navigator.userAgent) || (navigator.platform === 'MacIntel' && navigator.maxTouchPoints > 1);
  const standalone =
    matchMedia('(display-mode: standalone)').matches || (navigator as { standalone?: boolean }).standalone === true;
  const supported = 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
  if (!supported) return ios && !standalone ? 'ios-home-screen' : 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  return 'ok';
}

/** This browser's subscription, if it has one. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window)) return null;
  const registration = await navigator.serviceWorker.getRegistration();
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/** Asks permission (call from a button), then subscribes with the server's key; null when refused. */
export async function subscribePush(): Promise<PushSubscriptionJSON | null> {
  if ((await Notification.requestPermission()) !== 'granted') return null;
  const { publicKey } = await apiFetch<{ publicKey: string }>('/api/push/key');
  const registration = await navigator.serviceWorker.ready;
  const existing = await registration.pushManager.getSubscription();
  const subscription =
    existing ??
    (await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: base64UrlBytes(publicKey),
    }));
  return subscription.toJSON();
}

function base64UrlBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
