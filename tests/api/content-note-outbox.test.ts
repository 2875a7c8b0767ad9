/**
 * "Something wrong here?" from the phone's side, against the real API in-process and a real IndexedDB
 * implementation: a note written without a network waits in the outbox, beside a report, and is sent once
 * the network is back (the same note however many times it is tried); a refused note stays on the phone
 * with the reason; reports are never mistaken for notes or notes for reports.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentNoteList, NewReportInput } from '#contract';
import {
  flushOutbox,
  getEntry,
  listEntries,
  listNotes,
  saveNote,
  saveReport,
} from '../../web/features/housing-reports/outbox';
import { newReport } from '../helpers/reports';
import { asStaff, createStaff, ORIGIN, signIn } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

let t: Awaited<ReturnType<typeof createTestApp>>;
let editor = '';
let online = false;
const sent: string[] = [];

/** The phone's network: none while offline; else the real app, as the browser would reach it. */
const phoneFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  if (!online) throw new TypeError('Failed to fetch');
  const path = String(input);
  sent.push(`${init?.method ?? 'GET'} ${path}`);
  const headers = new Headers(init?.headers);
  headers.set('origin', ORIGIN);
  return t.app.request(path, { ...init, headers });
}) as typeof fetch;

const queue = async () =>
  (await (await t.app.request('/api/content/notes', asStaff(editor))).json()) as ContentNoteList;

beforeAll(async () => {
  t = await createTestApp();
  editor = await signIn(t.app, await createStaff(t.db, { email: 'editor@example.test', role: 'editor' }));
});
afterAll(() => t?.close());

describe('a note through the outbox', () => {
  it('waits on the phone while offline, then reaches the editors once', async () => {
    const note = await saveNote({
      entitlementId: 'council_tax',
      locale: 'ti',
      from: 'young_person',
      note: 'The age on this page is not the one in the letter.',
      version: 1,
    });
    await saveReport(
      newReport({ description: 'Mould in the bedroom', contact: { method: 'none' } }) as NewReportInput,
      [],
    );
    // reports and notes stay apart: My reports lists the report only
    expect((await listEntries()).map((e) => e.report.description)).toEqual(['Mould in the bedroom']);
    expect(await getEntry(note.id)).toBeUndefined();

    const offline = await flushOutbox({ force: true, fetch: phoneFetch });
    expect(offline).toMatchObject({ sent: 0, waiting: 2 });
    expect((await listNotes())[0]).toMatchObject({ id: note.id, state: 'waiting', attempts: 1 });
    expect((await queue()).open).toBe(0);

    online = true;
    const back = await flushOutbox({ force: true, fetch: phoneFetch });
    expect(back).toMatchObject({ sent: 2, waiting: 0, failed: 0 });
    expect(sent).toContain('POST /api/content/notes');
    expect(await listNotes()).toEqual([]);
    const notes = await queue();
    expect(notes.notes).toHaveLength(1);
    expect(notes.notes[0]).toMatchObject({ entitlementId: 'council_tax', locale: 'ti', from: 'young_person' });

    // the same note tried again (another tab, the service worker) is still one note
    const replay = await phoneFetch('/api/content/notes', {
      method: 'POST',
      headers: { 'Idempotency-Key': note.id, 'Content-Type': 'application/json' },
      body: JSON.stringify(note.note),
    });
    expect(replay.status).toBe(201);
    expect((await queue()).notes).toHaveLength(1);
  });

  it('keeps a refused note on the phone with the reason, never retried by itself', async () => {
    const note = await saveNote({ entitlementId: 'no_such_page', locale: 'en', from: 'pa', note: 'Wrong page id.' });
    const summary = await flushOutbox({ force: true, fetch: phoneFetch });
    expect(summary).toMatchObject({ failed: 1 });
    const [kept] = await listNotes();
    expect(kept).toMatchObject({ id: note.id, state: 'failed', lastError: { status: 400, code: 'invalid' } });
    expect((await flushOutbox({ force: true, fetch: phoneFetch })).failed).toBe(0);
  });
});
