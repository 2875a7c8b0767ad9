import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';
import type { ApiErrorBody } from '#contract';

/** A client mistake or a refusal: becomes the JSON error shape in `onError`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const errorBody = (code: string, message: string, fields?: Record<string, string>): ApiErrorBody => ({
  error: fields ? { code, message, fields } : { code, message },
});

export function handleError(err: Error, c: Context) {
  if (err instanceof ApiError) {
    return c.json(errorBody(err.code, err.message, err.fields), err.status, err.headers);
  }
  if (err instanceof HTTPException) {
    // Hono's own refusals (body limit, malformed JSON in a validator) keep their status
    const status = err.status;
    const code = status === 413 ? 'too_large' : status === 400 ? 'bad_request' : 'http_error';
    return c.json(errorBody(code, err.message || 'The request could not be handled.'), status as ContentfulStatusCode);
  }
  logUnhandled(c, err);
  return c.json(errorBody('internal', 'Something went wrong on our side. Please try again later.'), 500);
}

export const notFound = (c: Context) =>
  c.json(errorBody('not_found', `There is nothing at ${c.req.method} ${c.req.path}.`), 404);

/** A server fault, logged with its message and stack only: a driver's `detail` can quote the values of a row. */
export function logUnhandled(c: Context, err: Error) {
  c.get('log')?.error({ err: { type: err.name, message: err.message, stack: err.stack } }, 'unhandled error');
}
