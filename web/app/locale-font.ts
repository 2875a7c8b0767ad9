/**
 * Tigrinya is written in Ethiopic script, which many phones lack. When `ti` is chosen, this adds a small
 * webfont (web/ui/fonts/noto-sans-ethiopic-subset.woff2, made by scripts/subset-ethiopic-font.mjs: only
 * the Ethiopic characters our Tigrinya text uses, ~30 KB). No other language ever fetches it. The file is
 * not precached (vite.config.ts globIgnores): the service worker caches it the first time it is fetched,
 * so Tigrinya works offline after one visit in Tigrinya.
 * Arabic-script languages (ar, ckb, ps, fa-AF) use the phone's own fonts (checked in Chromium with the
 * Noto fonts Android ships), so nothing is loaded for them.
 */
export const ETHIOPIC_FAMILY = 'Noto Sans Ethiopic Subset';

const fontUrl = new URL('../ui/fonts/noto-sans-ethiopic-subset.woff2', import.meta.url).href;
let face: FontFace | undefined;

/** Loads the font a language needs (only `ti` needs one); resolves when it is ready or has failed. */
export async function loadLocaleFont(code: string): Promise<void> {
  if (code !== 'ti' || face || typeof FontFace === 'undefined' || typeof document === 'undefined' || !document.fonts) return;
  face = new FontFace(ETHIOPIC_FAMILY, `url(${fontUrl}) format('woff2')`, {
    weight: '400 700',
    display: 'swap',
    unicodeRange: 'U+1200-139F, U+2D80-2DDF, U+AB00-AB2F',
  });
  document.fonts.add(face);
  try {
    await face.load();
  } catch {
    // Offline before the first Tigrinya visit: the phone's own Ethiopic font (if any) is used; try again next time.
    document.fonts.delete(face);
    face = undefined;
  }
}
