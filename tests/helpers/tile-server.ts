/**
 * A local tile server standing in for OpenStreetMap (this machine has no network to it), for the browser
 * tests that show a map: every tile is the app's icon, sent with CORS (Leaflet asks for tiles with
 * crossOrigin) and no caching headers, so only the service worker can keep a tile.
 *
 *   const tiles = await startTileServer();
 *   const server = await startServer({ env: { TILE_URL: tiles.template } });
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

export interface TileServer {
  /** the TILE_URL for the app's server */
  template: string;
  /** how many tiles were asked for so far */
  hits(): number;
  close(): Promise<void>;
}

export async function startTileServer(): Promise<TileServer> {
  const png = readFileSync(new URL('../../web/public/icons/icon-192.png', import.meta.url));
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'Content-Type': 'image/png', 'Access-Control-Allow-Origin': '*' });
    res.end(png);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    template: `http://127.0.0.1:${port}/tiles/{z}/{x}/{y}.png`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
