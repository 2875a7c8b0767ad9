import type { VisitWords } from './use-visit-words';
import type { SharedSummary } from './visit-share-code';
import type { SummaryDoc } from './visit-summary';

/** What the summary is shown from, and its ways to keep it are made from: the same for both. */
export interface VisitSummaryProps {
  docs: readonly SummaryDoc[];
  words: VisitWords;
  /** For the QR code (PA's phone only); without it there is no QR button. */
  shared?: SharedSummary;
  /** `YYYY-MM-DD` of the visit, for file names. */
  day: string;
}
