import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiFetch } from './api-client';

afterEach(() => vi.unstubAllGlobals());

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('apiFetch', () => {
  it('returns the JSON body, sends objects as JSON with same-origin credentials', async () => {
    const fetch = vi.fn(async () => json(201, { id: 1 }));
    vi.stubGlobal('fetch', fetch);
    await expect(apiFetch('/api/x', { method: 'POST', body: { a: 1 } })).resolves.toEqual({ id: 1 });
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.credentials).toBe('same-origin');
    expect(init.body).toBe('{"a":1}');
    expect(new Headers(init.headers).get('Content-Type')).toBe('application/json');
  });

  it('turns the error shape into an ApiError with fields', async () => {
    vi.stubGlobal('fetch', async () =>
      json(400, { error: { code: 'invalid', message: 'Check the form', fields: { lat: 'must be a number' } } }),
    );
    const err = await apiFetch('/api/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 400,
      code: 'invalid',
      message: 'Check the form',
      fields: { lat: 'must be a number' },
    });
  });

  it('a 5xx without JSON still gives a readable ApiError', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>bad gateway</html>', { status: 502 }));
    await expect(apiFetch('/api/x')).rejects.toMatchObject({
      status: 502,
      code: 'http_502',
      messageKey: 'errors.server',
    });
  });

  it('a network failure is code "offline" with a plain-language message key', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(apiFetch('/api/x')).rejects.toMatchObject({
      status: 0,
      code: 'offline',
      messageKey: 'errors.offline',
    });
  });

  it('checks the body with the schema when one is given', async () => {
    vi.stubGlobal('fetch', async () => json(200, { n: 'one' }));
    const schema = {
      parse(data: unknown) {
        if (typeof (data as { n?: unknown }).n !== 'number') throw new Error('n must be a number');
        return data as { n: number };
      },
    };
    await expect(apiFetch('/api/x', {}, schema)).rejects.toThrow('n must be a number');
  });
});
