/**
 * CSRF protection for cookie-authenticated routes. Hono's `csrf()` middleware only
 * looks at form submissions and lets JSON through, so every state-changing request (POST, PUT, PATCH,
 * DELETE) is checked here, whatever its content type:
 * - a browser that sends `Sec-Fetch-Site` must say `same-origin`;
 * - otherwise `Origin` must be this server's origin (PUBLIC_ORIGIN when set; else the scheme and Host of
 *   the request, the scheme from X-Forwarded-Proto only when TRUST_PROXY is true).
 * A request with neither header is refused: every browser sends at least one of them on such requests.
 * SameSite=Strict on the session cookie is a second, independent line.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Env } from '../env';
import { ApiError } from './errors';
import { isHttps } from './security-headers';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function serverOrigin(c: Context, env: Env): string {
  if (env.PUBLIC_ORIGIN) return new URL(env.PUBLIC_ORIGIN).origin;
  const url = new URL(c.req.url);
  const scheme = isHttps(c.req.url, c.req.header('x-forwarded-proto'), env) ? 'https:' : url.protocol;
  return `${scheme}//${url.host}`;
}

export function isSameOriginRequest(c: Context, env: Env): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  const origin = c.req.header('origin');
  return origin !== undefined && origin === serverOrigin(c, env);
}

export function sameOriginOnly(env: Env): MiddlewareHandler {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method) && !isSameOriginRequest(c, env)) {
      throw new ApiError(403, 'cross_origin', 'This request did not come from this site, so it was refused.');
    }
    await next();
  };
}
