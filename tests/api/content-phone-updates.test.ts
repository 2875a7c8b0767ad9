/**
 * What a phone downloads when a new version is published: the items changed since the version it has,
 * the words of its own languages only, at a URL that never changes its answer. The bytes of a one-item
 * update are measured against the whole pack.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentChanges } from '#contract';
import { contentEdits } from '../helpers/content-edits';
import { asStaff, createStaff, signIn } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
let editor = '';
const KEY = 'text.en.entitlements.council_tax';
const AR = 'text.ar.entitlements.council_tax';

const { edit } = contentEdits(() => t.app);
const change = async (key: string, to: (v: Record<string, unknown>) => Record<string, unknown>) =>
  expect((await edit(key, editor, to)).status).toBe(200);
const publish = async () =>
  expect((await t.app.request('/api/content/publish', asStaff(editor, { method: 'POST', body: {} }))).status).toBe(201);

beforeAll(async () => {
  t = await createTestApp();
  editor = await signIn(t.app, await createStaff(t.db, { email: 'editor@example.test', role: 'editor' }));
});
afterAll(() => t?.close());

describe('a phone gets the changed items only', () => {
  it('downloads one item for a one-item change, in its languages only', async () => {
    await change(KEY, (v) => ({ ...v, summary: 'Kent pays your council tax until you are 22.' }));
    await change(AR, (v) => ({ ...v, status: 'reviewed' }));
    await publish();
    const res = await t.app.request('/api/content/versions/2/changes?since=1&locales=en,ar');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    const body = (await res.json()) as ContentChanges;
    expect(body).toMatchObject({ version: 2, since: 1, locales: ['en', 'ar'] });
    expect(body.items.map((i) => i.key).sort()).toEqual([AR, KEY]);
    expect(body.items.find((i) => i.key === KEY)!.value).toMatchObject({
      summary: 'Kent pays your council tax until you are 22.',
    });
    // a phone in Vietnamese gets the English (its fallback is asked for with it) and not the Arabic
    const vi = (await (
      await t.app.request('/api/content/versions/2/changes?since=1&locales=vi,en')
    ).json()) as ContentChanges;
    expect(vi.items.map((i) => i.key)).toEqual([KEY]);
  });

  it('measures the bytes of a one-item update against the whole pack', async () => {
    const update = await (await t.app.request('/api/content/versions/2/changes?since=1&locales=en')).text();
    const pack = await (await t.app.request('/api/content/versions/2/pack')).text();
    const bytes = (s: string) => ({ raw: Buffer.byteLength(s), gzip: gzipSync(s).length });
    const one = bytes(update);
    const whole = bytes(pack);
    console.log(
      `one-item update: ${one.raw} B (${one.gzip} B gzip); whole pack: ${whole.raw} B (${whole.gzip} B gzip)`,
    );
    expect(one.gzip * 50).toBeLessThan(whole.gzip);
  });

  it('moves on from the version a phone has, and refuses a range that is not one', async () => {
    await change(KEY, (v) => ({ ...v, title: 'Council tax: help until 22' }));
    await publish();
    const body = (await (
      await t.app.request('/api/content/versions/3/changes?since=2&locales=en')
    ).json()) as ContentChanges;
    expect(body.items.map((i) => i.key)).toEqual([KEY]);
    expect(body.items[0]!.value).toMatchObject({ title: 'Council tax: help until 22' });
    expect((await t.app.request('/api/content/versions/3/changes?since=3')).status).toBe(400);
    expect((await t.app.request('/api/content/versions/9/changes?since=1')).status).toBe(404);
    expect((await t.app.request('/api/content/versions/x/changes?since=1')).status).toBe(400);
  });
});
