/**
 * In a real browser against the built app and server, OFFLINE after one visit:
 * - a PA starts a visit in Tigrinya, answers some questions, marks three entitlements (one with a next
 *   step and a date), reloads: the draft is kept; finish → the summary shows those three in Tigrinya
 *   and in English, the date written for each language;
 * - the summary downloads as a self-contained page, and its QR link opens it on another "phone" with
 *   nothing stored and nothing sent;
 * - "Finish and forget" leaves nothing in IndexedDB, localStorage or sessionStorage;
 * - every request seen (page, and context-wide incl. the service worker) is a GET for a file of the
 *   build or an app page; none goes to /api/ and none carries the visit;
 * - visits started more than 14 days ago are deleted when visit mode opens; from day 12 a warning.
 * Run `npm run build` first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { setupBrowser, type BrowserSession, visitOnceThenGoOffline } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';

const ROOT = join(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist');
type ContentText = { entitlements: Record<string, { title: string }> };
const contentText = (code: string): ContentText | null => {
  const path = join(ROOT, 'content/kent/text', `${code}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ContentText) : null;
};
const EN = contentText('en')!;
// Tigrinya texts as shipped in the build; English stands in while the pack has none.
const TI = contentText('ti') ?? EN;

let server: RunningServer;
let b: BrowserSession;
let page: Page;

interface Seen {
  from: 'page' | 'context';
  method: string;
  url: string;
  navigation: boolean;
  /** Made by the service worker itself (precache, or a fetch it passes on). */
  byWorker: boolean;
}
const seen: Seen[] = [];
let visitStarted = -1;
const record = (from: Seen['from']) => (r: Request) =>
  seen.push({
    from,
    method: r.method(),
    url: r.url(),
    navigation: r.isNavigationRequest(),
    byWorker: r.serviceWorker() !== null,
  });

