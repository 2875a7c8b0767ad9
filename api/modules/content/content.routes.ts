/**
 * /api/content: the published pack's version for phones (public), and the studio for staff who edit it.
 * An edit is saved into the draft with `If-Match` (the item's ETag, so a stale write gets 412, never a
 * silent overwrite); publishing turns the draft into a new numbered version; an earlier version can be
 * republished. Drafts are seen only by staff who edit. Every change is audited.
 */
import { Hono, type Context } from 'hono';
import {
  OutcomeChangesRequest,
  PublishContent,
  SaveContentItem,
  type ContentItem,
  type OutcomeChanges,
  type PackDocument,
} from '#contract';
import { Locale } from '#contract/content';
import { isObject } from '#contract/is-object';
import type { AppDeps } from '../../deps';
import { authenticate, requireRole, type AuthEnv } from '../auth/access';
import { publishProblems } from '../../lib/content-pack';
import { sameOriginOnly } from '../../lib/csrf';
import { ApiError } from '../../lib/errors';
import { parseJson } from '../../lib/validate';
import { audit } from '../auth/audit';
import { canonical, etagOf, getItem, mayEditItem, placeOf, withItem } from './content-items';
import { currentVersion, draftState, insertVersion, listVersions, lockContent, packOf } from './content.queries';
import { keepInDraft, refuseInvalid, refuseStale } from './draft-changes';
import { outcomeChanges, scenarioPeople } from './outcome-changes';
import { studioEntitlements } from './studio-list';
import { studioItems } from './item-list';
import { changesForPhone } from './phone-changes';
import { reopenStaleTranslations } from './stale-translations';
import { contentNotes } from './notes.routes';
import { recordReview, reviews } from './reviews';
import { contentQuality } from './quality.routes';
import { listItemOf, refuseStillUsed } from './list-items';
import { listItems } from './list-items.routes';

const VERSION = /^[1-9][0-9]{0,8}$/;

function itemKey(c: Context): string {
  const key = c.req.param('key') ?? '';
  if (!placeOf(key)) throw new ApiError(404, 'not_found', 'There is no such item in the content pack.');
  return key;
}

