/**
 * Content versions and the draft in the database (api/db/migrations/013-content-studio.sql). Every
 * change takes one advisory lock, so saves and publishes follow each other on any number of servers, and
 * writes its audit row in the same transaction.
 */
import type { ContentDraft, ContentVersion, ContentVersionSummary, PackDocument } from '#contract';
import type { Queryable } from '../../db/client';
import { iso, jsonValue } from '../../db/values';
import { withShippedTemplates } from '../../lib/content-pack';
import { audit } from '../auth/audit';
import { changedKeys, getItem, sameValue, setItem, type Json } from './content-items';

const CONTENT_LOCK = 724313;
export const lockContent = (tx: Queryable) => tx.query('select pg_advisory_xact_lock($1)', [CONTENT_LOCK]);

export async function currentVersion(db: Queryable): Promise<ContentVersion | null> {
  const [row] = await db.query<{ version: number; published_at: Date | string }>(
    'select version, published_at from content_versions order by version desc limit 1',
  );
  return row ? { version: Number(row.version), publishedAt: iso(row.published_at) } : null;
}

// Versions never change, so a pack once read is kept (the newest few, to bound memory). A version number
// names a pack within its own database only, and one process may hold several (the API tests run file after
// file in one process, each on its own database): each database keeps its own.
const packsOf = new WeakMap<Queryable, Map<number, PackDocument>>();

export async function packOf(db: Queryable, version: number): Promise<PackDocument | null> {
  let packs = packsOf.get(db);
  if (!packs) packsOf.set(db, (packs = new Map()));
  const cached = packs.get(version);
  if (cached) return cached;
  const [row] = await db.query<{ pack: PackDocument | string }>(
    'select pack from content_versions where version = $1',
    [version],
  );
  if (!row) return null;
  const pack = withShippedTemplates(jsonValue(row.pack));
  packs.set(version, pack);
  if (packs.size > 4) packs.delete(Math.min(...packs.keys()));
  return pack;
}

export async function listVersions(db: Queryable): Promise<ContentVersionSummary[]> {
  const rows = await db.query<{
    version: number;
    published_at: Date | string;
    email: string | null;
    restored_from: number | null;
    note: string | null;
  }>(
    `select v.version, v.published_at, u.email, v.restored_from, v.note
       from content_versions v left join staff_users u on u.id = v.published_by
      order by v.version desc`,
  );
  return rows.map((r) => ({
    version: Number(r.version),
    publishedAt: iso(r.published_at),
    publishedBy: r.email,
    restoredFrom: r.restored_from === null ? null : Number(r.restored_from),
    note: r.note,
  }));
}

interface DraftRow {
  key: string;
  value: Json | string | null;
  updated_at: Date | string;
  email: string | null;
}

async function draftRows(db: Queryable): Promise<DraftRow[]> {
  return db.query<DraftRow>(
    `select d.key, d.value, d.updated_at, u.email from content_drafts d left join staff_users u on u.id = d.updated_by order by d.key`,
  );
}

/** The current version and the draft laid over it. */
export async function draftState(db: Queryable) {
  const current = await currentVersion(db);
  if (!current) throw new Error('no content version: run prepareDatabase first');
  const published = (await packOf(db, current.version))!;
  const rows = await draftRows(db);
  const draft = rows.length ? structuredClone(published) : published;
  for (const row of rows) setItem(draft, row.key, row.value === null ? null : jsonValue(row.value));
  const summary: ContentDraft = {
    basedOn: current.version,
    items: rows.map((r) => ({
      key: r.key,
      removed: r.value === null,
      updatedAt: iso(r.updated_at),
      updatedBy: r.email,
    })),
  };
  return { current, published, draft, summary, inDraft: new Set(rows.map((r) => r.key)) };
}

/**
 * Keeps `value` as the item's draft. A value equal to the published one leaves the draft (nothing left to
 * publish for that item). The caller holds the content lock and has checked the value and the ETag.
 */
export async function saveDraftItem(
  tx: Queryable,
  input: {
    key: string;
    value: Json;
    published: Json | undefined;
    before: Json | undefined;
    actorId: string | null;
    basedOn: number;
  },
) {
  const { key, value, published, before, actorId, basedOn } = input;
  const unchanged = sameValue(value, published ?? null);
  if (unchanged) await tx.query('delete from content_drafts where key = $1', [key]);
  else {
    await tx.query(
      `insert into content_drafts (key, value, updated_by) values ($1, $2::json, $3)
       on conflict (key) do update set value = excluded.value, updated_by = excluded.updated_by, updated_at = now()`,
      [key, value === null ? null : JSON.stringify(value), actorId],
    );
  }
  await audit(tx, { actorId, action: 'content.save', details: { key, basedOn, before: before ?? null, after: value } });
}

/** A new version holding `pack`; the draft is emptied. The caller holds the content lock. */
export async function insertVersion(
  tx: Queryable,
  input: { pack: PackDocument; after: number; actorId: string | null; note?: string; restoredFrom?: number },
): Promise<ContentVersion> {
  const [row] = await tx.query<{ version: number; published_at: Date | string }>(
    `insert into content_versions (version, pack, published_by, restored_from, note) values ($1, $2::json, $3, $4, $5)
     returning version, published_at`,
    [input.after + 1, JSON.stringify(input.pack), input.actorId, input.restoredFrom ?? null, input.note ?? null],
  );
  await tx.query('delete from content_drafts');
  return { version: Number(row!.version), publishedAt: iso(row!.published_at) };
}

/** Replaces the draft with the differences between the current version and `pack`. Holds the lock. */
export async function replaceDraft(tx: Queryable, pack: PackDocument, actorId: string | null): Promise<string[]> {
  await lockContent(tx);
  const { published, current } = await draftState(tx);
  const keys = changedKeys(published, pack);
  await tx.query('delete from content_drafts');
  for (const key of keys) {
    const value = getItem(pack, key);
    await tx.query('insert into content_drafts (key, value, updated_by) values ($1, $2::json, $3)', [
      key,
      value === undefined ? null : JSON.stringify(value),
      actorId,
    ]);
  }
  await audit(tx, {
    actorId,
    action: 'content.import',
    details: { basedOn: current.version, items: keys.length, keys: keys.slice(0, 200) },
  });
  return keys;
}
