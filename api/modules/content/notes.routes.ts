/**
 * "Something wrong here?": a young person or a PA tells the editors that an entitlement's page looks wrong
 * in their language. The note comes without sign-in, through the phone's outbox (so with an
 * Idempotency-Key, maybe more than once); only what the sender typed is kept, with the page and the
 * language, never who or where from. Editors read the queue in the studio and mark notes done.
 */
import { Hono } from 'hono';
import {
  ContentNotePatch,
  NewContentNote,
  type ContentNote,
  type ContentNoteList,
  type ContentNoteReceived,
  type NewContentNote as NewNote,
} from '#contract';
import type { Queryable } from '../../db/client';
import { iso, isoOrNull } from '../../db/values';
import type { AppDeps } from '../../deps';
import { clientKey } from '../../lib/client-ip';
import { ApiError } from '../../lib/errors';
import { RateLimitStore, tooManyRequests, type Bucket } from '../../lib/rate-limit';
import { parseJson } from '../../lib/validate';
import { requireRole, type AuthEnv } from '../auth/access';
import { audit } from '../auth/audit';
import { readIdempotencyKey } from '../housing-reports/housing-reports.routes';
import { draftState } from './content.queries';

/**
 * A person sends one note now and then; a college's Wi-Fi or a carrier's NAT puts many people behind one
 * address, hence a burst of 10, then one every 2 minutes per address.
 */
export const NOTE_BUCKET = { name: 'content_note', burst: 10, perMinute: 0.5 } as const satisfies Bucket;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface NoteRow {
  id: string;
  entitlement_id: string;
  locale: string;
  sender: 'young_person' | 'pa';
  note: string;
  content_version: number | null;
  received_at: Date | string;
  done_at: Date | string | null;
  email: string | null;
}

export function contentNotes(deps: AppDeps) {
  const { db, env } = deps;
  const app = new Hono<AuthEnv>();
  const limits = new RateLimitStore(db);
  const editors = requireRole('editor', 'admin');

  app.post('/notes', async (c) => {
    if (env.RATE_LIMIT === 'on') {
      const wait = await limits.take(clientKey(c, env), [NOTE_BUCKET]);
      if (wait > 0) throw tooManyRequests(wait, 'Too many notes from this connection. Yours is safe on your phone.');
    }
    const key = readIdempotencyKey(c);
    const note = await parseJson(c, NewContentNote);
    const { draft } = await draftState(db);
    if (!draft.entitlements.some((e) => e.id === note.entitlementId))
      throw new ApiError(400, 'invalid', 'There is no such page.', { entitlementId: 'is not an entitlement' });
    const { row, replayed } = await saveNote(db, key, note);
    return c.json(
      { id: row.id, receivedAt: iso(row.received_at) } satisfies ContentNoteReceived,
      201,
      replayed ? { 'Idempotency-Replayed': 'true' } : {},
    );
  });

  app.get('/notes', editors, async (c) => {
    const state = c.req.query('state') ?? 'open';
    if (state !== 'open' && state !== 'done')
      throw new ApiError(400, 'invalid', 'Ask for the open notes or the done ones.', { state: 'is open or done' });
    const rows = await db.query<NoteRow>(
      `select n.id, n.entitlement_id, n.locale, n.sender, n.note, n.content_version, n.received_at, n.done_at, u.email
         from content_notes n left join staff_users u on u.id = n.done_by
        where (n.done_at is null) = $1
        order by ${state === 'open' ? 'n.received_at' : 'n.done_at'} desc limit 200`,
      [state === 'open'],
    );
    const [count] = await db.query<{ n: number }>('select count(*)::int as n from content_notes where done_at is null');
    const { draft } = await draftState(db);
    const titles = draft.text.en?.entitlements ?? {};
    return c.json({
      open: Number(count!.n),
      notes: rows.map((r): ContentNote => ({
        id: r.id,
        entitlementId: r.entitlement_id,
        title: titles[r.entitlement_id]?.title ?? r.entitlement_id,
        locale: r.locale,
        from: r.sender,
        note: r.note,
        version: r.content_version === null ? null : Number(r.content_version),
        receivedAt: iso(r.received_at),
        doneAt: isoOrNull(r.done_at),
        doneBy: r.email,
      })),
    } satisfies ContentNoteList);
  });

  app.patch('/notes/:id', editors, async (c) => {
    const staff = c.get('staff')!;
    const id = c.req.param('id');
    if (!UUID.test(id)) throw new ApiError(404, 'not_found', 'There is no such note.');
    const { done } = await parseJson(c, ContentNotePatch);
    const changed = await db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: string }>(
        `update content_notes set done_at = case when $2 then coalesce(done_at, now()) end,
                done_by = case when $2 then coalesce(done_by, $3) end
          where id = $1 returning id`,
        [id, done, staff.id],
      );
      if (!row) return false;
      await audit(tx, {
        actorId: staff.id,
        action: done ? 'content.note_done' : 'content.note_reopened',
        details: { id },
      });
      return true;
    });
    if (!changed) throw new ApiError(404, 'not_found', 'There is no such note.');
    return c.body(null, 204);
  });

  return app;
}

/** Keeps the note once per Idempotency-Key; the same key with another note is the client's mistake. */
async function saveNote(db: Queryable, key: string, note: NewNote) {
  const [inserted] = await db.query<NoteRow>(
    `insert into content_notes (entitlement_id, locale, sender, note, content_version, idempotency_key)
     values ($1, $2, $3, $4, $5, $6) on conflict (idempotency_key) do nothing returning id, received_at`,
    [note.entitlementId, note.locale, note.from, note.note, note.version ?? null, key],
  );
  if (inserted) return { row: inserted, replayed: false };
  const [known] = await db.query<NoteRow>(
    'select id, entitlement_id, locale, sender, note, received_at from content_notes where idempotency_key = $1',
    [key],
  );
  const same =
    known &&
    known.entitlement_id === note.entitlementId &&
    known.locale === note.locale &&
    known.sender === note.from &&
    known.note === note.note;
  if (!same)
    throw new ApiError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used for another note.');
  return { row: known, replayed: true };
}
