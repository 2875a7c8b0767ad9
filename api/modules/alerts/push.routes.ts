/**
 * /api/push: the VAPID public key, and Web Push subscriptions. A young person's phone subscribes for the
 * reports it sent (by tracking code: whoever holds a code may already follow that report), never as a
 * person; staff subscribe for themselves. docs/alerts.md.
 */
import { Hono } from 'hono';
import {
  normaliseTrackingCode,
  ReportPushSubscription,
  ReportPushUnsubscribe,
  StaffPushSubscription,
  StaffPushUnsubscribe,
  type PushKey,
  type PushSubscriptionJson,
} from '#contract';
import { findLocale } from '#locales/index';
import type { AppDeps } from '../../deps';
import type { Queryable } from '../../db/client';
import { authenticate, requireSignedIn, type AuthEnv } from '../auth/access';
import { sameOriginOnly } from '../../lib/csrf';
import { ApiError } from '../../lib/errors';
import { parseJson } from '../../lib/validate';
import { loadVapidKeys, type VapidKeys } from './push';

/**
 * Push services are on the public internet, over https. Plain http to this machine only outside
 * production (the tests' stand-in push service); anything else would let a client make the server
 * post to a host of its choosing.
 */
function assertPushEndpoint(endpoint: string, production: boolean) {
  const url = new URL(endpoint);
  const local = url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(local && !production)) {
    throw new ApiError(400, 'invalid', 'The push endpoint must be an https address.', {
      'subscription.endpoint': 'must be https',
    });
  }
}

async function saveSubscription(
  q: Queryable,
  s: PushSubscriptionJson,
  owner: { staffId: string | null; language: string },
) {
  await q.query(
    `insert into push_subscriptions (endpoint, p256dh, auth, staff_id, language) values ($1, $2, $3, $4, $5)
     on conflict (endpoint) do update set p256dh = $2, auth = $3, staff_id = $4, language = $5`,
    [s.endpoint, s.keys.p256dh, s.keys.auth, owner.staffId, owner.language],
  );
}

export function push(deps: AppDeps) {
  const { db, env } = deps;
  const production = env.NODE_ENV === 'production';
  let keys: VapidKeys | undefined;
  const app = new Hono<AuthEnv>();

  app.get('/key', (c) => {
    keys ??= loadVapidKeys(env);
    return c.json({ publicKey: keys.publicKey } satisfies PushKey, 200, { 'Cache-Control': 'public, max-age=3600' });
  });

  app.post('/reports', async (c) => {
    const body = await parseJson(c, ReportPushSubscription);
    assertPushEndpoint(body.subscription.endpoint, production);
    const codes = body.trackingCodes.map(normaliseTrackingCode).filter((code): code is string => code !== null);
    const language = findLocale(body.language)?.code ?? 'en';
    await db.transaction(async (tx) => {
      const reports = await tx.query<{ id: string }>('select id from reports where tracking_code = any($1::text[])', [
        codes,
      ]);
      if (reports.length === 0) throw new ApiError(404, 'not_found', 'No report has these tracking codes.');
      const [existing] = await tx.query<{ staff_id: string | null }>(
        'select staff_id from push_subscriptions where endpoint = $1',
        [body.subscription.endpoint],
      );
      if (existing?.staff_id)
        throw new ApiError(
          409,
          'staff_subscription',
          'This browser gets staff alerts. Turn them off on the account page first.',
        );
      await saveSubscription(tx, body.subscription, { staffId: null, language });
      await tx.query(
        `insert into push_subscription_reports (endpoint, report_id) select $1, unnest($2::uuid[]) on conflict do nothing`,
        [body.subscription.endpoint, reports.map((r) => r.id)],
      );
    });
    return c.body(null, 204);
  });

  // "Remove from this phone" (some codes) and "Forget me" (no codes: the whole subscription)
  app.delete('/reports', async (c) => {
    const body = await parseJson(c, ReportPushUnsubscribe);
    if (body.trackingCodes === undefined) {
      await db.query('delete from push_subscriptions where endpoint = $1 and staff_id is null', [body.endpoint]);
    } else {
      const codes = body.trackingCodes.map(normaliseTrackingCode).filter((code): code is string => code !== null);
      await db.transaction(async (tx) => {
        await tx.query(
          `delete from push_subscription_reports where endpoint = $1 and report_id in (select id from reports where tracking_code = any($2::text[]))`,
          [body.endpoint, codes],
        );
        // nothing left to hear about: the subscription goes too
        await tx.query(
          `delete from push_subscriptions p where p.endpoint = $1 and p.staff_id is null
             and not exists (select 1 from push_subscription_reports s where s.endpoint = p.endpoint)`,
          [body.endpoint],
        );
      });
    }
    return c.body(null, 204);
  });

  const staff = new Hono<AuthEnv>();
  staff.use(sameOriginOnly(env), authenticate(deps), requireSignedIn());
  staff.post('/', async (c) => {
    const { subscription } = await parseJson(c, StaffPushSubscription);
    assertPushEndpoint(subscription.endpoint, production);
    await db.transaction(async (tx) => {
      // a browser used for a young person's reports before: those links go, it is a staff browser now
      await tx.query('delete from push_subscription_reports where endpoint = $1', [subscription.endpoint]);
      await saveSubscription(tx, subscription, { staffId: c.get('staff')!.id, language: 'en' });
    });
    return c.body(null, 204);
  });
  staff.delete('/', async (c) => {
    const { endpoint } = await parseJson(c, StaffPushUnsubscribe);
    await db.query('delete from push_subscriptions where endpoint = $1 and staff_id = $2', [
      endpoint,
      c.get('staff')!.id,
    ]);
    return c.body(null, 204);
  });
  app.route('/staff', staff);

  return app;
}
