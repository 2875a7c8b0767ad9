/**
 * "What we talked about": the summary of a visit, built once as data and then shown on screen
 * (VisitSummary.vue), printed, shared as text or downloaded as a self-contained web page.
 * Over 300 lines: one model feeds the four outputs, which must say the same thing; they are kept together.
 *
 *   const model = buildSummary(draft, facts);
 *   const docs = [describeSummary(model, youngPersonWords), describeSummary(model, englishWords)];
 *   summaryToText(docs); summaryToHtml(docs);
 *
 * Every language gets the same sections and items in the same order, so the languages line up row by
 * row when they are shown side by side. Pure functions: no Vue, no DOM, no network.
 */
import type { VisitDraft, VisitMark, StepWho } from './visit-draft';

/** A piece of text and the language it is really in (English when a translation is missing). */
export interface Said {
  text: string;
  lang: string;
}

/** Everything the summary needs to say in one language. */
export interface SummaryWords {
  /** The language asked for (the column's `lang`). */
  lang: string;
  dir: 'ltr' | 'rtl';
  /** A UI string (`visit.*`, `check.*`, `app.*`) in this language. */
  t: (key: string, values?: Record<string, string | number>) => Said;
  /** An entitlement's title in this language. */
  title: (id: string) => Said;
  contactName: (id: string) => Said;
  /** "Ask your PA to confirm", for contacts with no phone or web address we can vouch for. */
  askPa: Said;
  /** A calendar date `YYYY-MM-DD`, in words for this language. */
  formatDate: (isoDate: string) => string;
  /** An instant (ms), as a date in words for this language. */
  formatDay: (ms: number) => string;
  /** "This translation has not been checked…", when this language's text is a draft. */
  draftNotice?: Said;
}

export interface SummaryFacts {
  entitlements: readonly { id: string; icon: string; contactIds?: readonly string[] }[];
  contacts: readonly { id: string; order: number; phone?: string; url?: string }[];
}

export interface SummaryItem {
  id: string;
  icon?: string;
  note?: string;
}

export interface SummaryStep {
  id: string;
  icon?: string;
  who?: StepWho;
  what?: string;
  by?: string;
}

export interface SummaryContact {
  id: string;
  phone?: string;
  url?: string;
}

export interface SummaryModel {
  lang: string;
  createdAt: number;
  getting: SummaryItem[];
  apply: SummaryItem[];
  later: SummaryItem[];
  steps: SummaryStep[];
  contacts: SummaryContact[];
  paContact?: string;
}

/** The summary's content, independent of language. `marks` keep the walk's order when given. */
export function buildSummary(
  draft: Pick<VisitDraft, 'lang' | 'createdAt' | 'marks' | 'paContact'>,
  facts: SummaryFacts,
  order: readonly string[] = facts.entitlements.map((e) => e.id),
): SummaryModel {
  const known = new Map(facts.entitlements.map((e) => [e.id, e]));
  const ids = [
    ...order.filter((id) => draft.marks[id]),
    ...Object.keys(draft.marks).filter((id) => !order.includes(id)),
  ].filter((id) => known.has(id));
  const item = (id: string, mark: VisitMark): SummaryItem => ({
    id,
    icon: known.get(id)?.icon,
    ...(mark.note ? { note: mark.note } : {}),
  });
  const withStatus = (status: VisitMark['status']) =>
    ids.filter((id) => draft.marks[id]!.status === status).map((id) => item(id, draft.marks[id]!));

  const steps: SummaryStep[] = ids
    .filter((id) => draft.marks[id]!.step)
    .map((id) => ({ id, icon: known.get(id)?.icon, ...draft.marks[id]!.step }))
    // dated steps first, soonest first; steps with no date after them, in the walk's order
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (a.s.by ?? '9999').localeCompare(b.s.by ?? '9999') || a.i - b.i)
    .map(({ s }) => s);

  const contactIds = new Set(
    ids
      .filter((id) => ['getting', 'apply'].includes(draft.marks[id]!.status ?? ''))
      .flatMap((id) => known.get(id)?.contactIds ?? []),
  );
  const contacts = facts.contacts
    .filter((c) => contactIds.has(c.id))
    .sort((a, b) => a.order - b.order)
    .map((c) => ({ id: c.id, ...(c.phone ? { phone: c.phone } : {}), ...(c.url ? { url: c.url } : {}) }));

  return {
    lang: draft.lang,
    createdAt: draft.createdAt,
    getting: withStatus('getting'),
    apply: withStatus('apply'),
    later: withStatus('not_now'),
    steps,
    contacts,
    ...(draft.paContact ? { paContact: draft.paContact } : {}),
  };
}

// ── In words ────────────────────────────────────────────────────────────────────────────────

export type SectionKey = 'getting' | 'apply' | 'steps' | 'later' | 'contacts';

export interface DocLine {
  text: string;
  lang: string;
  /** How the line is written out: a phone number or web address is a link. */
  kind?: 'tel' | 'url' | 'note' | 'date';
  /** In a language other than English, beside words the PA typed: "the PA wrote this in English". */
  typedNote?: string;
}

