// @vitest-environment node
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { newDraft } from './visit-draft';
import { VISIT_DB_NAME, deleteDraft, deleteExpiredDrafts, getDraft, listDrafts, saveDraft } from './visit-store';

const DAY = 24 * 60 * 60 * 1000;
const databases = async () => (await indexedDB.databases()).map((d) => d.name);

beforeEach(async () => {
  for (const d of await listDrafts()) await deleteDraft(d.id);
});

describe('visit drafts in IndexedDB', () => {
  it('does not create the database just to look', async () => {
    expect(await listDrafts()).toEqual([]);
    expect(await getDraft('nope')).toBeNull();
    expect(await databases()).not.toContain(VISIT_DB_NAME);
  });

  it('saves, reads back, and deletes the database with the last visit', async () => {
    const a = newDraft('ti', true);
    const b = newDraft('ar', false);
    await saveDraft(a);
    await saveDraft({ ...b, updatedAt: b.updatedAt + 1000 });
    expect(await databases()).toContain(VISIT_DB_NAME);
    expect((await listDrafts()).map((d) => d.id)).toEqual([b.id, a.id]);
    await saveDraft({ ...a, marks: { council_tax: { status: 'apply' } } });
    expect((await getDraft(a.id))?.marks).toEqual({ council_tax: { status: 'apply' } });

    await deleteDraft(a.id);
    expect(await databases()).toContain(VISIT_DB_NAME);
    await deleteDraft(b.id);
    expect(await databases()).not.toContain(VISIT_DB_NAME);
  });

  it('a save queued before "forget" cannot bring the visit back', async () => {
    const a = newDraft('ti', true);
    const saving = saveDraft(a);
    const forgetting = deleteDraft(a.id);
    await Promise.all([saving, forgetting]);
    expect(await getDraft(a.id)).toBeNull();
    expect(await databases()).not.toContain(VISIT_DB_NAME);
  });

  it('deletes visits started more than 14 days ago', async () => {
    const now = Date.now();
    await saveDraft(newDraft('ti', true, now - 15 * DAY));
    const keep = newDraft('ti', true, now - 13 * DAY);
    await saveDraft(keep);
    expect(await deleteExpiredDrafts(now)).toBe(1);
    expect((await listDrafts()).map((d) => d.id)).toEqual([keep.id]);
    expect(await deleteExpiredDrafts(now + 2 * DAY)).toBe(1);
    expect(await databases()).not.toContain(VISIT_DB_NAME);
  });
});
