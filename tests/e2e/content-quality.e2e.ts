// Keeping the content right, end to end in a real browser against the built app and the real server: a
// young person offline writes "Something wrong here?" on an entitlement's page in Arabic; it waits on the
// phone and reaches the editors' queue when the network is back; an editor reads it and marks it done. The
// content-health page checks a source link on the server (a local web server stands in for the source's
// website) and marks a fact checked today with its address typed again; the comparison page shows the draft
// against version 1 field by field. A translation whose English changed after it was reviewed shows the new
// English beside it on the phone. Staff pages at 1366 × 768 and the phone page are checked with axe;
// screenshots are kept for a person to look at. Runs after `npm run build`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ar from '../../locales/ar.json';
import en from '../../locales/en.json';
import { axe, type BrowserSession } from '../helpers/browser';
import type { RunningServer } from '../helpers/server';
import { EDITOR, SHOTS, startStudio, TRANSLATOR, type StudioSession } from '../helpers/studio';

const NOTE = 'المبلغ في هذه الصفحة ليس ما قاله لي مستشاري.';

let server: RunningServer;
let b: BrowserSession;
let studio: StudioSession;
let staff: Page;
let sources: Server;
let sourceBase = '';

beforeAll(async () => {
  studio = await startStudio();
  ({ server, b, staff } = studio);
  // the source's website, on this machine: the server fetches it, the browser never does
  sources = createServer((req, res) => {
    if (req.url === '/setting-up-home') res.end('<h1>Setting up home</h1>');
    else res.writeHead(404).end('gone');
  });
  await new Promise<void>((resolve) => sources.listen(0, '127.0.0.1', resolve));
  sourceBase = `http://127.0.0.1:${(sources.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await studio?.close();
  sources?.closeAllConnections();
  await new Promise((resolve) => sources?.close(resolve));
});

const signInAs = (email: string) => studio.signInAs(email);

/** A call of the studio's API with the signed-in member of staff's cookie, as the studio's pages make it. */
async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await staff.request.fetch(`${server.url}${path}`, {
    method,
    headers: { origin: server.url, 'content-type': 'application/json', ...headers },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status(), etag: res.headers().etag ?? '', json: (await res.json().catch(() => null)) as never };
}
async function edit(key: string, change: (value: Record<string, unknown>) => unknown) {
  const open = await api('GET', `/api/content/items/${key}`);
  const value = (open.json as { value: Record<string, unknown> }).value;
  const saved = await api('PUT', `/api/content/items/${key}`, { value: change(value) }, { 'if-match': open.etag });
  expect(saved.status, key).toBe(200);
}

const phone = () => b.page;

describe('keeping the content right', () => {
  it('a young person offline sends "Something wrong here?" in Arabic; it waits on the phone', async () => {
    await phone().goto(`${server.url}/offer/setting_up_home?lang=ar`);
    await b.waitForServiceWorker();
    await phone().reload();
    await phone().getByTestId('offer-item-setting_up_home').waitFor();
    await b.goOffline();
    const box = phone().getByTestId('offer-wrong-here');
    await box.locator('summary').click();
    await box.getByRole('button', { name: ar.offer.wrong.send }).click();
    // nothing chosen or written: said beside the fields, nothing saved
    await box.getByText(ar.offer.wrong.from_missing).waitFor();
    await box.getByText(ar.offer.wrong.note_short).waitFor();
    await box.getByLabel(ar.offer.wrong.from_young_person).check();
    await box.getByTestId('offer-wrong-note').fill(NOTE);
    await phone().screenshot({ path: join(SHOTS, 'phone-wrong-here-ar-390.png'), fullPage: true });
    expect(await axe(phone())).toEqual([]);
    await box.getByTestId('offer-wrong-send').click();
    await expect.poll(() => box.getByTestId('offer-wrong-sent').textContent()).toContain(ar.offer.wrong.saved_offline);
  });

  it('back online, the note reaches the editors; an editor reads it and marks it done', async () => {
    await b.goOnline();
    await signInAs(EDITOR);
    await expect
      .poll(async () => ((await api('GET', '/api/content/notes')).json as { open: number }).open, { timeout: 20_000 })
      .toBe(1);
    await staff.getByRole('link', { name: en.studio.notes.title }).click();
    await staff.waitForURL(/\/studio\/notes$/);
    const list = staff.getByTestId('studio-notes');
    await list.waitFor();
    const text = await list.innerText();
    expect(text).toContain(NOTE);
    expect(text).toContain('Money to set up your first home');
    expect(text).toContain(en.studio.notes.from_young_person);
    await staff.screenshot({ path: join(SHOTS, 'studio-notes-1366.png'), fullPage: true });
    expect(await axe(staff)).toEqual([]);
    await list.getByRole('button', { name: en.studio.notes.mark_done }).click();
    await expect.poll(() => staff.getByTestId('studio-notes-status').textContent()).toBe(en.studio.notes.marked_done);
    await staff.getByText(en.studio.notes.none).waitFor();
  });

  it('the health page checks a source link on the server and marks the fact checked with its address typed again', async () => {
    await edit('entitlements.setting_up_home', (v) => ({
      ...v,
      source: { ...(v.source as object), url: `${sourceBase}/setting-up-home` },
      lastChecked: '2020-01-01',
    }));
    await edit('entitlements.birthday_allowance', (v) => ({
      ...v,
      source: { ...(v.source as object), url: `${sourceBase}/gone` },
    }));
    await staff.goto(`${server.url}/studio/health`);
    const facts = staff.getByTestId('studio-health-facts');
    await facts.waitFor();
    const home = staff.getByTestId('studio-fact-entitlements.setting_up_home');
    expect(await home.innerText()).toContain(en.studio.health.tag_stale);
    const birthday = staff.getByTestId('studio-fact-entitlements.birthday_allowance');
    // unverified in the shipped pack, so listed among those that need attention
    await birthday.getByRole('button', { name: en.studio.health.check_link }).click();
    await expect
      .poll(() => birthday.innerText(), { timeout: 15_000 })
      .toContain(en.studio.health.tag_broken.replace('{problem}', 'HTTP 404'));
    await home.getByRole('button', { name: en.studio.health.check_link }).click();
    await expect
      .poll(() => staff.getByTestId('studio-health-status').textContent())
      .toBe(en.studio.health.link_ok.replace('{url}', `${sourceBase}/setting-up-home`));

    await home.getByRole('button', { name: en.studio.health.mark_checked }).click();
    const save = home.getByTestId('studio-checked-save');
    // the address must be typed again: until then there is nothing to save
    expect(await save.isDisabled()).toBe(true);
    await home.getByTestId('studio-checked-url').fill(`${sourceBase}/setting-up-home`);
    await staff.screenshot({ path: join(SHOTS, 'studio-health-1366.png'), fullPage: false });
    expect(await axe(staff)).toEqual([]);
    await save.click();
    await expect
      .poll(() => staff.getByTestId('studio-health-status').textContent())
      .toBe(en.studio.health.checked.replace('{fact}', 'Money to set up your first home'));
    const item = (await api('GET', '/api/content/items/entitlements.setting_up_home')).json as {
      value: { lastChecked: string };
    };
    expect(item.value.lastChecked).toBe(new Date().toISOString().slice(0, 10));
  });

  it('the comparison page shows the draft against version 1, field by field', async () => {
    await staff.goto(`${server.url}/studio/compare`);
    await staff.getByTestId('studio-compare-from').selectOption('1');
    await staff.getByTestId('studio-compare-to').selectOption('draft');
    await staff.getByTestId('studio-compare').click();
    const facts = staff.getByTestId('studio-compare-group-facts');
    await facts.waitFor();
    const text = await facts.innerText();
    expect(text).toContain('entitlements.birthday_allowance');
    expect(text).toContain('source.url');
    expect(text).toContain(`${en.studio.diff.now} ${sourceBase}/gone`);
    await staff.screenshot({ path: join(SHOTS, 'studio-compare-1366.png'), fullPage: true });
    expect(await axe(staff)).toEqual([]);
  });

  it('a translation whose English changed after review shows the new English beside it on the phone', async () => {
    // put the sources back: publishing checks them like any other change
    for (const key of ['entitlements.setting_up_home', 'entitlements.birthday_allowance']) {
      const open = (await api('GET', `/api/content/items/${key}`)).json as { published: unknown };
      await edit(key, () => open.published);
    }
    await signInAs(TRANSLATOR);
    await edit('text.ar.entitlements.council_tax', (v) => ({ ...v, status: 'reviewed' }));
    // the translator's name and the day beside the status
    await staff.goto(`${server.url}/studio/entitlements/council_tax/ar`);
    await expect.poll(() => staff.getByTestId('studio-text-review').innerText()).toContain(`Reviewed by ${TRANSLATOR}`);
    await signInAs(EDITOR);
    expect((await api('POST', '/api/content/publish', { note: 'Arabic reviewed' })).status).toBe(201);
    const NEW = 'Kent County Council pays your council tax until your 21st birthday, wherever you live.';
    await edit('text.en.entitlements.council_tax', (v) => ({ ...v, summary: NEW }));
    expect((await api('POST', '/api/content/publish', { note: 'English summary' })).status).toBe(201);

    await phone().goto(`${server.url}/offer/council_tax?lang=ar`);
    const beside = phone().getByTestId('offer-new-english');
    await beside.waitFor({ timeout: 20_000 });
    await expect.poll(() => beside.innerText()).toContain(NEW);
    expect(await beside.innerText()).toContain(ar.offer.needs_update.title);
    expect(await phone().getByTestId('translation-draft').count()).toBe(1);
    await phone().screenshot({ path: join(SHOTS, 'phone-new-english-ar-390.png'), fullPage: true });
    expect(await axe(phone())).toEqual([]);
  });
});
