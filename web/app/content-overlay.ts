/**
 * Published content newer than the pack this app was built with: the items that changed, laid over the
 * built-in facts and words wherever they are loaded (web/app/content.ts, content-loaders.ts). Kept on the
 * phone by web/app/content-updates.ts, so it holds offline too. No storage or network here: the report
 * journey loads this module and its byte budget is tight.
 *
 * Item keys are the content studio's: `entitlements.<id>`, `districts.<code>`, `contacts.<id>`,
 * `schemes`, `eligibility` (the rules), `text.<locale>.<section>.<id>`, `text.<locale>.<field>`.
 */
import { shallowRef } from 'vue';

export interface ContentOverlay {
  /** The published version these items bring the phone to. */
  version: number;
  publishedAt: string;
  /** The languages whose words the items cover (the others are as built). */
  locales: string[];
  /** Item key → its value in `version`; null: the item is gone. */
  items: Record<string, unknown>;
  /** "Information updated" has been shown for this version. */
  announced: boolean;
}

/** The overlay in use; null until one is stored (the pack as built). */
export const contentOverlay = shallowRef<ContentOverlay | null>(null);

type Listed = Record<string, unknown>;
const LIST_IDS: Record<string, string> = { entitlements: 'id', districts: 'code', contacts: 'id' };
/** Whole parts of the pack, by the name the phone's facts give them. */
const WHOLE: Record<string, string> = { schemes: 'schemes', eligibility: 'rules' };

/** `facts` with the overlay's facts in place (a new object when anything changes; `facts` is left alone). */
export function withOverlayFacts<T extends object>(facts: T, overlay: ContentOverlay | null): T {
  if (!overlay) return facts;
  const out: Record<string, unknown> = { ...(facts as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overlay.items)) {
    const [part, id, ...rest] = key.split('.');
    if (rest.length || !part) continue;
    if (id === undefined && WHOLE[part] && value !== null) out[WHOLE[part]] = value;
    const idField = LIST_IDS[part];
    if (id === undefined || !idField || !Array.isArray(out[part])) continue;
    const list = (out[part] as Listed[]).filter((e) => e[idField] !== id);
    if (value !== null) {
      const at = (out[part] as Listed[]).findIndex((e) => e[idField] === id);
      list.splice(at < 0 ? list.length : at, 0, value as Listed);
    }
    out[part] = list;
  }
  return out as T;
}

/**
 * A language's words with the overlay's words of that language. Only the fields `text` has are touched:
 * a section of the words (the report journey's) stays that section.
 */
export function withOverlayText<T extends object>(text: T, locale: string, overlay: ContentOverlay | null): T {
  if (!overlay) return text;
  const prefix = `text.${locale}.`;
  let out: Record<string, unknown> | null = null;
  for (const [key, value] of Object.entries(overlay.items)) {
    if (!key.startsWith(prefix)) continue;
    const [field, id, ...rest] = key.slice(prefix.length).split('.');
    if (rest.length || !field || !(field in text)) continue;
    const copy: Record<string, unknown> = (out ??= { ...(text as Record<string, unknown>) });
    if (id === undefined) {
      if (value !== null) copy[field] = value;
      continue;
    }
    const section = { ...(copy[field] as Record<string, unknown>) };
    if (value === null) delete section[id];
    else section[id] = value;
    copy[field] = section;
  }
  return (out ?? text) as T;
}
