import { beforeEach, describe, expect, it } from 'vitest';
import { computed, nextTick } from 'vue';
import { i18n, initLocale, needsLanguageChoice, setLocale, withReportWords, withStaffWords } from './i18n';
import en from '../../locales/en.json';
import ar from '../../locales/ar.json';

const html = document.documentElement;

describe('i18n', () => {
  beforeEach(async () => {
    localStorage.clear();
    await setLocale('en');
  });

  it('switching to Arabic sets <html lang="ar" dir="rtl"> and Arabic strings', async () => {
    await setLocale('ar');
    expect(html.lang).toBe('ar');
    expect(html.dir).toBe('rtl');
    expect(i18n.global.t('app.name')).toBe(ar.app.name);

    await setLocale('en');
    expect(html.lang).toBe('en');
    expect(html.dir).toBe('ltr');
    expect(i18n.global.t('app.name')).toBe(en.app.name);
  });

  it('?lang=ar chooses Arabic and remembers it', async () => {
    const info = await initLocale('?lang=ar');
    expect(info.code).toBe('ar');
    expect(html.dir).toBe('rtl');
    expect(localStorage.getItem('clh.locale')).toBe('ar');
    expect(needsLanguageChoice.value).toBe(false);
  });

  it('a remembered choice is used when the URL has none', async () => {
    localStorage.setItem('clh.locale', 'ar');
    const info = await initLocale('');
    expect(info.code).toBe('ar');
    expect(needsLanguageChoice.value).toBe(false);
  });

  it('an unknown language falls back to English and the first-open picker shows', async () => {
    const info = await initLocale('?lang=xx');
    expect(info.code).toBe('en');
    expect(html.lang).toBe('en');
    expect(html.dir).toBe('ltr');
    expect(i18n.global.t('app.name')).toBe(en.app.name);
    expect(needsLanguageChoice.value).toBe(true);
    expect(localStorage.getItem('clh.locale')).toBeNull();
  });

  it('a supported language without its file yet switches lang/dir and shows English text', async () => {
    await setLocale('ps');
    expect(html.lang).toBe('ps');
    expect(html.dir).toBe('rtl');
    expect(i18n.global.t('app.name')).toBe(en.app.name);
  });

  it('codes match case-insensitively (fa-af → fa-AF, right to left)', async () => {
    const info = await setLocale('fa-af', { remember: true });
    expect(info.code).toBe('fa-AF');
    expect(html.lang).toBe('fa-AF');
    expect(html.dir).toBe('rtl');
    expect(localStorage.getItem('clh.locale')).toBe('fa-AF');
  });

  // Staff words are left out of the precache: only staff pages (and the published figures) load them.
  it("loads the staff pages' words only with a staff page, then with every language switch", async () => {
    const has = (code: string) => 'dashboard' in (i18n.global.getLocaleMessage(code) as object);
    await setLocale('ar');
    expect(i18n.global.t('app.name')).toBe(ar.app.name);
    expect(has('ar')).toBe(false);
    expect(has('en')).toBe(false);

    const page = await withStaffWords(() => Promise.resolve('the page'))();
    expect(page).toBe('the page');
    expect(i18n.global.t('dashboard.table.district')).toBe(ar.dashboard.table.district);
    expect(has('en')).toBe(true);
    expect(i18n.global.t('app.name')).toBe(ar.app.name); // merged, not replaced

    await setLocale('vi');
    expect(has('vi')).toBe(true);
  });

  // Plain words skip vue-i18n's parser; words with placeholders, plurals or links still go through it.
  it('shows plain words as they are and fills placeholders, plurals and links', () => {
    i18n.global.setLocaleMessage('x-test', {
      plain: 'Get help now: call 999 (free)',
      named: 'Hello {name}',
      plural: 'no reports | one report | {n} reports',
      linked: 'About @:plain',
    });
    expect(i18n.global.t('plain', {}, { locale: 'x-test' })).toBe('Get help now: call 999 (free)');
    expect(i18n.global.t('named', { name: 'Sam' }, { locale: 'x-test' })).toBe('Hello Sam');
    expect(i18n.global.t('plural', 3, { locale: 'x-test', named: { n: 3 } })).toBe('3 reports');
    expect(i18n.global.t('plural', 1, { locale: 'x-test' })).toBe('one report');
    expect(i18n.global.t('linked', {}, { locale: 'x-test' })).toBe('About Get help now: call 999 (free)');
  });

  // Words are set as a plain object per language, not merged into Vue's reactivity: what shows them must
  // still change when a language's words arrive.
  it('redraws words when they arrive', async () => {
    await setLocale('ar');
    const shown = computed(() => i18n.global.t('my_reports.title'));
    expect(shown.value).toBe('my_reports.title');
    await withReportWords(() => Promise.resolve('the page'))();
    await nextTick();
    expect(shown.value).toBe(ar.my_reports.title);
  });
});