export function content(deps: AppDeps) {
  const { db } = deps;
  const app = new Hono<AuthEnv>();
  app.use(sameOriginOnly(deps.env));
  app.use(authenticate(deps));
  const editors = requireRole('editor', 'translator', 'admin');
  const publishers = requireRole('editor', 'admin');
  // notes from the app, the content-health page and the comparison of versions
  app.route('/', contentNotes(deps));
  app.route('/', contentQuality(deps));
  // adding and removing a contact or a glossary word
  app.route('/', listItems(deps));

  // ── Public: what phones ask ─────────────────────────────────────────────────────────────────
  app.get('/version', async (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.json((await currentVersion(db))!);
  });

  /** A published version's whole pack: never changes, so it may be kept for good. */
  app.get('/versions/:version/pack', async (c) => {
    const n = c.req.param('version');
    const pack = VERSION.test(n) ? await packOf(db, Number(n)) : null;
    if (!pack) throw new ApiError(404, 'not_found', 'There is no such published version.');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.json(pack);
  });

  /**
   * The items that changed since version `since`, for the phone's languages. Both ends are published
   * versions, which never change, so the answer may be kept for good.
   */
  app.get('/versions/:version/changes', async (c) => {
    const n = c.req.param('version');
    const since = c.req.query('since') ?? '1';
    const locales = [...new Set((c.req.query('locales') ?? '').split(',').filter((l) => Locale.safeParse(l).success))];
    if (!VERSION.test(n) || !VERSION.test(since) || Number(since) >= Number(n))
      throw new ApiError(400, 'invalid', 'Ask for the changes from an earlier version to a later one.');
    const [to, from] = [await packOf(db, Number(n)), await packOf(db, Number(since))];
    if (!to || !from) throw new ApiError(404, 'not_found', 'There is no such published version.');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.json(changesForPhone(from, to, { since: Number(since), version: Number(n), locales }));
  });

  // ── Staff who edit ──────────────────────────────────────────────────────────────────────────
  app.get('/versions', editors, async (c) => c.json({ versions: await listVersions(db) }));

  app.get('/draft', editors, async (c) => c.json((await draftState(db)).summary));

  app.get('/entitlements', editors, async (c) => {
    const { draft, inDraft, current } = await draftState(db);
    return c.json(studioEntitlements(draft, inDraft, current.version, await reviews(db)));
  });

  /**
   * The contacts, words and facts changed in a form (entitlements' words are listed above); translators
   * use it to find the words of their languages.
   */
  app.get('/items', editors, async (c) => {
    const { draft, inDraft, current } = await draftState(db);
    return c.json(studioItems(draft, inDraft, current.version));
  });

  /** What changes for whom if the draft were published (the editor's added people run too). */
  app.post('/draft/outcome-changes', publishers, async (c) => {
    const { people } = await parseJson(c, OutcomeChangesRequest);
    const { current, published, draft } = await draftState(db);
    const changes = outcomeChanges(published, draft, { added: people });
    return c.json({
      basedOn: current.version,
      people: scenarioPeople().length + (people?.length ?? 0),
      changes,
    } satisfies OutcomeChanges);
  });

  app.get('/items/:key', editors, async (c) => {
    const key = itemKey(c);
    const { published, draft, inDraft } = await draftState(db);
    const value = getItem(draft, key);
    if (value === undefined && !inDraft.has(key))
      throw new ApiError(404, 'not_found', 'There is no such item in the content pack.');
    c.header('ETag', etagOf(value));
    return c.json({
      key,
      value: value ?? null,
      published: getItem(published, key) ?? null,
      inDraft: inDraft.has(key),
    } satisfies ContentItem);
  });

  app.put('/items/:key', editors, async (c) => {
    const staff = c.get('staff')!;
    const key = itemKey(c);
    if (!mayEditItem(staff, key)) throw new ApiError(403, 'forbidden', 'Your account cannot change this item.');
    const { value } = await parseJson(c, SaveContentItem);
    // words reviewed again are up to date with the English they were reviewed against
    if (placeOf(key)?.kind === 'text' && isObject(value) && value.status === 'reviewed') delete value.needsUpdate;
    const ifMatch = c.req.header('if-match');
    if (!ifMatch) throw new ApiError(428, 'if_match_required', 'Send the ETag of the item you edited in If-Match.');
    const saved = await db.transaction(async (tx) => {
      await lockContent(tx);
      const { current, published, draft } = await draftState(tx);
      const before = getItem(draft, key);
      refuseStale(ifMatch.trim(), before, 'make your change again');
      // taking an item out through a save is checked as a removal is
      const listItem = value === null ? listItemOf(key) : null;
      if (listItem?.key === key) refuseStillUsed(draft, listItem);
      const next = withItem(draft, key, value);
      refuseInvalid(next, 'The item has fields that are missing or wrong.');
      await keepInDraft(tx, { published, draft, basedOn: current.version }, [[key, value]], staff.id);
      await recordReview(tx, { key, before, value, actorId: staff.id });
      return { value: getItem(next, key), published: getItem(published, key) };
    });
    c.header('ETag', etagOf(saved.value));
    return c.json({
      key,
      value: saved.value ?? null,
      published: saved.published ?? null,
      inDraft: canonical(saved.value) !== canonical(saved.published),
    } satisfies ContentItem);
  });

  app.post('/publish', publishers, async (c) => {
    const staff = c.get('staff')!;
    const { note, confirmOutcomeChanges } = await parseJson(c, PublishContent);
    const published = await db.transaction(async (tx) => {
      await lockContent(tx);
      const { current, draft, summary, published: before } = await draftState(tx);
      if (!summary.items.length) throw new ApiError(409, 'nothing_to_publish', 'The draft has no changes to publish.');
      refuseUnpublishable(draft);
      refuseUnconfirmed(before, draft, confirmOutcomeChanges);
      const { pack, reopened } = reopenStaleTranslations(before, draft);
      const version = await insertVersion(tx, { pack, after: current.version, actorId: staff.id, note });
      await audit(tx, {
        actorId: staff.id,
        action: 'content.publish',
        details: {
          version: version.version,
          basedOn: current.version,
          keys: summary.items.map((i) => i.key),
          note,
          ...(reopened.length ? { reopened } : {}),
        },
      });
      return version;
    });
    return c.json(published, 201);
  });

  app.post('/versions/:version/republish', publishers, async (c) => {
    const staff = c.get('staff')!;
    const n = c.req.param('version');
    const { note, confirmOutcomeChanges } = await parseJson(c, PublishContent);
    const published = await db.transaction(async (tx) => {
      await lockContent(tx);
      const pack = VERSION.test(n) ? await packOf(tx, Number(n)) : null;
      if (!pack) throw new ApiError(404, 'not_found', 'There is no such published version.');
      const current = (await currentVersion(tx))!;
      if (current.version === Number(n))
        throw new ApiError(409, 'already_current', 'This version is the one published now.');
      // published once, but a later release may check more: the same checks as any publishing
      refuseUnpublishable(pack);
      // going back changes outcomes as surely as going forward
      refuseUnconfirmed((await packOf(tx, current.version))!, pack, confirmOutcomeChanges);
      const version = await insertVersion(tx, {
        pack,
        after: current.version,
        actorId: staff.id,
        note,
        restoredFrom: Number(n),
      });
      await audit(tx, {
        actorId: staff.id,
        action: 'content.republish',
        details: { version: version.version, restoredFrom: Number(n), replaced: current.version, note },
      });
      return version;
    });
    return c.json({ ...published, restoredFrom: Number(n) }, 201);
  });

  return app;
}

function refuseUnpublishable(pack: unknown) {
  const { problems, unsourced } = publishProblems(pack);
  if (!Object.keys(problems).length) return;
  if (unsourced) {
    throw new ApiError(
      422,
      'source_required',
      'Every fact needs a source URL, a source title and the date it was last checked before it is published.',
      problems,
    );
  }
  throw new ApiError(422, 'invalid_pack', 'The draft has fields that are missing or wrong.', problems);
}

/** A pack that changes someone's outcome is published only once the editor has seen who and confirmed. */
function refuseUnconfirmed(published: PackDocument, next: PackDocument, confirmed: boolean | undefined) {
  if (confirmed) return;
  const changes = outcomeChanges(published, next);
  if (!changes.length) return;
  const people = new Set(changes.map((change) => change.person)).size;
  throw new ApiError(
    409,
    'outcomes_change',
    `Publishing changes ${changes.length} outcome(s) for ${people} person(s) of the scenario table. Look at what changes for whom, then publish again with confirmOutcomeChanges.`,
  );
}
