/**
 * A language's strings (a staff page's compiled, vite.config.ts) as the built app keeps them: a gzip file the service worker stores as it is, so the
 * eight languages a phone keeps for offline use take a quarter of the room they took as JavaScript. The
 * file is served as plain bytes (never with Content-Encoding), and unpacked here.
 */
export async function readWords(url: string): Promise<unknown[]> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`Could not load ${url} (${response.status})`);
  if (typeof DecompressionStream === 'function') {
    return (await new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).json()) as unknown[];
  }
  // browsers from before 2023 (iOS 15, for one) have no DecompressionStream: a small inflater, loaded only there
  const { gunzipSync, strFromU8 } = await import('fflate');
  return JSON.parse(strFromU8(gunzipSync(new Uint8Array(await response.arrayBuffer())))) as unknown[];
}
