import { i18n, setLocale } from '../../app/i18n';

/**
 * While a visit is open the app speaks the young person's language; it is not remembered, so the PA's own
 * choice comes back when the visit closes, unless someone picked another language meanwhile.
 */
export function useVisitLanguage() {
  let restoreTo: string | null = null;
  let spoken: string | null = null;

  async function speak(code: string) {
    restoreTo ??= i18n.global.locale.value;
    spoken = code;
    if (i18n.global.locale.value !== code) await setLocale(code);
  }

  async function restoreLanguage() {
    const code = restoreTo;
    const wasSpoken = spoken;
    restoreTo = null;
    spoken = null;
    if (code && i18n.global.locale.value === wasSpoken && wasSpoken !== code) await setLocale(code);
  }

  return { speak, restoreLanguage };
}
