import type { Context, MiddlewareHandler } from 'hono';
import type { Db } from '../db/client';
import type { Env } from '../env';
import { bodyLimit, limitForPath } from './body-limit';
import { clientKey } from './client-ip';
import { ApiError } from './errors';
import { RateLimitStore, tooManyRequests, type Bucket } from './rate-limit';

/** Where a report is created: the app's form, and Open311's POST requests (GeoReport v2). */
const CREATE_REPORT = /^\/(api\/reports|open311\/v2\/requests(\.(json|xml))?)\/?$/;
/** Where a report is read by its code, which is all a caller needs to hold. */
const LOOK_UP_REPORT = /^\/(api\/reports\/[^/]+|open311\/v2\/(requests|tokens)\/[^/]+)\/?$/;
/** Open311's list of service requests, with a key or without. */
const LIST_REPORTS = /^\/open311\/v2\/requests\.[A-Za-z0-9]+\/?$/;
/** The young person's answer to a report, found by its code like a look-up. */
const REPLY = /^\/api\/reports\/[^/]+\/replies\/?$/;

/**
 * Figures: a phone's outbox may send several waiting reports at once, and many people share an address
 * (mobile carriers' NAT, a college's Wi-Fi), hence a burst of 10 reports then one every 2 minutes.
 * Look-ups: "My reports" refreshes every code on the phone; a code that does not exist counts against a
 * much smaller bucket and is answered slowly, so guessing codes (55 random bits and a check symbol)
 * gets nowhere. An answer to a report counts as a look-up (it names a code too). A partner polls its
 * list of requests every minute or so.
 */
export const BUCKETS = {
  create: { name: 'create', burst: 10, perMinute: 0.5 },
  lookUp: { name: 'lookup', burst: 60, perMinute: 60 },
  guess: { name: 'guess', burst: 10, perMinute: 2 },
  list: { name: 'list', burst: 10, perMinute: 10 },
} as const satisfies Record<string, Bucket>;

const GUESS_DELAY_MS = 250;

const MESSAGES = {
  create: 'Too many reports from this connection. Your report is safe on your phone: it will be sent a little later.',
  guess: 'Too many tracking codes that do not exist. Check the code and try again in a few minutes.',
};

/**
 * The limits in front of every API and Open311 route: per-client rate limits on report creation, on
 * tracking-code look-ups (GET and HEAD alike) and on Open311 lists, then a body limit counted while
 * reading. The buckets are in the database (rate-limit.ts), so every app server on it shares them. Sign-in
 * has its own throttle (modules/auth), keyed by the same client-ip.ts.
 */
/**
 * `refusalFor`: how a refusal is written under a path prefix other than the JSON API's (Open311 writes its
 * own error list); the app passes it in, so this layer knows no module.
 */
export function requestLimits(
  env: Env,
  db: Db,
  refusalFor: Record<string, (c: Context, error: ApiError) => Response> = {},
): MiddlewareHandler {
  const store = new RateLimitStore(db);
  const on = env.RATE_LIMIT === 'on';
  // photos come only through the app's form: Open311 takes a form of fields (its media is a link)
  const body = bodyLimit(limitForPath(/^\/api\/(pa\/)?reports\/?$/));
  const refuseAfter = async (wait: number, message?: string) => {
    if (wait > 0) throw tooManyRequests(wait, message);
  };

  const limits: MiddlewareHandler = async (c, next) => {
    const path = c.req.path;
    const method = c.req.method;
    const client = () => clientKey(c, env);
    if (on && method === 'POST' && CREATE_REPORT.test(path)) {
      await refuseAfter(await store.take(client(), [BUCKETS.create]), MESSAGES.create);
    } else if (
      on &&
      (((method === 'GET' || method === 'HEAD') && LOOK_UP_REPORT.test(path)) ||
        (method === 'POST' && REPLY.test(path)))
    ) {
      // one write: spend a look-up, and make sure the client still has guesses left
      const wait = await store.take(client(), [BUCKETS.lookUp], [BUCKETS.guess]);
      await refuseAfter(wait, MESSAGES.guess);
      await body(c, next);
      if (c.res.status === 404) {
        await store.take(client(), [BUCKETS.guess]);
        await new Promise((resolve) => setTimeout(resolve, GUESS_DELAY_MS));
      }
      return;
    } else if (on && (method === 'GET' || method === 'HEAD') && LIST_REPORTS.test(path)) {
      await refuseAfter(await store.take(client(), [BUCKETS.list]));
    }
    return body(c, next);
  };

  return async (c: Context, next) => {
    const path = c.req.path;
    if (!/^\/(api|open311)(\/|$)/.test(path)) return next();
    const prefix = Object.keys(refusalFor).find((p) => path.startsWith(p));
    if (!prefix) return limits(c, next);
    try {
      return await limits(c, next);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return refusalFor[prefix]!(c, error);
    }
  };
}
