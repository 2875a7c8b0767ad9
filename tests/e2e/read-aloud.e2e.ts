// Read aloud on a phone with no voice for its language: the build's recordings (eSpeak NG, MP3) play for
// Albanian, Arabic, Dari and Vietnamese, fetched only when asked for and never precached; Tigrinya, which no
// open-source engine speaks, asks the PA; offline, the page says the recording needs the internet.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupBrowser, type BrowserSession } from '../helpers/browser';
import { startServer, type RunningServer } from '../helpers/server';

const dist = join(import.meta.dirname, '../../dist');

let server: RunningServer;
let b: BrowserSession;
const audio: { path: string; status: number; type: string; bytes: number }[] = [];

beforeAll(async () => {
  server = await startServer();
  b = await setupBrowser();
  // a phone without voices (most Android phones have none for these languages)
  await b.context.addInitScript(() => {
    Object.defineProperty(speechSynthesis, 'getVoices', { value: () => [] });
  });
  // noted as soon as the answer starts (a busy machine can take seconds to stream a clip); its size once it is in
  b.page.on('response', (response) => {
    const { pathname } = new URL(response.url());
    if (!pathname.startsWith('/audio/')) return;
    const clip = {
      path: pathname,
      status: response.status(),
      type: response.headers()['content-type'] ?? '',
      bytes: 0,
    };
    audio.push(clip);
    void response.body().then(
      (body) => (clip.bytes = body.length),
      () => undefined,
    );
  });
});

afterAll(async () => {
  await b?.close();
  await server?.stop();
});

const entitlement = async (lang: string) => {
  await b.page.goto(`${server.url}/offer/council_tax?lang=${lang}`);
  await b.page.waitForFunction((code) => document.documentElement.lang === code, lang);
  await b.page.getByTestId('offer-easy-read').waitFor();
};

describe('read aloud without a voice on the phone', () => {
  it('Albanian: nothing is fetched until "Read aloud" is pressed, then the recording plays', async () => {
    await entitlement('sq');
    await b.page.waitForLoadState('networkidle');
    expect(audio).toEqual([]);
    await b.page.getByTestId('read-aloud').click();
    await b.page.getByTestId('read-aloud-stop').waitFor();
    await expect.poll(() => audio.length).toBe(1);
    const [clip] = audio;
    expect(clip!.path).toMatch(/^\/audio\/sq\/\w+\.mp3$/);
    expect(clip!.status).toBe(200);
    expect(clip!.type).toBe('audio/mpeg');
    // speech of a page's easy-read lines, at 16 kbit/s: several seconds, not an empty file
    await expect.poll(() => clip!.bytes, { timeout: 20_000 }).toBeGreaterThan(10_000);
    await b.page.getByTestId('read-aloud-stop').click();
    await b.page.getByTestId('read-aloud').waitFor();
    expect(await b.page.getByTestId('read-aloud-failed').count()).toBe(0);
  });

  it('urgent help in Dari plays its own recording', async () => {
    audio.length = 0;
    await b.page.goto(`${server.url}/help?lang=fa-AF`);
    // the page is in Dari once its words have arrived: the recording is chosen by its words
    await b.page.waitForFunction(() => document.documentElement.lang === 'fa-AF');
    await b.page.getByTestId('urgent-help').getByTestId('read-aloud').click();
    await expect
      .poll(() => audio.map((a) => `${a.status} ${a.path.split('/')[2]}`), { timeout: 20_000 })
      .toEqual(['200 fa-AF']);
  });

  it('Tigrinya has no recording: the page asks the PA to read with them', async () => {
    await entitlement('ti');
    expect(await b.page.getByTestId('read-aloud').count()).toBe(0);
    expect(await b.page.getByTestId('read-aloud-ask-pa').innerText()).toContain('PA');
  });

  it('recordings are never precached', () => {
    const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
    expect(sw).not.toMatch(/"url":"audio\//);
    expect(sw).not.toContain('.mp3');
  });

  it('offline, after the page was seen online, pressing "Read aloud" says it needs the internet', async () => {
    await b.waitForServiceWorker();
    await entitlement('vi');
    await b.goOffline();
    await b.page.reload();
    await b.page.getByTestId('offer-easy-read').waitFor();
    await b.page.getByTestId('read-aloud').click();
    await b.page.getByTestId('read-aloud-failed').waitFor();
    expect(await b.page.getByTestId('read-aloud-failed').innerText()).toContain('internet');
    await b.goOnline();
  });
});
