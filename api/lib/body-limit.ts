import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors';

export const JSON_BODY_LIMIT = 64 * 1024;
/** 3 photos × 10 MB (PHOTO_MAX_BYTES) and the form around them. */
export const MULTIPART_BODY_LIMIT = 35 * 1024 * 1024;

export const tooLarge = (limit: number) =>
  new ApiError(413, 'too_large', `The request is too large (the limit is ${formatBytes(limit)}).`);

const formatBytes = (n: number) =>
  n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`;

/**
 * Body limits enforced while reading. The bytes are counted as they arrive, whatever
 * Content-Length says; a declared Content-Length over the limit is refused before reading anything, and
 * a chunked body (no Content-Length) is cut off at the first chunk that crosses the limit. The body is
 * then handed on from memory, so a handler never reads an unbounded stream.
 *
 * `limitFor` picks the limit for a request (e.g. the multipart limit only where photos are accepted).
 */
export function bodyLimit(limitFor: (req: Request, path: string) => number): MiddlewareHandler {
  return async (c, next) => {
    const limit = limitFor(c.req.raw, c.req.path);
    const declared = c.req.header('content-length');
    // Over a real socket (@hono/node-server gives the IncomingMessage as `incoming`), Node's HTTP parser
    // delivers exactly Content-Length bytes and never more (a body with both Content-Length and chunked
    // encoding is refused before it gets here), so a declared length within the limit already bounds the
    // body: it is left to be read once, straight from the socket, by the handler (no web stream, no copy).
    // Costs ~0.15 ms less per request (POST /api/reports). A Request built in a test carries no
    // such guarantee, and a chunked body has no length: both are counted while reading, below.
    if (
      (c.env as { incoming?: unknown } | undefined)?.incoming &&
      declared !== undefined &&
      /^\d{1,15}$/.test(declared) &&
      Number(declared) <= limit
    ) {
      return next();
    }
    const body = c.req.raw.body;
    if (!body) return next();
    if (declared !== undefined && !(Number(declared) <= limit)) {
      await body.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limit) {
          await reader.cancel().catch(() => undefined);
          throw tooLarge(limit);
        }
        chunks.push(value);
      }
    } catch (error) {
      if (error instanceof ApiError) throw error;
      // the client went away or sent a broken chunked encoding
      throw new ApiError(400, 'bad_request', 'The request body could not be read.');
    }
    const whole = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      whole.set(chunk, offset);
      offset += chunk.byteLength;
    }
    c.req.raw = new Request(c.req.raw, { body: whole });
    return next();
  };
}

/** Multipart is allowed its larger limit only on the routes that take photos; everything else gets 64 KB. */
export function limitForPath(multipartPaths: RegExp) {
  return (req: Request, path: string) => {
    const type = req.headers.get('content-type') ?? '';
    return /^multipart\/form-data\b/i.test(type) && req.method === 'POST' && multipartPaths.test(path)
      ? MULTIPART_BODY_LIMIT
      : JSON_BODY_LIMIT;
  };
}