const testId = (id: string) => `[data-testid="${id}"]`;
const marked: string[] = [];
let draftId = '';
const dayInTenDays = (() => {
  const d = new Date(Date.now() + 10 * 24 * 60 * 60 * 1000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
})();

beforeAll(async () => {
  server = await startServer();
  b = await setupBrowser({ acceptDownloads: true });
  page = b.page;
  page.on('request', record('page'));
  b.context.on('request', record('context'));
  await visitOnceThenGoOffline(b, `${server.url}/?lang=en`);
  visitStarted = seen.length;
}, 60_000);

afterAll(async () => {
  await b?.close();
  await server?.stop();
});

/** What visit mode keeps in IndexedDB, read with the plain browser API. */
const visitStorage = () =>
  page.evaluate(async () => {
    const names = (await indexedDB.databases()).map((d) => d.name);
    if (!names.includes('clh-visit')) return { names, drafts: null as unknown[] | null };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('clh-visit');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const drafts = await new Promise<unknown[]>((resolve, reject) => {
      const req = db.transaction('visit-drafts').objectStore('visit-drafts').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return { names, drafts };
  });

async function waitSaved() {
  await page.waitForSelector(`${testId('visit-page')}[data-save-state="saved"]`);
}

async function cardId(): Promise<string> {
  return (await page.getAttribute(testId('visit-card'), 'data-entitlement'))!;
}

describe('PA visit (offline)', () => {
  it('starts a visit in Tigrinya with nothing but the phone', async () => {
    await page.goto(`${server.url}/visit`);
    await page.waitForSelector(testId('visit-start-form'));
    await page.selectOption(testId('visit-language'), 'ti');
    await page.click(testId('visit-start'));
    await page.waitForSelector(`${testId('visit-page')}[data-phase="visit"]`);
    draftId = new URL(page.url()).hash.slice(1);
    expect(draftId).toMatch(/^[0-9a-f]{24}$/);
    // The app speaks Tigrinya during the visit, with English beside it.
    expect(await page.getAttribute('html', 'lang')).toBe('ti');
    await page.waitForSelector(testId('check-question-age'));
    expect(await page.textContent(testId('visit-question-english'))).toContain('How old are you?');
    // every control the PA presses says it in English too, beside the Tigrinya, in the same order
    for (const [id, english] of [
      ['check-back', 'Back'],
      ['check-skip', 'Skip'],
      ['check-next', 'Next'],
      ['check-option-not_sure', 'Not sure'],
    ] as const) {
      expect(await page.locator(`${testId(id)} [lang="en"]`).textContent(), id).toBe(english);
    }
    expect(await page.locator(`${testId('check-option-15')} [lang="en"]`).textContent()).toBe('15 or younger');

    // Answer three questions together, then skip the rest.
    await page.click(testId('check-option-19'));
    await page.click(testId('check-next'));
    await page.click(testId('check-option-yes_13_weeks'));
    await page.click(testId('check-next'));
    await page.click(testId('check-option-kent'));
    await page.click(testId('check-next'));
    await page.click(testId('visit-skip-questions'));
    await page.waitForSelector(testId('visit-card'));
  });

  it('marks three entitlements, one with a next step, a date and a note', async () => {
    marked.push(await cardId());
    await page.click(testId('visit-status-getting'));
    await page.click(testId('visit-next'));

    marked.push(await cardId());
    await page.click(testId('visit-status-apply'));
    await page.selectOption(testId('visit-step-who'), 'pa');
    await page.fill(testId('visit-step-what'), 'Fill in the form together');
    await page.fill(testId('visit-step-by'), dayInTenDays);
    await page.fill(testId('visit-note'), 'Bring the tenancy letter');
    await page.click(testId('visit-next'));

    marked.push(await cardId());
    await page.click(testId('visit-status-apply'));
    await waitSaved();

    expect(new Set(marked).size).toBe(3);
    const { drafts } = await visitStorage();
    expect(drafts).toHaveLength(1);
    const draft = drafts![0] as {
      id: string;
      lang: string;
      marks: Record<string, { status: string; step?: { by?: string } }>;
    };
    expect(draft.id).toBe(draftId);
    expect(draft.lang).toBe('ti');
    expect(Object.keys(draft.marks).sort()).toEqual([...marked].sort());
    expect(draft.marks[marked[1]!]).toMatchObject({ status: 'apply', step: { who: 'pa', by: dayInTenDays } });
  });

  it('keeps the draft through a reload, on the same card', async () => {
    await page.reload();
    await page.waitForSelector(testId('visit-card'));
    expect(await cardId()).toBe(marked[2]);
    expect(await page.isChecked(`${testId('visit-status-apply')} input`)).toBe(true);
    await page.click(testId('visit-prev'));
    await page.waitForFunction(
      (id) => document.querySelector('[data-testid="visit-card"]')?.getAttribute('data-entitlement') === id,
      marked[1],
    );
    expect(await page.inputValue(testId('visit-step-what'))).toBe('Fill in the form together');
    expect(await page.inputValue(testId('visit-step-by'))).toBe(dayInTenDays);
    expect(await page.getAttribute('html', 'lang')).toBe('ti');
  });

  it('finishes: the summary shows the three in Tigrinya and in English', async () => {
    await page.click(testId('visit-finish'));
    await page.waitForSelector(testId('visit-summary'));

    const titles = async (key: string, lang: string) =>
      page
        .locator(`${testId(`visit-summary-item-${key}`)} [data-lang="${lang}"] ${testId('visit-summary-item-title')}`)
        .textContent();
    const [getting, apply1, apply2] = marked as [string, string, string];
    for (const id of [getting, apply1, apply2]) {
      expect(await titles(id, 'ti')).toBe(TI.entitlements[id]!.title);
      expect(await titles(id, 'en')).toBe(EN.entitlements[id]!.title);
    }
    // in the right sections
    expect(
      await page.locator(`${testId('visit-summary-getting')} ${testId(`visit-summary-item-${getting}`)}`).count(),
    ).toBe(1);
    expect(
      await page.locator(`${testId('visit-summary-apply')} ${testId(`visit-summary-item-${apply1}`)}`).count(),
    ).toBe(1);
    expect(
      await page.locator(`${testId('visit-summary-apply')} ${testId(`visit-summary-item-${apply2}`)}`).count(),
    ).toBe(1);

    // The next step with its date, written the way each language writes dates.
    const step = page.locator(testId(`visit-summary-item-step-${apply1}`));
    // Tigrinya date words where the browser has them (Intl), else numbers: never English month names.
    const dates = await page.evaluate((iso) => {
      const date = new Date(`${iso}T00:00:00Z`);
      const f = (l: string) => new Intl.DateTimeFormat(l, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
      const ti = Intl.DateTimeFormat.supportedLocalesOf(['ti']).length
        ? f('ti')
        : `${date.getUTCDate()}/${date.getUTCMonth() + 1}/${date.getUTCFullYear()}`;
      return { ti, en: f('en-GB') }; // British English: day first
    }, dayInTenDays);
    expect(await step.locator('[data-lang="ti"]').textContent()).toContain(dates.ti);
    expect(await step.locator('[data-lang="en"]').textContent()).toContain(dates.en);
    expect(await step.locator('[data-lang="en"]').textContent()).toContain('Your PA: Fill in the form together');
    // the PA's own words are marked as written in English in the young person's column, not in English's
    expect(await step.locator(`[data-lang="ti"] ${testId('visit-summary-typed')}`).textContent()).toMatch(
      /PA.*[\u1200-\u137F]/,
    );
    expect(await step.locator(`[data-lang="en"] ${testId('visit-summary-typed')}`).count()).toBe(0);
    expect(dates.ti).not.toBe(dates.en);

    // The young person's column is marked as Tigrinya; the English one as English.
    expect(
      await page.locator(`${testId('visit-summary')} .visit-summary__head [data-lang="ti"]`).getAttribute('lang'),
    ).toBe('ti');
    expect(await page.textContent(`${testId('visit-summary')} .visit-summary__head [data-lang="en"] h1`)).toBe(
      'What we talked about',
    );
  });

  it('downloads the summary as a self-contained page, with both languages', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(testId('visit-download-html'))]);
    expect(download.suggestedFilename()).toMatch(/^what-we-talked-about-\d{4}-\d{2}-\d{2}\.html$/);
    const html = readFileSync((await download.path())!, 'utf8');
    expect(html).toContain('<html lang="ti"');
    for (const id of marked) {
      expect(html).toContain(TI.entitlements[id]!.title.replace(/&/g, '&amp;').replace(/'/g, '&#39;'));
      expect(html).toContain(EN.entitlements[id]!.title.replace(/&/g, '&amp;').replace(/'/g, '&#39;'));
    }
    expect(html).not.toMatch(/<script|<link|src=/i);
  });

  it('prints on A4 without the app around it, the two languages side by side', async () => {
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.app-header').isVisible()).toBe(false);
    expect(await page.locator('.app-footer').isVisible()).toBe(false);
    expect(await page.locator(testId('visit-download-html')).isVisible()).toBe(false);
    const row = page.locator(testId(`visit-summary-item-${marked[0]}`));
    const ti = (await row.locator('[data-lang="ti"]').boundingBox())!;
    const en = (await row.locator('[data-lang="en"]').boundingBox())!;
    expect(Math.abs(ti.y - en.y)).toBeLessThan(2);
    expect(en.x).toBeGreaterThan(ti.x + ti.width - 1);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 390, height: 844 });
  });

  it('a QR code carries the summary to another phone, with nothing stored or sent', async () => {
    await page.click(testId('visit-qr'));
    const qr = page.locator(testId('visit-qr-code'));
    await qr.waitFor();
    expect(await qr.locator('svg path').getAttribute('d')).toMatch(/^M\d+ \d+h1v1h-1z/);
    const link = (await qr.getAttribute('data-url'))!;
    expect(link).toMatch(new RegExp(`^${server.url}/visit/summary#[A-Za-z0-9_-]+$`));
    expect(link).not.toContain(draftId);

    const other = await b.context.newPage();
    other.on('request', record('page'));
    await other.goto(link);
    await other.waitForSelector(testId('visit-summary'));
    for (const id of marked) {
      expect(
        await other
          .locator(`${testId(`visit-summary-item-${id}`)} [data-lang="ti"] ${testId('visit-summary-item-title')}`)
          .textContent(),
      ).toBe(TI.entitlements[id]!.title);
    }
    // A link cut short says so, in plain words.
    await other.goto(link.slice(0, -12));
    await other.waitForSelector(testId('visit-shared-invalid'));
    await other.close();
  });

  it('"Finish and forget" leaves nothing of the visit on the phone', async () => {
    await page.click(testId('visit-forget'));
    await page.click(testId('visit-forget-confirm'));
    await page.waitForSelector(`${testId('visit-page')}[data-phase="home"]`);
    expect(await page.textContent(testId('visit-status'))).toContain('deleted from this phone');
    expect(new URL(page.url()).hash).toBe('');
    // The PA's own language is back.
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    const { names, drafts } = await visitStorage();
    expect(names).not.toContain('clh-visit');
    expect(drafts).toBeNull();
    const web = await page.evaluate(() => {
      const dump = (s: Storage) =>
        Object.fromEntries(Array.from({ length: s.length }, (_, i) => s.key(i)!).map((k) => [k, s.getItem(k)]));
      return { local: dump(localStorage), session: dump(sessionStorage) };
    });
    const everything = JSON.stringify(web);
    expect(everything).not.toContain(draftId);
    for (const id of marked) expect(everything).not.toContain(id);
    expect(everything).not.toContain('Fill in the form');
    expect(Object.keys(web.local).filter((k) => /visit/i.test(k))).toEqual([]);
    expect(Object.keys(web.session).filter((k) => /visit/i.test(k))).toEqual([]);
    expect(web.local['clh.locale']).toBe('en');
  });

  it('nothing about the visit reached the network: only the app’s own files, never /api/', () => {
    // The listeners do see the service worker's own requests (its precache, during the online visit).
    expect(seen.slice(0, visitStarted).some((r) => r.byWorker)).toBe(true);
    const during = seen.slice(visitStarted);
    expect(during.length).toBeGreaterThan(0);
    const origin = new URL(server.url).origin;
    const problems = during.filter((r) => {
      const url = new URL(r.url);
      if (r.method !== 'GET' || url.origin !== origin || url.search !== '') return true;
      if (url.pathname.startsWith('/api/') || url.href.includes(draftId)) return true;
      if (r.navigation) return !['/visit', '/visit/summary'].includes(url.pathname);
      return !existsSync(join(DIST, decodeURIComponent(url.pathname)));
    });
    expect(problems).toEqual([]);
    expect(during.some((r) => r.url.includes('/api/'))).toBe(false);
  });

  it('deletes visits older than 14 days when visit mode opens, and warns from day 12', async () => {
    const day = 24 * 60 * 60 * 1000;
    await page.evaluate(
      async (ages) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const req = indexedDB.open('clh-visit', 1);
          req.onupgradeneeded = () => req.result.createObjectStore('visit-drafts', { keyPath: 'id' });
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
        const tx = db.transaction('visit-drafts', 'readwrite');
        for (const [id, created] of ages) {
          tx.objectStore('visit-drafts').put({
            id,
            createdAt: created,
            updatedAt: created,
            lang: 'ar',
            sideBySide: true,
            stage: 'walk',
            answers: {},
            questionStep: 0,
            marks: {},
          });
        }
        await new Promise((resolve) => (tx.oncomplete = resolve));
        db.close();
      },
      [
        ['aaaaaaaaaaaaaaaaaaaaaaaa', Date.now() - 13 * day],
        ['bbbbbbbbbbbbbbbbbbbbbbbb', Date.now() - 15 * day],
      ] as const,
    );

    await page.goto(`${server.url}/visit`);
    await page.waitForSelector(testId('visit-purged'));
    expect(await page.textContent(testId('visit-purged'))).toContain('1');
    expect(await page.locator(testId('visit-draft')).count()).toBe(1);
    expect(await page.textContent(`${testId('visit-draft')} ${testId('visit-expiry-warning')}`)).toContain('deleted');
    expect(((await visitStorage()).drafts ?? []).map((d) => (d as { id: string }).id)).toEqual([
      'aaaaaaaaaaaaaaaaaaaaaaaa',
    ]);

    await page.click(testId('visit-delete'));
    await page.click(testId('visit-delete-confirm'));
    await page.waitForFunction(() => !document.querySelector('[data-testid="visit-draft"]'));
    expect((await visitStorage()).names).not.toContain('clh-visit');
    expect(b.errors.filter((e) => !/Failed to load resource|net::ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
  });
});
