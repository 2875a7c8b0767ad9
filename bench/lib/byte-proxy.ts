/**
 * A TCP pass-through in front of the server that counts the bytes it sends to the browser: the exact
 * transfer of a visit (headers, compressed bodies, everything), whatever Chromium's caches or the
 * service worker do. Anything the page fetches from another host (map tiles) does not pass through it.
 */
import { createConnection, createServer, type Socket } from 'node:net';

export interface ByteProxy {
  url: string;
  /** bytes sent to the browser since the last reset */
  bytesDown(): number;
  requests(): number;
  reset(): void;
  /** resolves once no byte has flowed for `quietMs` (or after `maxMs`) */
  waitQuiet(quietMs?: number, maxMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startByteProxy(targetPort: number): Promise<ByteProxy> {
  let down = 0;
  let requests = 0;
  let lastActivity = Date.now();
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      lastActivity = Date.now();
      // a rough request count: each HTTP/1.1 request starts with a method at the start of a chunk
      if (/^(GET|POST|HEAD|PUT|PATCH|DELETE|OPTIONS) /.test(chunk.subarray(0, 8).toString('latin1'))) requests++;
    });
    upstream.on('data', (chunk: Buffer) => {
      down += chunk.length;
      lastActivity = Date.now();
    });
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    bytesDown: () => down,
    requests: () => requests,
    reset() {
      down = 0;
      requests = 0;
    },
    async waitQuiet(quietMs = 1500, maxMs = 30_000) {
      const until = Date.now() + maxMs;
      while (Date.now() - lastActivity < quietMs && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
