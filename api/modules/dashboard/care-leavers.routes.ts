/**
 * /api/admin/care-leavers: admins enter how many care leavers live in each district, with the source and
 * date of the number. Every change is in the audit log, in the same transaction.
 */
import { Hono } from 'hono';
import { CARE_LEAVER_DISTRICTS, SetCareLeavers, type CareLeaversList } from '#contract';
import type { AppDeps } from '../../deps';
import { authenticate, requireRole, type AuthEnv } from '../auth/access';
import { sameOriginOnly } from '../../lib/csrf';
import { ApiError } from '../../lib/errors';
import { parseJson } from '../../lib/validate';
import { audit } from '../auth/audit';
import { clearCareLeavers, listCareLeavers, setCareLeavers } from './care-leavers';

function districtOf(code: string): string {
  if (!(CARE_LEAVER_DISTRICTS as readonly string[]).includes(code))
    throw new ApiError(404, 'not_found', 'There is no such district in Kent and Medway.');
  return code;
}

export function careLeaversAdmin(deps: Pick<AppDeps, 'db' | 'env'>) {
  const { db } = deps;
  const app = new Hono<AuthEnv>();
  app.use(authenticate(deps), requireRole('admin'), sameOriginOnly(deps.env));

  app.get('/', async (c) => c.json({ districts: await listCareLeavers(db) } satisfies CareLeaversList));

  app.put('/:district', async (c) => {
    const district = districtOf(c.req.param('district'));
    const input = await parseJson(c, SetCareLeavers);
    const staff = c.get('staff')!;
    await db.transaction(async (tx) => {
      await setCareLeavers(tx, district, input, staff.id);
      await audit(tx, { actorId: staff.id, action: 'care_leavers.set', details: { district, ...input } });
    });
    return c.json({ districts: await listCareLeavers(db) } satisfies CareLeaversList);
  });

  app.delete('/:district', async (c) => {
    const district = districtOf(c.req.param('district'));
    const staff = c.get('staff')!;
    const removed = await db.transaction(async (tx) => {
      const had = await clearCareLeavers(tx, district);
      if (had) await audit(tx, { actorId: staff.id, action: 'care_leavers.clear', details: { district } });
      return had;
    });
    if (!removed) throw new ApiError(404, 'not_found', 'Nothing was entered for this district.');
    return c.json({ districts: await listCareLeavers(db) } satisfies CareLeaversList);
  });

  return app;
}