export interface DocItem {
  key: string;
  icon?: string;
  title: Said;
  lines: DocLine[];
}

export interface DocSection {
  key: SectionKey;
  title: Said;
  items: DocItem[];
  /** Shown when `items` is empty. */
  empty: Said;
}

export interface SummaryDoc {
  lang: string;
  dir: 'ltr' | 'rtl';
  title: Said;
  date: Said;
  sections: DocSection[];
  disclaimer: Said;
  footer: Said;
  /** The draft-translation notice, for a language whose text is not checked yet. */
  notice?: Said;
}

const line = (said: Said, kind?: DocLine['kind']): DocLine => ({ ...said, ...(kind ? { kind } : {}) });
/** Text the PA typed: shown as typed, its language unknown. */
const typed = (text: string, kind?: DocLine['kind']): DocLine => ({ text, lang: '', ...(kind ? { kind } : {}) });

/** The summary in one language. Sections with nothing in them are kept (they say "nothing here"). */
export function describeSummary(model: SummaryModel, w: SummaryWords): SummaryDoc {
  // the PA's own words stay as typed (in English): the young person's column says so
  const typedNote = w.lang === 'en' ? {} : { typedNote: w.t('visit.summary.typed_english').text };
  const noteLines = (note?: string): DocLine[] =>
    note ? [{ ...line(w.t('visit.summary.note', { note }), 'note'), ...typedNote }] : [];
  const items = (list: SummaryItem[]): DocItem[] =>
    list.map((i) => ({ key: i.id, icon: i.icon, title: w.title(i.id), lines: noteLines(i.note) }));
  const section = (key: SectionKey, list: DocItem[]): DocSection => ({
    key,
    title: w.t(`visit.summary.${key}`),
    items: list,
    empty: w.t('visit.summary.none'),
  });

  const steps: DocItem[] = model.steps.map((s) => {
    const lines: DocLine[] = [];
    const who = s.who ? w.t(`visit.who.${s.who}`) : undefined;
    if (who && s.what)
      lines.push({ ...w.t('visit.summary.step_who_what', { who: who.text, what: s.what }), lang: '', ...typedNote });
    else if (who) lines.push(line(who));
    else if (s.what) lines.push({ ...typed(s.what), ...typedNote });
    lines.push(
      line(
        s.by ? w.t('visit.summary.step_by', { date: w.formatDate(s.by) }) : w.t('visit.summary.step_no_date'),
        'date',
      ),
    );
    return { key: `step-${s.id}`, icon: s.icon, title: w.title(s.id), lines };
  });

  const contacts: DocItem[] = model.contacts.map((c) => {
    const lines: DocLine[] = [];
    if (c.phone) lines.push(typed(c.phone, 'tel'));
    if (c.url) lines.push(typed(c.url, 'url'));
    if (!lines.length) lines.push(line(w.askPa));
    return { key: `contact-${c.id}`, icon: c.phone ? 'phone' : 'link', title: w.contactName(c.id), lines };
  });
  if (model.paContact)
    contacts.unshift({
      key: 'contact-pa',
      icon: 'user-round',
      title: w.t('visit.summary.your_pa'),
      lines: [{ ...typed(model.paContact), ...typedNote }],
    });

  const sections = [
    section('getting', items(model.getting)),
    section('apply', items(model.apply)),
    section('steps', steps),
    section('contacts', contacts),
  ];
  if (model.later.length) sections.splice(3, 0, section('later', items(model.later)));

  return {
    lang: w.lang,
    dir: w.dir,
    title: w.t('visit.summary.title'),
    date: w.t('visit.summary.date', { date: w.formatDay(model.createdAt) }),
    sections,
    disclaimer: w.t('visit.summary.disclaimer'),
    footer: w.t('visit.summary.footer'),
    ...(w.draftNotice ? { notice: w.draftNotice } : {}),
  };
}

// ── Plain text (for sharing) ────────────────────────────────────────────────────────────────

/** The summary as plain text, one language after the other. */
export function summaryToText(docs: readonly SummaryDoc[]): string {
  const out: string[] = [];
  docs.forEach((doc, i) => {
    if (i > 0) out.push('', '────────────────────', '');
    out.push(doc.title.text, doc.date.text, '');
    for (const s of doc.sections) {
      out.push(`${s.title.text}:`);
      if (!s.items.length) out.push(`  ${s.empty.text}`);
      for (const item of s.items) {
        out.push(`• ${item.title.text}`);
        for (const l of item.lines) out.push(`  ${l.text}${l.typedNote ? ` ${l.typedNote}` : ''}`);
      }
      out.push('');
    }
    out.push(doc.disclaimer.text, doc.footer.text);
    if (doc.notice) out.push(doc.notice.text);
  });
  return out.join('\n');
}

// ── A web page (for downloading) ────────────────────────────────────────────────────────────

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const langAttr = (said: { lang: string }, within: string) =>
  said.lang && said.lang !== within ? ` lang="${escapeHtml(said.lang)}"` : '';

