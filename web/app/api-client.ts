/**
 * fetch wrapper for our own API. Success → the parsed JSON (checked by `schema` when one is given,
 * e.g. a zod schema from #contract). Failure → an `ApiError` carrying the server's error shape
 * `{ error: { code, message, fields? } }`, or code `offline` when the network is not there.
 * `messageKey` is an i18n key with a plain-language sentence for the person using the app.
 */

export interface Parser<T> {
  parse(data: unknown): T;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
    readonly messageKey: string = messageKeyFor(status, code),
  ) {
    super(message);
  }
}

function messageKeyFor(status: number, code: string): string {
  if (code === 'offline') return 'errors.offline';
  if (status === 429) return 'errors.too_many';
  if (status >= 500) return 'errors.server';
  return 'errors.generic';
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; fields?: unknown };
}

/** The server's `{ error: { code, message, fields? } }` of a refused request, read once for every caller. */
export async function toApiError(response: Response): Promise<ApiError> {
  let body: ErrorBody | undefined;
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    body = undefined; // not JSON (a proxy's HTML error page, for example)
  }
  const err = body?.error;
  const code = typeof err?.code === 'string' ? err.code : `http_${response.status}`;
  const message = typeof err?.message === 'string' ? err.message : response.statusText || 'Request failed';
  const fields =
    err?.fields && typeof err.fields === 'object'
      ? Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [k, String(v)]))
      : {};
  return new ApiError(response.status, code, message, fields);
}

/**
 * `apiFetch('/api/districts')`, `apiFetch('/api/reports', { method: 'POST', body }, ReportCreated)`.
 * A plain-object `body` is sent as JSON. Cookies go along for same-origin calls only.
 */
export async function apiFetch<T = unknown>(
  path: string,
  init: Omit<RequestInit, 'body'> & { body?: BodyInit | object | null } = {},
  schema?: Parser<T>,
): Promise<T> {
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json');
  let body = init.body as BodyInit | null | undefined;
  if (init.body && isPlainObject(init.body)) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(init.body);
  }

  return apiResponse(fetch(path, { ...init, headers, body, credentials: 'same-origin' }), schema);
}

/**
 * An answer of our API read as apiFetch reads it, for a request sent earlier (a page's first data, asked
 * for while its code was still loading).
 */
export async function apiResponse<T = unknown>(sent: Promise<Response>, schema?: Parser<T>): Promise<T> {
  let response: Response;
  try {
    response = await sent;
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'offline', 'The network is not available', {}, 'errors.offline');
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;

  let data: unknown;
  try {
    data = await response.json();
  } catch {
    throw new ApiError(response.status, 'invalid_response', 'The server sent something we could not read');
  }
  return schema ? schema.parse(data) : (data as T);
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null || Array.isArray(value);
}
