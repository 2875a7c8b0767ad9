/**
 * /api/content/health and /api/content/diff: what an editor needs to keep the pack right. The health of
 * the draft (facts not checked for the admin's period, unverified facts, words missing or not reviewed,
 * source links the server fetched on request), "checked today" with the source URL typed again, and the
 * field-by-field comparison of any two versions (or a version and the draft). Every change is audited.
 */
import { Hono } from 'hono';
import {
  ContentHealthSettings,
  LinkCheckRequest,
  MarkFactChecked,
  fieldChanges,
  type ContentHealth,
  type LinkCheckResult,
  type VersionDiff,
  type VersionDiffItem,
} from '#contract';
import type { Queryable } from '../../db/client';
import type { AppDeps } from '../../deps';
import { ApiError } from '../../lib/errors';
import { parseJson } from '../../lib/validate';
import { requireRole, type AuthEnv } from '../auth/access';
import { audit } from '../auth/audit';
import { atPath, checkedBefore, factKeys, healthFacts, healthLanguages, sourceUrls } from './content-health';
import { changedKeys, getItem, placeOf, withItem, type Json } from './content-items';
import { draftState, lockContent, packOf } from './content.queries';
import { keepInDraft, refuseInvalid } from './draft-changes';
import { checkLinks, lastChecks } from './link-check';

const VERSION = /^[1-9][0-9]{0,8}$/;
const MOST_CHANGES_PER_ITEM = 60;

async function staleAfterMonths(db: Queryable): Promise<number> {
  const [row] = await db.query<{ stale_after_months: number }>('select stale_after_months from content_settings');
  return Number(row?.stale_after_months ?? 6);
}

export function contentQuality(deps: AppDeps) {
  const { db } = deps;
  const app = new Hono<AuthEnv>();
  const readers = requireRole('editor', 'translator', 'admin');
  const editors = requireRole('editor', 'admin');
  const admins = requireRole('admin');

  app.get('/health', readers, async (c) => {
    const { current, draft } = await draftState(db);
    const months = await staleAfterMonths(db);
    const before = checkedBefore(new Date(), months);
    const [open] = await db.query<{ n: number }>('select count(*)::int as n from content_notes where done_at is null');
    return c.json({
      basedOn: current.version,
      staleAfterMonths: months,
      checkedBefore: before,
      facts: healthFacts(draft, before, await lastChecks(db)),
      languages: healthLanguages(draft),
      openNotes: Number(open!.n),
    } satisfies ContentHealth);
  });

  app.put('/health/settings', admins, async (c) => {
    const staff = c.get('staff')!;
    const { staleAfterMonths: months } = await parseJson(c, ContentHealthSettings);
    await db.transaction(async (tx) => {
      const before = await staleAfterMonths(tx);
      await tx.query('update content_settings set stale_after_months = $1, updated_at = now(), updated_by = $2', [
        months,
        staff.id,
      ]);
      await audit(tx, { actorId: staff.id, action: 'content.health_settings', details: { before, after: months } });
    });
    return c.json({ staleAfterMonths: months } satisfies ContentHealthSettings);
  });

  /** The server fetches the draft's source links now; the phone never does. */
  app.post('/health/links', editors, async (c) => {
    const staff = c.get('staff')!;
    const { urls: asked } = await parseJson(c, LinkCheckRequest);
    const { draft } = await draftState(db);
    const known = sourceUrls(draft);
    const unknown = (asked ?? []).filter((url) => !known.includes(url));
    // the server fetches only addresses an editor put in the pack, never one a request names
    if (unknown.length)
      throw new ApiError(400, 'invalid', 'Only the sources of the draft can be checked.', {
        urls: `not a source of the draft: ${unknown[0]}`,
      });
    const links = await checkLinks(db, asked ? [...new Set(asked)] : known);
    const broken = links.filter((l) => !l.ok);
    await audit(db, {
      actorId: staff.id,
      action: 'content.links_checked',
      details: { checked: links.length, broken: broken.map((l) => l.url).slice(0, 100) },
    });
    return c.json({ checked: links.length, broken: broken.length, links } satisfies LinkCheckResult);
  });

  /** "Checked today": the fact's last-checked date becomes today, its source URL the one typed again. */
  app.post('/health/checked', editors, async (c) => {
    const staff = c.get('staff')!;
    const { key, path, sourceUrl } = await parseJson(c, MarkFactChecked);
    const today = new Date().toISOString().slice(0, 10);
    const result = await db.transaction(async (tx) => {
      await lockContent(tx);
      const { current, published, draft } = await draftState(tx);
      const item = factKeys(draft).includes(key) ? getItem(draft, key) : undefined;
      const value = structuredClone(item) as Json | undefined;
      const fact = atPath(value, path) as Record<string, Json> | undefined;
      if (!fact || typeof fact !== 'object' || Array.isArray(fact) || typeof fact.lastChecked !== 'string')
        throw new ApiError(404, 'not_found', 'There is no such fact in the draft.');
      const source = fact.source as Record<string, Json>;
      const was = { url: source.url, lastChecked: fact.lastChecked };
      source.url = sourceUrl;
      fact.lastChecked = today;
      refuseInvalid(withItem(draft, key, value), 'The fact has fields that are missing or wrong.');
      await keepInDraft(tx, { published, draft, basedOn: current.version }, [[key, value!]], staff.id);
      await audit(tx, {
        actorId: staff.id,
        action: 'content.fact_checked',
        details: { key, path, sourceUrl, was, urlChanged: was.url !== sourceUrl },
      });
      return { key, path, sourceUrl, lastChecked: today, urlChanged: was.url !== sourceUrl };
    });
    return c.json(result);
  });

  /** Any two versions (or a version and the draft), item by item, field by field, language by language. */
  app.get('/diff', readers, async (c) => {
    const from = c.req.query('from') ?? '';
    const to = c.req.query('to') ?? '';
    if (!VERSION.test(from) || !(VERSION.test(to) || to === 'draft'))
      throw new ApiError(400, 'invalid', 'Choose two versions to compare.', {
        ...(VERSION.test(from) ? {} : { from: 'is a version number' }),
        ...(VERSION.test(to) || to === 'draft' ? {} : { to: 'is a version number or draft' }),
      });
    const a = await packOf(db, Number(from));
    const b = to === 'draft' ? (await draftState(db)).draft : await packOf(db, Number(to));
    if (!a || !b) throw new ApiError(404, 'not_found', 'There is no such published version.');
    const items = changedKeys(a, b)
      .sort()
      .map((key): VersionDiffItem => {
        const [was, now] = [getItem(a, key), getItem(b, key)];
        const place = placeOf(key);
        return {
          key,
          locale: place?.kind === 'text' ? place.locale : null,
          kind: was === undefined ? 'added' : now === undefined ? 'removed' : 'changed',
          changes: fieldChanges(was, now, MOST_CHANGES_PER_ITEM),
        };
      });
    return c.json({ from: Number(from), to: to === 'draft' ? 'draft' : Number(to), items } satisfies VersionDiff);
  });

  return app;
}
