/**
 * What an editor picks to change in a form: the contacts (the urgent ones first, as the urgent-help screen
 * shows them), the urgent-help words, the glossary, the districts, the council schemes, each
 * entitlement's facts and the response templates staff send, named in English as the draft has them.
 */
import type { PackDocument, StudioItem, StudioItemList } from '#contract';

export function studioItems(draft: PackDocument, inDraft: ReadonlySet<string>, basedOn: number): StudioItemList {
  const locales = draft.manifest.locales as string[];
  const en = draft.text.en;
  /** The item or its words in any language has a change in the draft. */
  const changed = (fact: string | null, words: (locale: string) => string | null) =>
    (fact !== null && inDraft.has(fact)) || locales.some((l) => inDraft.has(words(l) ?? ''));
  const items: StudioItem[] = [
    ...[...draft.contacts]
      .sort((a, b) => Number(b.urgent) - Number(a.urgent) || a.order - b.order)
      .map((c) => ({
        key: `contacts.${c.id}`,
        kind: 'contact' as const,
        label: en?.contacts[c.id]?.name ?? c.id,
        inDraft: changed(`contacts.${c.id}`, (l) => `text.${l}.contacts.${c.id}`),
        urgent: c.urgent,
      })),
    {
      key: 'text.en.urgentHelp',
      kind: 'urgent_help',
      label: en?.urgentHelp.title ?? 'urgentHelp',
      inDraft: changed(null, (l) => `text.${l}.urgentHelp`),
    },
    ...Object.entries(en?.glossary ?? {}).map(([id, g]) => ({
      key: `text.en.glossary.${id}`,
      kind: 'glossary' as const,
      label: g.term,
      inDraft: changed(null, (l) => `text.${l}.glossary.${id}`),
    })),
    ...draft.districts.map((d) => ({
      key: `districts.${d.code}`,
      kind: 'district' as const,
      label: en?.districts[d.code]?.name ?? d.name,
      inDraft: changed(`districts.${d.code}`, (l) => `text.${l}.districts.${d.code}`),
    })),
    { key: 'schemes', kind: 'schemes', label: 'schemes', inDraft: inDraft.has('schemes') },
    ...draft.entitlements.map((e) => ({
      key: `entitlements.${e.id}`,
      kind: 'entitlement' as const,
      label: en?.entitlements[e.id]?.title ?? e.id,
      inDraft: inDraft.has(`entitlements.${e.id}`),
    })),
    ...(draft.responseTemplates ?? []).map((r) => ({
      key: `responseTemplates.${r.id}`,
      kind: 'template' as const,
      label: en?.responseTemplates?.[r.id]?.text ?? r.id,
      inDraft: changed(`responseTemplates.${r.id}`, (l) => `text.${l}.responseTemplates.${r.id}`),
      words: Object.fromEntries(
        locales.map((l) => {
          const words = draft.text[l as keyof typeof draft.text]?.responseTemplates?.[r.id];
          return [l, !words ? 'missing' : words.needsUpdate ? 'needs_update' : words.status] as const;
        }),
      ),
    })),
  ];
  return { basedOn, locales, items };
}
