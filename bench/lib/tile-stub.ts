/**
 * No tile server is reachable from the machines this project runs on, and a map whose
 * tiles all fail fills the console with errors that a real phone would not see. The bench therefore serves
 * every tile itself, from another port (so another origin: tiles are never counted in the byte figures):
 * one plain 256 × 256 PNG, with CORS (Leaflet asks for tiles with crossOrigin) and a day of caching.
 */
import { createServer } from 'node:http';
import sharp from 'sharp';

export interface TileStub {
  /** a TILE_URL template for the server (its CSP allows this origin, api/lib/security-headers.ts) */
  template: string;
  tilesServed(): number;
  close(): Promise<void>;
}

export async function startTileStub(): Promise<TileStub> {
  const png = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#e8e4dc' } })
    .png()
    .toBuffer();
  let served = 0;
  const server = createServer((req, res) => {
    if (!/^\/\d+\/\d+\/\d+\.png$/.test(req.url ?? '')) {
      res.writeHead(404).end();
      return;
    }
    served++;
    res.writeHead(200, {
      'Content-Type': 'image/png',
      'Content-Length': png.length,
      'Cache-Control': 'public, max-age=86400',
      'Access-Control-Allow-Origin': '*',
    });
    res.end(png);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    template: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
    tilesServed: () => served,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
