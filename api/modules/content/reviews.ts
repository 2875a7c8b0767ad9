/**
 * Who reviewed a translation, and when. The pack carries only the status (phones need no names); the
 * studio shows the reviewer and the date beside it. A save that marks an entitlement's or a template's words reviewed
 * (or changes words already reviewed) records its author as the reviewer.
 */
import type { Queryable } from '../../db/client';
import { iso } from '../../db/values';
import { placeOf, sameValue, type Json } from './content-items';

const statusOf = (v: Json | undefined) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v.status as string | undefined) : undefined;

export async function recordReview(
  tx: Queryable,
  input: { key: string; before: Json | undefined; value: Json; actorId: string },
): Promise<void> {
  const place = placeOf(input.key);
  if (place?.kind !== 'text' || (place.field !== 'entitlements' && place.field !== 'responseTemplates')) return;
  if (statusOf(input.value) !== 'reviewed') return;
  if (statusOf(input.before) === 'reviewed' && sameValue(input.before, input.value)) return;
  await tx.query(
    `insert into content_reviews (key, reviewed_by) values ($1, $2)
     on conflict (key) do update set reviewed_by = excluded.reviewed_by, reviewed_at = now()`,
    [input.key, input.actorId],
  );
}

export interface Review {
  reviewedBy: string | null;
  reviewedAt: string;
}

/** Every recorded review, by item key. */
export async function reviews(db: Queryable): Promise<Map<string, Review>> {
  const rows = await db.query<{ key: string; email: string | null; reviewed_at: Date | string }>(
    `select r.key, u.email, r.reviewed_at from content_reviews r left join staff_users u on u.id = r.reviewed_by`,
  );
  return new Map(rows.map((r) => [r.key, { reviewedBy: r.email, reviewedAt: iso(r.reviewed_at) }]));
}
