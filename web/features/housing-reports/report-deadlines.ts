/**
 * Which words a report's deadlines get. `law`: Awaab's Law binds this landlord for this hazard, so "Your
 * landlord must … by"; `target`: the council's own aim, "The council aims to … by". Saying that a
 * landlord must, where the law does not say so, would promise the young person what nobody has to do.
 * The acknowledgement is always the council's aim: the law's clocks are the landlord's investigation,
 * written summary and repairs. A report from before the basis was sent has none: it gets the aims.
 */
import type { AccommodationType, DeadlinesBasis, ReportDeadlines } from '#contract';

export const DEADLINE_KEYS = ['acknowledgeBy', 'investigateBy', 'summaryBy', 'makeSafeBy'] as const;
export type DeadlineKey = (typeof DEADLINE_KEYS)[number];

export interface DeadlineLine {
  key: DeadlineKey;
  /** ISO date-time */
  at: string;
  /** The message key of its words (my_reports.deadline.law.* or my_reports.deadline.target.*). */
  message: string;
}

export function deadlineLines(d: ReportDeadlines, basis: DeadlinesBasis | undefined): DeadlineLine[] {
  return (
    DEADLINE_KEYS
      // "acknowledged by" the same moment as "looked into by" says nothing new
      .filter((k) => d[k] && !(k === 'acknowledgeBy' && d.acknowledgeBy === d.investigateBy))
      .map((key) => ({
        key,
        at: d[key]!,
        message: `my_reports.deadline.${basis === 'law' && key !== 'acknowledgeBy' ? 'law' : 'target'}.${key}`,
      }))
  );
}

/** The one date that says when someone will first act on a new report (for the confirmation screen). */
export function firstDeadline(d: ReportDeadlines, basis: DeadlinesBasis | undefined): DeadlineLine | undefined {
  const lines = deadlineLines(d, basis);
  return lines.find((l) => l.key === 'investigateBy') ?? lines.find((l) => l.key === 'acknowledgeBy');
}

/** Private renters are told the council can make a landlord fix serious hazards (the law's clocks are not theirs). */
export const toldCouncilCanAct = (type: AccommodationType | undefined) => type === 'private_rented';
