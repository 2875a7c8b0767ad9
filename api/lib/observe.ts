import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { BlockList } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Env } from '../env';
import { addressList, clientIp, isTrusted } from './client-ip';
import { errorBody } from './errors';
import type { Logger } from './log';
import type { Metrics, ReportOutcome } from './metrics';

declare module 'hono' {
  interface ContextVariableMap {
    /** This request's logger: every line carries the request id. */
    log: Logger;
    /** Set by a route that stored or replayed a report, for the reports-received figures. */
    reportOutcome: ReportOutcome;
  }
}

/** A request id a proxy may pass on (Caddy, a load balancer): kept only when it is a plain token. */
const FORWARDED_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Gives each request an id (echoed as `X-Request-Id`), then logs and measures it by route *pattern*
 * (`/api/reports/:trackingCode`), never the path itself, which can hold a tracking code.
 */
export function observeRequests(deps: {
  log: Logger;
  metrics: Metrics;
  env: Pick<Env, 'LOG_REQUESTS'>;
}): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('x-request-id');
    const reqId = incoming && FORWARDED_ID.test(incoming) ? incoming : randomUUID();
    c.set('log', deps.log.child({ reqId }));
    try {
      await next();
    } finally {
      const seconds = (performance.now() - started) / 1000;
      const route = routePath(c, c.req.routeIndex) || 'unmatched';
      const status = c.res.status;
      c.res.headers.set('X-Request-Id', reqId);
      deps.metrics.httpDuration.observe({ route, method: c.req.method, status: String(status) }, seconds);
      const outcome = c.get('reportOutcome');
      if (outcome === 'replay') deps.metrics.idempotentReplays.inc();
      else if (outcome) deps.metrics.reportsReceived.inc({ urgent: String(outcome === 'urgent') });
      if (status >= 500 || deps.env.LOG_REQUESTS) {
        const line = { reqId, method: c.req.method, route, status, ms: Math.round(seconds * 10_000) / 10 };
        if (status >= 500) deps.log.error(line, 'request failed');
        else deps.log.info(line, 'request');
      }
    }
  };
}

/**
 * GET /metrics for Prometheus: only with `Authorization: Bearer $METRICS_TOKEN`, or from an address listed
 * in METRICS_ALLOW. Unset both and nobody reads it (it reveals traffic and volumes, not personal data).
 */
export function metricsRoute(deps: { metrics: Metrics; env: Env }) {
  const allowed = addressList(deps.env.METRICS_ALLOW, 'METRICS_ALLOW');
  return async (c: Context) => {
    if (!mayReadMetrics(c, deps.env, allowed)) {
      return c.json(errorBody('forbidden', 'Metrics need the metrics token or an allowed address.'), 403);
    }
    return c.body(await deps.metrics.registry.metrics(), 200, {
      'Content-Type': deps.metrics.registry.contentType,
      'Cache-Control': 'no-store',
    });
  };
}

function mayReadMetrics(c: Context, env: Env, allowed: BlockList | null): boolean {
  const token = env.METRICS_TOKEN;
  const sent = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  if (token && sent && sent.length === token.length && timingSafeEqual(Buffer.from(sent), Buffer.from(token))) {
    return true;
  }
  return allowed !== null && isTrusted(allowed, clientIp(c, env));
}
