/**
 * /api/admin/api-keys: admins make, list and revoke Open311 keys. The key is returned once, at
 * creation; only its hash is stored. Every change is in the audit log, in the same transaction.
 */
import { Hono } from 'hono';
import { CreateApiKey, type ApiKeyCreated, type ApiKeyList } from '#contract';
import type { AppDeps } from '../../deps';
import { authenticate, requireRole, type AuthEnv } from '../auth/access';
import { sameOriginOnly } from '../../lib/csrf';
import { ApiError } from '../../lib/errors';
import { parseJson } from '../../lib/validate';
import { audit } from '../auth/audit';
import { createApiKey, listApiKeys, revokeApiKey } from './open311.keys';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function open311Admin(deps: Pick<AppDeps, 'db' | 'env'>) {
  const { db } = deps;
  const app = new Hono<AuthEnv>();
  app.use(authenticate(deps), requireRole('admin'), sameOriginOnly(deps.env));

  app.get('/', async (c) => c.json({ apiKeys: await listApiKeys(db) } satisfies ApiKeyList));

  app.post('/', async (c) => {
    const staff = c.get('staff')!;
    const input = await parseJson(c, CreateApiKey);
    const created = await db.transaction(async (tx) => {
      const made = await createApiKey(tx, {
        name: input.name,
        districts: input.districts,
        scope: input.scope,
        createdBy: staff.email,
      });
      await audit(tx, {
        actorId: staff.id,
        action: 'api_key.create',
        details: {
          apiKeyId: made.apiKey.id,
          name: made.apiKey.name,
          districts: made.apiKey.districts,
          scope: made.apiKey.scope,
        },
      });
      return made;
    });
    return c.json({ apiKey: created.apiKey, key: created.key } satisfies ApiKeyCreated, 201);
  });

  app.delete('/:id', async (c) => {
    const staff = c.get('staff')!;
    const id = c.req.param('id');
    const revoked = UUID.test(id)
      ? await db.transaction(async (tx) => {
          const key = await revokeApiKey(tx, id);
          if (key)
            await audit(tx, {
              actorId: staff.id,
              action: 'api_key.revoke',
              details: { apiKeyId: key.id, name: key.name },
            });
          return key;
        })
      : null;
    if (!revoked) throw new ApiError(404, 'not_found', 'There is no API key with this id.');
    return c.json({ apiKey: revoked });
  });

  return app;
}
