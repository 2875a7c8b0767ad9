import type { Context, MiddlewareHandler } from 'hono';
import type { Env } from '../env';
import { serialiseErrors } from '../modules/open311/open311.format';
import { bodyLimit, limitForPath } from './body-limit';
import { clientKey } from './client-ip';
import { ApiError } from './errors';
import { rateLimit, TokenBuckets } from './rate-limit';

/** Where a report is created: the app's form, and Open311's POST requests (GeoReport v2). */
const CREATE_REPORT = /^\/(api\/reports|open311\/v2\/requests(\.(json|xml))?)\/?$/;
/** Where a report is read by its code, which is all a caller needs to hold. */
const LOOK_UP_REPORT = /^\/(api\/reports\/[^/]+|open311\/v2\/(requests|tokens)\/[^/]+)\/?$/;

/**
 * The limits in front of every API and Open311 route (issue 10 §5): per-client rate limits on report
 * creation and on tracking-code look-ups, then a body limit counted while reading. One instance per app
 * (createApp), so tests start with fresh buckets. Sign-in has its own throttle (modules/auth), keyed by the
 * same client-ip.ts.
 *
 * Figures: a phone's outbox may send several waiting reports at once, and many people share an address
 * (mobile carriers' NAT, a college's Wi-Fi), hence a burst of 10 reports then one every 2 minutes.
 * Look-ups: "My reports" refreshes every code on the phone; a code that does not exist counts against a
 * much smaller bucket and is answered slowly, so guessing 80-bit codes gets nowhere.
 */
export function requestLimits(env: Env): MiddlewareHandler {
  const key = (c: Context) => clientKey(c, env);
  const on = env.RATE_LIMIT === 'on';
  const create = rateLimit({
    buckets: new TokenBuckets(10, 0.5),
    key,
    message: 'Too many reports from this connection. Your report is safe on your phone: it will be sent a little later.',
  });
  const lookUp = rateLimit({ buckets: new TokenBuckets(60, 60), key });
  const guess = rateLimit({
    buckets: new TokenBuckets(10, 2),
    key,
    countIf: (res) => res.status === 404,
    delayMs: 250,
    message: 'Too many tracking codes that do not exist. Check the code and try again in a few minutes.',
  });
  // photos come only through the app's form: Open311 takes a form of fields (its media is a link)
  const body = bodyLimit(limitForPath(/^\/api\/reports\/?$/));

  const limits: MiddlewareHandler = async (c, next) => {
    const path = c.req.path;
    if (on && c.req.method === 'POST' && CREATE_REPORT.test(path)) {
      return create(c, async () => {
        await body(c, next);
      });
    }
    if (on && c.req.method === 'GET' && LOOK_UP_REPORT.test(path)) {
      return lookUp(c, async () => {
        await guess(c, next);
      });
    }
    return body(c, next);
  };

  return async (c, next) => {
    const path = c.req.path;
    if (!/^\/(api|open311)(\/|$)/.test(path)) return next();
    if (!path.startsWith('/open311/')) return limits(c, next);
    try {
      return await limits(c, next);
    } catch (error) {
      // Open311 callers get a refusal in the spec's error list (XML or JSON, by the path's suffix)
      if (!(error instanceof ApiError)) throw error;
      const { body: text, contentType } = serialiseErrors(/\.json$/i.test(path) ? 'json' : 'xml', [
        { code: error.status, description: error.message },
      ]);
      return c.body(text, error.status, { ...error.headers, 'Content-Type': contentType, 'Cache-Control': 'no-store' });
    }
  };
}
