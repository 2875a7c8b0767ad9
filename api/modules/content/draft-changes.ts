/**
 * How a change to the content draft is checked and kept, the same for a save, "checked today", adding,
 * removing and putting back an item: it must be sent against the item as the draft holds it now (else 412,
 * with that ETag), the draft after it must pass the build's schemas (else 400, each problem named by pack
 * path), and each key's new value is kept with an audit row of its own. The caller holds the content lock.
 */
import type { PackDocument } from '#contract';
import type { Queryable } from '../../db/client';
import { draftProblems } from '../../lib/content-pack';
import { ApiError } from '../../lib/errors';
import { etagOf, getItem, type Json } from './content-items';
import { saveDraftItem } from './content.queries';

/** Refuses (412) a change sent with an ETag other than that of the item's value in the draft now. */
export function refuseStale(ifMatch: string, now: Json | undefined, then: string): void {
  if (ifMatch !== etagOf(now))
    throw new ApiError(
      412,
      'edit_conflict',
      `Someone else changed this item since you opened it. Reload it, then ${then}.`,
      undefined,
      { ETag: etagOf(now) },
    );
}

/** Refuses (400) a draft the build's schemas find wrong, naming each problem by its pack path. */
export function refuseInvalid(next: PackDocument, message: string): void {
  const problems = draftProblems(next);
  if (Object.keys(problems).length) throw new ApiError(400, 'invalid', message, problems);
}

/** Keeps each key's new value (null: removed) in the draft, one audit row each. */
export async function keepInDraft(
  tx: Queryable,
  state: { published: PackDocument; draft: PackDocument; basedOn: number },
  values: [key: string, value: Json][],
  actorId: string,
): Promise<void> {
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
