/**
 * The words of a young person's push, in the phone's language. The problem's name comes from the pack's
 * own words (content/kent/text/<lang>.json); the sentence never holds a note's text, a name or a place.
 * The sentences are drafts to be checked by translators, like the rest of locales/.
 */
import { categories as ar } from '#content/kent/text/ar.json';
import { categories as ckb } from '#content/kent/text/ckb.json';
import { categories as en } from '#content/kent/text/en.json';
import { categories as faAF } from '#content/kent/text/fa-AF.json';
import { categories as ps } from '#content/kent/text/ps.json';
import { categories as sq } from '#content/kent/text/sq.json';
import { categories as ti } from '#content/kent/text/ti.json';
import { categories as vi } from '#content/kent/text/vi.json';
import type { PushMessage } from '#contract';

type Labels = Record<string, { label: string }>;

const WORDS: Record<string, { labels: Labels; update: string; lower: boolean }> = {
  en: { labels: en, update: 'Your report about {topic} has an update', lower: true },
  ar: { labels: ar, update: 'يوجد جديد في بلاغك عن {topic}', lower: false },
  ti: { labels: ti, update: 'ጸብጻብካ ብዛዕባ {topic} ሓድሽ ሓበሬታ ኣለዎ', lower: false },
  ckb: { labels: ckb, update: 'ڕاپۆرتەکەت دەربارەی {topic} هەواڵی نوێی هەیە', lower: false },
  vi: { labels: vi, update: 'Báo cáo của bạn về {topic} có cập nhật mới', lower: true },
  ps: { labels: ps, update: 'ستاسو راپور د {topic} په اړه نوی خبر لري', lower: false },
  'fa-AF': { labels: faAF, update: 'گزارش شما درباره {topic} خبر تازه دارد', lower: false },
  sq: { labels: sq, update: 'Raporti juaj për {topic} ka një përditësim', lower: true },
};

export const APP_NAME = 'Care Leaver Hub';

/** The push for a report's status change or public note, in `language` (English when unknown). */
export function reportUpdatePush(
  language: string,
  report: { trackingCode: string; categories: readonly string[] },
): PushMessage {
  const words = WORDS[language] ?? WORDS.en!;
  const label =
    words.labels[report.categories[0] ?? '']?.label ?? WORDS.en!.labels[report.categories[0] ?? '']?.label ?? '';
  const topic = words.lower ? label.toLowerCase() : label;
  return {
    title: APP_NAME,
    body: words.update.replace('{topic}', topic),
    url: '/my-reports',
    tag: `report-${report.trackingCode}`,
  };
}

/** An English problem name for staff mails. */
export const categoryLabel = (id: string): string => (en as Labels)[id]?.label ?? id;
