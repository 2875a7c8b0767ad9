/**
 * POST /api/content/items and DELETE /api/content/items/{key}: an editor adds a contact or a glossary word
 * to the draft, or removes one (with its words in every language). Both are checked as any save is (the
 * build's schemas, field problems named by pack path), take the content lock, and write an audit row for
 * the whole change besides one per key. Nothing reaches phones before the draft is published.
 */
import { Hono } from 'hono';
import { AddContentItem, type ListItemChange, type PackDocument } from '#contract';
import type { Queryable } from '../../db/client';
import type { AppDeps } from '../../deps';
import { draftProblems } from '../../lib/content-pack';
import { ApiError } from '../../lib/errors';
import { parseJson } from '../../lib/validate';
import { requireRole, type AuthEnv } from '../auth/access';
import { audit } from '../auth/audit';
import { etagOf, getItem, setItem, type Json } from './content-items';
import { draftState, lockContent, saveDraftItem } from './content.queries';
import { keysOfListItem, listItemOf, newListItem, refuseStillUsed } from './list-items';

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keeps each key's new value (null: removed) in the draft, one audit row each. Holds the lock. */
async function saveAll(
  tx: Queryable,
  state: { published: PackDocument; draft: PackDocument; basedOn: number },
  values: [key: string, value: Json][],
  actorId: string,
) {
  for (const [key, value] of values) {
    await saveDraftItem(tx, {
      key,
      value,
      published: getItem(state.published, key),
      before: getItem(state.draft, key),
      actorId,
      basedOn: state.basedOn,
    });
  }
}

export function listItems(deps: AppDeps) {
  const { db } = deps;
  const app = new Hono<AuthEnv>();
  const publishers = requireRole('editor', 'admin');

  app.post('/items', publishers, async (c) => {
    const staff = c.get('staff')!;
    const body = await parseJson(c, AddContentItem);
    const change = await db.transaction(async (tx) => {
      await lockContent(tx);
      const { current, published, draft } = await draftState(tx);
      const item = newListItem(draft, body.kind, body.id);
      // a contact's id is in its facts; its English name and description are its words
      const values: [string, Json][] =
        body.kind === 'contact'
          ? [
              [item.key, isObject(body.value) ? { ...body.value, id: body.id } : body.value],
              [`text.en.contacts.${body.id}`, body.words ?? {}],
            ]
          : [[item.key, body.value]];
      const next = structuredClone(draft);
      for (const [key, value] of values) setItem(next, key, value);
      const problems = draftProblems(next);
      if (Object.keys(problems).length)
        throw new ApiError(400, 'invalid', 'The new item has fields that are missing or wrong.', problems);
      await saveAll(tx, { published, draft, basedOn: current.version }, values, staff.id);
      const keys = values.map(([key]) => key);
      await audit(tx, { actorId: staff.id, action: 'content.add', details: { kind: body.kind, id: body.id, keys } });
      return { key: item.key, keys } satisfies ListItemChange;
    });
    return c.json(change, 201);
  });

  app.delete('/items/:key', publishers, async (c) => {
    const staff = c.get('staff')!;
    const item = listItemOf(c.req.param('key'));
    if (!item)
      throw new ApiError(400, 'not_removable', 'Only a contact or a glossary word can be removed; change the rest.');
    const ifMatch = c.req.header('if-match');
    if (!ifMatch) throw new ApiError(428, 'if_match_required', 'Send the ETag of the item you opened in If-Match.');
    const change = await db.transaction(async (tx) => {
      await lockContent(tx);
      const { current, published, draft } = await draftState(tx);
      const before = getItem(draft, item.key);
      if (before === undefined) throw new ApiError(404, 'not_found', 'There is no such item in the draft.');
      if (ifMatch.trim() !== etagOf(before))
        throw new ApiError(
          412,
          'edit_conflict',
          'Someone else changed this item since you opened it. Reload it, then decide again.',
          undefined,
          { ETag: etagOf(before) },
        );
      refuseStillUsed(draft, item);
      const keys = keysOfListItem(draft, item);
      await saveAll(
        tx,
        { published, draft, basedOn: current.version },
        keys.map((key) => [key, null]),
        staff.id,
      );
      await audit(tx, {
        actorId: staff.id,
        action: 'content.remove',
        details: { kind: item.kind, id: item.id, keys, before },
      });
      return { key: item.key, keys } satisfies ListItemChange;
    });
    return c.json(change);
  });

  return app;
}
