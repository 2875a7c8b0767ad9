/** /api/admin/api-keys: admins make, show once and revoke the keys partners read Open311 with. */
import { beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../../api/modules/open311/open311.keys';
import { asStaff, createStaff, signIn } from '../helpers/staff';
import { THANET, type Json, expectError, startOpen311App } from '../helpers/open311';

/** This file's app, started once, with the partner keys. */
const t = startOpen311App();
const { get, post, damp } = t;

describe('/api/admin/api-keys', () => {
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    cookies.admin = await signIn(t.app, await createStaff(t.db, { email: 'keys.admin@example.test', role: 'admin' }));
    cookies.commissioner = await signIn(
      t.app,
      await createStaff(t.db, { email: 'keys.commissioner@example.test', role: 'commissioner' }),
    );
    cookies.pa = await signIn(t.app, await createStaff(t.db, { email: 'keys.pa@example.test', role: 'pa' }));
  });

  const call = (role: string | null, method: string, path = '', body?: unknown) =>
    t.app.request(`/api/admin/api-keys${path}`, asStaff(role ? cookies[role]! : null, { method, body }));

  it('admins only: anonymous 401, PA and commissioner 403', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const body = method === 'POST' ? { name: 'X' } : undefined;
      expect((await call(null, method, '', body)).status).toBe(401);
      expect((await call('pa', method, '', body)).status).toBe(403);
      expect((await call('commissioner', method, '', body)).status).toBe(403);
    }
    expect((await call('commissioner', 'DELETE', `/${crypto.randomUUID()}`)).status).toBe(403);
  });

  it('creates a key limited to districts, shows it once, stores only its hash; the key works at once', async () => {
    const res = await call('admin', 'POST', '', { name: 'Thanet housing team', districts: [THANET] });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { apiKey: Json; key: string };
    expect(created.key).toMatch(/^o311_[A-Za-z0-9_-]{43}$/);
    expect(created.apiKey).toMatchObject({
      name: 'Thanet housing team',
      districts: [THANET],
      createdBy: 'keys.admin@example.test',
      revokedAt: null,
    });
    expect(created.key.startsWith(created.apiKey.keyPrefix as string)).toBe(true);

    const rows = await t.db.query<Record<string, unknown>>('select * from api_keys where id = $1', [created.apiKey.id]);
    expect(rows[0]!.key_hash).toBe(hashKey(created.key));
    expect(JSON.stringify(rows)).not.toContain(created.key);

    const listed = (await (await call('admin', 'GET')).json()) as { apiKeys: Json[] };
    const mine = listed.apiKeys.find((k) => k.id === created.apiKey.id)!;
    expect(mine).toMatchObject({ name: 'Thanet housing team' });
    expect(JSON.stringify(listed)).not.toContain(created.key);

    expect((await get(`requests.json?api_key=${created.key}`)).status).toBe(200);
    const audit = await t.db.query<{ action: string }>(
      `select action from audit_log where details->>'apiKeyId' = $1 group by action order by min(id)`,
      [created.apiKey.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['api_key.create', 'open311.read']);
  });

  it('revokes a key: it stops working at once, and the revocation is audited', async () => {
    const { apiKey, key } = (await (
      await call('admin', 'POST', '', { name: 'Short-lived', districts: null })
    ).json()) as { apiKey: Json; key: string };
    expect((await get(`requests.json?api_key=${key}`)).status).toBe(200);
    const res = await call('admin', 'DELETE', `/${apiKey.id}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { apiKey: Json }).apiKey.revokedAt).toEqual(expect.any(String));
    await expectError(await get(`requests.json?api_key=${key}`), 'json', 403, /revoked/);
    await expectError(await post('json', damp({ api_key: key })), 'json', 403, /api_key/);
    const audit = await t.db.query<{ action: string }>(
      `select action from audit_log where details->>'apiKeyId' = $1 group by action order by min(id)`,
      [apiKey.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['api_key.create', 'open311.read', 'api_key.revoke']);
  });

  it('validation: a name is required, districts must be known; an unknown id → 404; cross-site → 403', async () => {
    expect((await call('admin', 'POST', '', { name: '' })).status).toBe(400);
    expect((await call('admin', 'POST', '', { name: 'X', districts: ['E99999999'] })).status).toBe(400);
    expect((await call('admin', 'POST', '', { name: 'X', districts: [] })).status).toBe(400);
    expect((await call('admin', 'DELETE', `/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await call('admin', 'DELETE', '/not-a-uuid')).status).toBe(404);
    const crossSite = await t.app.request('/api/admin/api-keys', {
      ...asStaff(cookies.admin!, { method: 'POST', body: { name: 'Evil' } }),
      headers: { cookie: cookies.admin!, origin: 'https://evil.example', 'content-type': 'application/json' },
    });
    expect(crossSite.status).toBe(403);
  });
});
