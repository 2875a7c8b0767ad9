/**
 * Body limits are enforced while reading, not by trusting Content-Length. These go through a
 * real HTTP server (@hono/node-server on a socket, as in production) with raw `http.request`, so that a
 * chunked body (Transfer-Encoding: chunked, no Content-Length) really arrives in chunks.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../../api/app';
import { defaultEnv } from '../../api/env';
import { JSON_BODY_LIMIT, MULTIPART_BODY_LIMIT } from '../../api/lib/body-limit';
import { createTestDb } from '../helpers/test-db';

let db: Awaited<ReturnType<typeof createTestDb>>;
let server: ServerType;
let port: number;
beforeAll(async () => {
  db = await createTestDb();
  const app = createApp({ db, env: defaultEnv({ NODE_ENV: 'test', RATE_LIMIT: 'off' }) });
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.dropAll();
});

interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** bytes the client managed to write before the answer came */
  written: number;
}

/**
 * Sends `total` bytes in chunks of `chunk` bytes, chunked unless `contentLength` is given, and resolves with
 * the answer as soon as it arrives (the server may answer, and close, before the body is finished).
 */
function send(opts: {
  path: string;
  type: string;
  total: number;
  chunk?: number;
  contentLength?: number;
  first?: string;
}): Promise<Sent> {
  const chunkSize = opts.chunk ?? 16 * 1024;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'content-type': opts.type,
      'idempotency-key': `body-limit-${Math.random()}`,
    };
    if (opts.contentLength !== undefined) headers['content-length'] = String(opts.contentLength);
    // a fresh connection each time (no keep-alive), as separate clients would
    const req = request({ host: '127.0.0.1', port, path: opts.path, method: 'POST', headers, agent: false });
    let written = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, written }));
      res.on('error', reject);
    });
    // the server may cut the connection once it has answered: that is the point
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const first = Buffer.from(opts.first ?? '');
    const filler = Buffer.alloc(chunkSize, 0x61);
    const pump = () => {
      while (written < opts.total && !answered && !req.destroyed) {
        const piece =
          written === 0 && first.length ? first : filler.subarray(0, Math.min(chunkSize, opts.total - written));
        written += piece.length;
        if (!req.write(piece)) {
          req.once('drain', pump);
          return;
        }
      }
      if (written >= opts.total) req.end();
    };
    pump();
  });
}

const errorOf = (sent: Sent) => JSON.parse(sent.body) as { error: { code: string; message: string } };

describe('body limits on a real server', () => {
  it('answer an over-limit CHUNKED JSON body (no Content-Length) with 413 and the JSON error shape', async () => {
    const sent = await send({
      path: '/api/reports',
      type: 'application/json',
      total: JSON_BODY_LIMIT * 4,
      first: '{"description":"',
    });
    expect(sent.headers['content-length']).toBeDefined();
    expect(sent.status).toBe(413);
    expect(sent.headers['content-type']).toMatch(/application\/json/);
    expect(errorOf(sent)).toEqual({ error: { code: 'too_large', message: expect.stringContaining('64 KB') } });
    // security headers are on this answer too
    expect(sent.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuse a chunked multipart body once it passes 35 MB', async () => {
    // just over the limit: the server answers at 35 MB and drains the rest (a client that keeps sending
    // far more after the answer may see the connection reset before it reads the 413, as with any server)
    const total = MULTIPART_BODY_LIMIT + 512 * 1024;
    const sent = await send({ path: '/api/reports', type: 'multipart/form-data; boundary=x', total, chunk: 64 * 1024 });
    expect(sent.status).toBe(413);
    expect(errorOf(sent).error).toEqual({ code: 'too_large', message: expect.stringContaining('35 MB') });
  });

  it('refuse a declared Content-Length over the limit before reading the body', async () => {
    const sent = await send({
      path: '/api/reports',
      type: 'application/json',
      total: JSON_BODY_LIMIT + 1,
      contentLength: JSON_BODY_LIMIT + 1,
    });
    expect(sent.status).toBe(413);
    expect(errorOf(sent).error.code).toBe('too_large');
  });

  it('give the 35 MB multipart limit only where photos are sent: elsewhere a multipart body gets 64 KB', async () => {
    const sent = await send({
      path: '/api/districts',
      type: 'multipart/form-data; boundary=x',
      total: JSON_BODY_LIMIT * 2,
    });
    expect(sent.status).toBe(413);
    // Open311 callers get the refusal in the spec's error list
    const open311 = await send({
      path: '/open311/v2/requests.json',
      type: 'application/x-www-form-urlencoded',
      total: JSON_BODY_LIMIT * 2,
    });
    expect(open311.status).toBe(413);
    expect(JSON.parse(open311.body)).toEqual([{ code: 413, description: expect.stringContaining('too large') }]);
    const xml = await send({
      path: '/open311/v2/requests.xml',
      type: 'multipart/form-data; boundary=x',
      total: JSON_BODY_LIMIT * 2,
    });
    expect(xml.status).toBe(413);
    expect(xml.headers['content-type']).toMatch(/xml/);
    expect(xml.body).toMatch(/<errors>\s*<error>\s*<code>413<\/code>/);
  });

  it('let a chunked body under the limit through to the route', async () => {
    const sent = await send({
      path: '/api/reports',
      type: 'application/json',
      total: 1024,
      first: '{"not":"a report"',
    });
    // the route read it and found it malformed: not a 413, not a 5xx
    expect(sent.status).toBe(400);
    expect(MULTIPART_BODY_LIMIT).toBe(35 * 1024 * 1024);
  });
});

describe('body limits through app.request', () => {
  it('count a streamed body without Content-Length', async () => {
    const app = createApp({ db, env: defaultEnv({ NODE_ENV: 'test', RATE_LIMIT: 'off' }) });
    const chunk = new Uint8Array(8 * 1024).fill(0x20);
    let sentChunks = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sentChunks++ < 100) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await app.request('/api/reports', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'stream-body-limit' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(sentChunks).toBeLessThan(100);
  });
});
