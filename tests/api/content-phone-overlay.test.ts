/**
 * The phone's side of a content update against the real API (the app in-process) and a real IndexedDB
 * implementation: nothing while the build's version is current; the items of a new version stored whole
 * and then used; the next version adds only what changed since; a new language fetches its words since
 * the build; a broken answer leaves what the phone has.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentOverlay, type ContentOverlay } from '../../web/app/content-overlay';
import { CONTENT_DB_NAME, checkForUpdate, markAnnounced } from '../../web/app/content-updates';
import { contentEdits } from '../helpers/content-edits';
import { asStaff, createStaff, signIn } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
let editor = '';
const asked: string[] = [];
let breakChanges = false;
const realFetch = globalThis.fetch;

const EN = 'text.en.entitlements.council_tax';
const AR = 'text.ar.entitlements.council_tax';

const { edit } = contentEdits(() => t.app);
const change = async (key: string, to: (v: Record<string, unknown>) => Record<string, unknown>) =>
  expect((await edit(key, editor, to)).status).toBe(200);
async function publish() {
  const res = await t.app.request('/api/content/publish', asStaff(editor, { method: 'POST', body: {} }));
  expect(res.status).toBe(201);
}
const stored = async () =>
  (await (await openDB(CONTENT_DB_NAME)).get('overlay', 'current')) as ContentOverlay | undefined;

beforeAll(async () => {
  t = await createTestApp();
  editor = await signIn(t.app, await createStaff(t.db, { email: 'editor@example.test', role: 'editor' }));
  // the phone's requests go to the real app, as they would through the network
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    asked.push(path);
    if (breakChanges && path.includes('/changes')) return new Response('{"items": "half"}', { status: 200 });
    return t.app.request(path, init);
  }) as typeof fetch;
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await t?.close();
});

describe('the phone keeps the published changes', () => {
  it('asks for the version and keeps nothing while the build is current', async () => {
    await checkForUpdate(['en'], true);
    expect(asked).toEqual(['/api/content/version']);
    expect(contentOverlay.value).toBeNull();
    expect(await stored()).toBeUndefined();
  });

  it('stores the whole update, then uses it', async () => {
    await change(EN, (v) => ({ ...v, summary: 'Until your 22nd birthday.' }));
    await change(AR, (v) => ({ ...v, status: 'reviewed' }));
    await publish();
    await checkForUpdate(['en'], true);
    expect(asked.at(-1)).toBe('/api/content/versions/2/changes?since=1&locales=en');
    expect(contentOverlay.value).toMatchObject({ version: 2, locales: ['en'], announced: false });
    expect(Object.keys(contentOverlay.value!.items)).toEqual([EN]);
    expect(await stored()).toEqual(contentOverlay.value);
    await markAnnounced();
    expect((await stored())!.announced).toBe(true);
  });

  it('adds only what changed since its version, and keeps the earlier changes', async () => {
    await change(EN, (v) => ({ ...v, title: 'Council tax until 22' }));
    await publish();
    await checkForUpdate(['en'], true);
    expect(asked.at(-1)).toBe('/api/content/versions/3/changes?since=2&locales=en');
    expect(contentOverlay.value!.version).toBe(3);
    expect(contentOverlay.value!.items[EN]).toMatchObject({
      title: 'Council tax until 22',
      summary: 'Until your 22nd birthday.',
    });
    expect(contentOverlay.value!.announced).toBe(false);
  });

  it('fetches a new language’s words since the build', async () => {
    // reviewed in version 2, back to draft in version 3 (its English changed without it): reviewed again
    await change(AR, (v) => ({ ...v, status: 'reviewed' }));
    await publish();
    await checkForUpdate(['ar', 'en'], true);
    expect(asked.at(-1)).toBe('/api/content/versions/4/changes?since=1&locales=en,ar');
    expect(contentOverlay.value!.items[AR]).toMatchObject({ status: 'reviewed' });
    expect(contentOverlay.value!.items[EN]).toMatchObject({ title: 'Council tax until 22' });
    expect(contentOverlay.value!.locales).toEqual(['en', 'ar']);
  });

  it('keeps what it has when an answer is not a whole update', async () => {
    await change(EN, (v) => ({ ...v, summary: 'Half an update must never show.' }));
    await publish();
    breakChanges = true;
    await checkForUpdate(['ar', 'en'], true);
    breakChanges = false;
    expect(contentOverlay.value!.version).toBe(4);
    expect((await stored())!.version).toBe(4);
  });
});