function lineHtml(l: DocLine, within: string): string {
  const text = escapeHtml(l.text) + (l.typedNote ? ` <small>${escapeHtml(l.typedNote)}</small>` : '');
  if (l.kind === 'tel') return `<p dir="ltr"><a href="tel:${escapeHtml(l.text.replace(/\s+/g, ''))}">${text}</a></p>`;
  if (l.kind === 'url' && /^https?:\/\//.test(l.text)) return `<p dir="ltr"><a href="${text}">${text}</a></p>`;
  if (!l.lang) return `<p dir="auto">${text}</p>`;
  return `<p${langAttr(l, within)}${l.kind ? ` class="${l.kind}"` : ''}>${text}</p>`;
}

function cell(doc: SummaryDoc, inner: string): string {
  return `<div class="cell" lang="${escapeHtml(doc.lang)}" dir="${doc.dir}">${inner}</div>`;
}

/**
 * The summary as one self-contained HTML file (no scripts, no outside files): the languages side by
 * side on a wide screen and on A4 paper, one under the other on a phone.
 */
export function summaryToHtml(docs: readonly SummaryDoc[], appName: string): string {
  const [first] = docs;
  if (!first) return '';
  const row = (cls: string, render: (doc: SummaryDoc) => string) =>
    `<div class="row ${cls}">${docs.map((d) => cell(d, render(d))).join('')}</div>`;
  const parts: string[] = [];
  parts.push(
    row(
      'head',
      (d) =>
        `<h1${langAttr(d.title, d.lang)}>${escapeHtml(d.title.text)}</h1><p${langAttr(d.date, d.lang)}>${escapeHtml(d.date.text)}</p>`,
    ),
  );
  first.sections.forEach((section, si) => {
    parts.push(`<section class="section-${section.key}">`);
    parts.push(
      row(
        'section-title',
        (d) => `<h2${langAttr(d.sections[si]!.title, d.lang)}>${escapeHtml(d.sections[si]!.title.text)}</h2>`,
      ),
    );
    if (!section.items.length)
      parts.push(
        row(
          'empty',
          (d) => `<p${langAttr(d.sections[si]!.empty, d.lang)}>${escapeHtml(d.sections[si]!.empty.text)}</p>`,
        ),
      );
    section.items.forEach((_, ii) => {
      parts.push(
        row('item', (d) => {
          const item = d.sections[si]!.items[ii]!;
          // no icons: the file is read wherever it is opened, maybe without the app's icons or emoji fonts
          return `<h3${langAttr(item.title, d.lang)}>${escapeHtml(item.title.text)}</h3>${item.lines.map((l) => lineHtml(l, d.lang)).join('')}`;
        }),
      );
    });
    parts.push('</section>');
  });
  const said = (x: Said | undefined, d: SummaryDoc) => (x ? `<p${langAttr(x, d.lang)}>${escapeHtml(x.text)}</p>` : '');
  parts.push(row('foot', (d) => said(d.disclaimer, d) + said(d.footer, d) + said(d.notice, d)));

  const title = docs.map((d) => d.title.text).join(' · ');
  return `<!doctype html>
<html lang="${escapeHtml(first.lang)}" dir="${first.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(appName)}</title>
<style>
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1b1b1b; font: 16px/1.5 system-ui, 'Noto Sans', 'Noto Sans Ethiopic', 'Noto Naskh Arabic', sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 0; padding-block-start: .5rem; border-block-start: 2px solid #1d3557; }
h3 { font-size: 1rem; margin: 0 0 .15rem; }
p { margin: 0 0 .2rem; }
.row { display: grid; grid-template-columns: repeat(${docs.length}, minmax(0, 1fr)); gap: 0 1.5rem; break-inside: avoid; page-break-inside: avoid; }
.row > .cell:first-child:not(:last-child) { padding-inline-end: 1.5rem; border-inline-end: 1px solid #9ca3af; }
.row > .cell + .cell { color: #374151; }
.cell p { text-align: match-parent; }
.head { margin-block-end: 1rem; }
section { margin-block-end: .75rem; }
.section-title { break-after: avoid; page-break-after: avoid; margin-block-end: .35rem; }
.item { padding-block: .3rem; border-block-end: 1px solid #e5e7eb; }
.note { font-style: italic; }
.date { font-weight: 600; }
.foot { margin-block-start: 1rem; font-size: .85rem; color: #4b5563; }
a { color: #0b4f9c; }
:lang(ti) { font-family: 'Noto Sans Ethiopic', 'Nyala', 'Abyssinica SIL', system-ui, sans-serif; }
:lang(ar), :lang(ckb), :lang(ps), :lang(fa) { font-family: 'Noto Naskh Arabic', 'Noto Sans Arabic', Tahoma, system-ui, sans-serif; line-height: 1.7; }
@media (max-width: 40rem) { .row { grid-template-columns: 1fr; } .row > .cell + .cell, .row > .cell:first-child { padding: .25rem 0 0; border: 0; } }
@media print { body { font-size: 10.5pt; padding: 0; max-width: none; } }
</style>
</head>
<body>
<main>
${parts.join('\n')}
</main>
</body>
</html>
`;
}
