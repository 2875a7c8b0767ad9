import type { MiddlewareHandler } from 'hono';
import type { Env } from '../env';

/** Whether this request reached us over HTTPS (directly, or through a proxy we trust). */
export function isHttps(url: string, forwardedProto: string | undefined, env: Env): boolean {
  if (url.startsWith('https:')) return true;
  if (env.TRUST_PROXY && forwardedProto?.split(',')[0]?.trim() === 'https') return true;
  return false;
}

/**
 * Headers for every response, whatever its type. Scripts only from our origin: no inline
 * script, no eval. Map tiles are the one outside origin, and only when TILE_URL names a tile server.
 */
export function securityHeaders(env: Env): MiddlewareHandler {
  const tileOrigin = (() => {
    if (!env.TILE_URL) return '';
    try {
      return new URL(env.TILE_URL.replace(/\{[a-z]\}/g, 'a')).origin;
    } catch {
      return '';
    }
  })();
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${tileOrigin}`.trim(),
    // data: for the language names' tiny inlined fonts (web/ui/fonts/endonyms.css)
    "font-src 'self' data:",
    // the service worker fetches tiles itself to cache them, and a worker's fetch obeys connect-src
    `connect-src 'self' ${tileOrigin}`.trim(),
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', csp);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('Permissions-Policy', 'geolocation=(self), camera=(self), microphone=(), payment=(), usb=()');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('X-Frame-Options', 'DENY');
    h.delete('X-Powered-By');
    if (isHttps(c.req.url, c.req.header('x-forwarded-proto'), env)) {
      h.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
    }
  };
}
