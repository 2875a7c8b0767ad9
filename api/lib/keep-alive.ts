/**
 * How long the app keeps an idle client connection open. A proxy in front (deploy/Caddyfile keeps idle
 * connections to the app for 60 s) must give up on a connection before the app does: when the app closes
 * one first (Node's default is 5 s), a request the proxy is just sending on it is lost, and a lost POST
 * comes back as 502, which the proxy may not retry.
 */
import { Server } from 'node:http';

export const IDLE_CONNECTION_MS = 65_000;

export function keepIdleConnections(server: unknown) {
  if (!(server instanceof Server)) return;
  server.keepAliveTimeout = IDLE_CONNECTION_MS;
  // a request's headers may take as long as an idle connection is kept
  server.headersTimeout = IDLE_CONNECTION_MS + 1_000;
}
