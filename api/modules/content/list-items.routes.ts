/**
 * POST /api/content/items and DELETE /api/content/items/{key}: an editor adds a contact or a glossary word
 * to the draft, or removes one (with its words in every language); POST …/{key}/restore undoes a removal
 * with the values the removal answered. Each is checked as any save is (the build's schemas, field problems
 * named by pack path), takes the content lock, and writes an audit row for the whole change besides one per
 * key. Nothing reaches phones before the draft is published.
 */
import { Hono } from 'hono';
import { AddContentItem, RestoreContentItem, type ListItemChange, type RemovedListItem } from '#contract';
import type { AppDeps } from '../../deps';
import { ApiError } from '../../lib/errors';
import { parseJson } from '../../lib/validate';
import { requireRole, type AuthEnv } from '../auth/access';
import { audit } from '../auth/audit';
import { isObject } from '#contract/is-object';
import { etagOf, getItem, setItem, type Json } from './content-items';
import { draftState, lockContent } from './content.queries';
import { keepInDraft, refuseInvalid, refuseStale } from './draft-changes';
import { isKeyOfListItem, keysOfListItem, listItemOf, newListItem, refuseStillUsed, type ListItem } from './list-items';

/** what a refused removal or undo asks of the editor */
const DECIDE_AGAIN = 'decide again';

/** The list element `key` names, and the If-Match its change was sent with (400 and 428 otherwise). */
function listItemAndIfMatch(key: string, ifMatch: string | undefined): { item: ListItem; ifMatch: string } {
  const item = listItemOf(key);
  if (!item)
    throw new ApiError(400, 'not_removable', 'Only a contact or a glossary word can be removed; change the rest.');
  if (!ifMatch) throw new ApiError(428, 'if_match_required', 'Send the ETag of the item you opened in If-Match.');
  return { item, ifMatch: ifMatch.trim() };
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
              [item.key, isObject<Json>(body.value) ? { ...body.value, id: body.id } : body.value],
              [`text.en.contacts.${body.id}`, body.words ?? {}],
            ]
          : [[item.key, body.value]];
      const next = structuredClone(draft);
      for (const [key, value] of values) setItem(next, key, value);
      refuseInvalid(next, 'The new item has fields that are missing or wrong.');
      await keepInDraft(tx, { published, draft, basedOn: current.version }, values, staff.id);
      const keys = values.map(([key]) => key);
      await audit(tx, { actorId: staff.id, action: 'content.add', details: { kind: body.kind, id: body.id, keys } });
      return { key: item.key, keys } satisfies ListItemChange;
    });
    return c.json(change, 201);
  });

  app.delete('/items/:key', publishers, async (c) => {
    const staff = c.get('staff')!;
    const { item, ifMatch } = listItemAndIfMatch(c.req.param('key'), c.req.header('if-match'));
    const change = await db.transaction(async (tx) => {
      await lockContent(tx);
      const { current, published, draft } = await draftState(tx);
      const before = getItem(draft, item.key);
      if (before === undefined) throw new ApiError(404, 'not_found', 'There is no such item in the draft.');
      refuseStale(ifMatch, before, DECIDE_AGAIN);
      refuseStillUsed(draft, item);
      const keys = keysOfListItem(draft, item);
      await keepInDraft(
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
      const values = Object.fromEntries(keys.map((key) => [key, getItem(draft, key)!]));
      return { key: item.key, keys, values } satisfies RemovedListItem;
    });
    // the ETag of the item now it is gone: undoing the removal is sent with it, so a change since is refused
    return c.json(change, 200, { ETag: etagOf(undefined) });
  });

  app.post('/items/:key/restore', publishers, async (c) => {
    const staff = c.get('staff')!;
    const { item, ifMatch } = listItemAndIfMatch(c.req.param('key'), c.req.header('if-match'));
    const { values } = await parseJson(c, RestoreContentItem);
    const entries = Object.entries(values);
    if (values[item.key] == null || entries.some(([key, value]) => value === null || !isKeyOfListItem(item, key)))
      throw new ApiError(400, 'invalid', 'Send the values the removal answered: the item and its words only.');
    const change = await db.transaction(async (tx) => {
      await lockContent(tx);
      const { current, published, draft } = await draftState(tx);
      refuseStale(ifMatch, getItem(draft, item.key), DECIDE_AGAIN);
      // words put back in some language since the removal would be overwritten: refuse as any stale change
      for (const [key] of entries) refuseStale(etagOf(undefined), getItem(draft, key), DECIDE_AGAIN);
      const next = structuredClone(draft);
      for (const [key, value] of entries) setItem(next, key, value);
      refuseInvalid(next, 'The item cannot be put back as it was: it has fields that are wrong.');
      await keepInDraft(tx, { published, draft, basedOn: current.version }, entries, staff.id);
      const keys = entries.map(([key]) => key);
      await audit(tx, {
        actorId: staff.id,
        action: 'content.restore',
        details: { kind: item.kind, id: item.id, keys },
      });
      return { key: item.key, keys } satisfies ListItemChange;
    });
    return c.json(change, 200, { ETag: etagOf(values[item.key]) });
  });

  return app;
}
