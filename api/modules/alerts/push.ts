/**
 * Web Push (RFC 8030) with VAPID (RFC 8292) and aes128gcm encryption (RFC 8291), through `web-push`.
 * The keys: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (the same on every server), or a pair made on the first
 * start in `<DATA_DIR>/vapid.json`, readable by the server's user only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import webpush from 'web-push';
import type { PushMessage } from '#contract';
import type { Env } from '../../env';
import { SendError } from './mail';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export function loadVapidKeys(env: Pick<Env, 'VAPID_PUBLIC_KEY' | 'VAPID_PRIVATE_KEY' | 'DATA_DIR'>): VapidKeys {
  if (env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY)
    return { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY };
  if (env.VAPID_PUBLIC_KEY || env.VAPID_PRIVATE_KEY)
    throw new Error('Set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither.');
  const file = join(resolve(env.DATA_DIR), 'vapid.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as VapidKeys;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const keys = webpush.generateVAPIDKeys();
  try {
    // 'wx': two processes starting together cannot both write; the second reads the first one's keys
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600, flag: 'wx' });
    console.log(
      `Made the Web Push (VAPID) keys in ${file}. Servers sharing one database need the same keys: see README.`,
    );
    return keys;
  } catch {
    return JSON.parse(readFileSync(file, 'utf8')) as VapidKeys;
  }
}

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface PushOptions {
  keys: VapidKeys;
  subject: string;
  /** the Topic header (≤ 32 base64url characters): a push service replaces an undelivered push of the same topic */
  topic: string;
}

/**
 * Encrypts and sends one push. web-push builds the request (encryption, VAPID JWT, headers); fetch sends
 * it, so that any URL scheme the endpoint rule allows works. 404 and 410: the subscription is gone.
 */
export async function sendPush(
  target: PushTarget,
  message: PushMessage,
  options: PushOptions,
): Promise<'sent' | 'gone'> {
  const request = webpush.generateRequestDetails(
    { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
    JSON.stringify(message),
    {
      vapidDetails: {
        subject: options.subject,
        publicKey: options.keys.publicKey,
        privateKey: options.keys.privateKey,
      },
      contentEncoding: 'aes128gcm',
      TTL: 24 * 60 * 60,
      topic: options.topic,
      urgency: 'high',
    },
  );
  const headers = Object.fromEntries(
    Object.entries(request.headers)
      .filter(([name]) => name.toLowerCase() !== 'content-length')
      .map(([k, v]) => [k, String(v)]),
  );
  let response: Response;
  try {
    response = await fetch(request.endpoint, {
      method: request.method,
      headers,
      body: request.body ? new Uint8Array(request.body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    // refused or unknown host: it surely did not arrive; anything else may have
    throw new SendError(String(error).slice(0, 500), code === 'ECONNREFUSED' || code === 'ENOTFOUND');
  }
  await response.body?.cancel();
  if (response.status === 404 || response.status === 410) return 'gone';
  if (response.status >= 200 && response.status < 300) return 'sent';
  throw new SendError(
    `push service answered ${response.status}`,
    true,
    response.status >= 400 && response.status < 500 && response.status !== 429,
  );
}
