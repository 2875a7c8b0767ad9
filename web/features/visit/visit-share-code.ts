/**
 * The summary packed into a link, for the QR code: `/visit/summary#<code>`. The part after `#` never
 * leaves the phone that opens the link (browsers do not send it to the server), so the young person's
 * phone shows the summary without any server knowing about the visit. The code holds only what the
 * summary shows (ids, choices, dates, typed notes), deflated and base64url-encoded; the words come
 * from the content pack on the phone that opens it.
 */
import { findLocale, type LocaleCode } from '../../../locales/index';
import { MAX_TEXT, STEP_WHO, VISIT_STATUSES, sanitizeMark, type VisitDraft, type VisitMark } from './visit-draft';

const VERSION = 1;
/** Longer links make QR codes too dense to scan reliably from a phone screen. */
export const MAX_QR_URL_LENGTH = 1800;

/** What is carried: `[id, status, who, by, what, note]`, indexes into the lists, '' when absent. */
type PackedMark = [string, number, number, string, string, string];
interface Packed {
  v: number;
  l: string;
  c: number;
  p?: string;
  m: PackedMark[];
}

export type SharedSummary = Pick<VisitDraft, 'lang' | 'createdAt' | 'marks' | 'paContact'>;

/** Only the marks the summary shows: a status other than "not eligible", a next step or a note. */
export function packSummary(draft: SharedSummary): Packed {
  const m: PackedMark[] = [];
  for (const [id, mark] of Object.entries(draft.marks)) {
    if ((!mark.status || mark.status === 'not_eligible') && !mark.step && !mark.note) continue;
    m.push([
      id,
      mark.status ? VISIT_STATUSES.indexOf(mark.status) : -1,
      mark.step?.who ? STEP_WHO.indexOf(mark.step.who) : -1,
      mark.step?.by ?? '',
      mark.step?.what ?? '',
      mark.note ?? '',
    ]);
  }
  return { v: VERSION, l: draft.lang, c: draft.createdAt, ...(draft.paContact ? { p: draft.paContact } : {}), m };
}

export function unpackSummary(value: unknown): SharedSummary | null {
  if (!value || typeof value !== 'object') return null;
  const p = value as Partial<Packed>;
  const lang = findLocale(typeof p.l === 'string' ? p.l : null)?.code as LocaleCode | undefined;
  if (p.v !== VERSION || !lang || typeof p.c !== 'number' || !Number.isFinite(p.c) || !Array.isArray(p.m)) return null;
  const marks: Record<string, VisitMark> = {};
  for (const row of p.m as unknown[]) {
    if (!Array.isArray(row) || typeof row[0] !== 'string' || !/^[a-z][a-z0-9_]{0,63}$/.test(row[0])) continue;
    const [id, status, who, by, what, note] = row as unknown[];
    const mark = sanitizeMark({
      status: typeof status === 'number' ? VISIT_STATUSES[status] : undefined,
      step: { who: typeof who === 'number' ? STEP_WHO[who] : undefined, by, what },
      note,
    });
    if (mark) marks[id as string] = mark;
  }
  const summary: SharedSummary = { lang, createdAt: p.c, marks };
  if (typeof p.p === 'string' && p.p.trim()) summary.paContact = p.p.slice(0, MAX_TEXT);
  return summary;
}

// ── bytes ⇄ base64url ───────────────────────────────────────────────────────────────────────

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(code: string): Uint8Array {
  const b64 = code.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** Whether this browser can pack a summary into a link (CompressionStream). */
export const canPackLinks = (): boolean => typeof CompressionStream === 'function';

/** The code to put after `#`. */
export async function encodeSummary(draft: SharedSummary): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(packSummary(draft)));
  return toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** The summary in a code, or null when the code is broken, cut short or not one of ours. */
export async function decodeSummary(code: string): Promise<SharedSummary | null> {
  try {
    const clean = code.replace(/^#/, '').trim();
    if (!clean || clean.length > 20_000 || !/^[A-Za-z0-9_-]+$/.test(clean)) return null;
    const json = await pipe(fromBase64Url(clean), new DecompressionStream('deflate-raw'));
    return unpackSummary(JSON.parse(new TextDecoder().decode(json)));
  } catch {
    return null;
  }
}
