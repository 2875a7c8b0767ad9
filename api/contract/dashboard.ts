/**
 * The commissioners' dashboard and the published figures: /api/dashboard/* and
 * /api/stats/*. No Hono, DB or Vue imports here: the web app and the API both use this file.
 * Over 300 lines: the whole contract of one API (schemas and their types); split, its shapes would drift apart.
 */
import { z } from 'zod';
import { CATEGORY_GROUPS, type CategoryGroup } from './content';
import {
  AccommodationType,
  Category,
  DeadlinesBasis,
  ReplyKind,
  ReportDeadlines,
  ReportLanguage,
  ReportStatus,
  TemplateNote,
  type ReportStatus as Status,
} from './housing-reports';
import { DistrictRef } from './districts';
import { MONTH_PATTERN } from './months';
import { pageCounts, pageQuery } from './paging';

/**
 * The staff workflow (checked on the server; anything else is 409). Forward only: a report is acknowledged
 * first, then may move on one or more steps (a repair done at once skips "works scheduled"); `closed`, with
 * a reason, from any open state. `resolved` and `closed` are final for staff: only the young person reopens
 * one (REOPENABLE), and a reopened report moves on like a new one.
 */
export const NEXT_STATUSES: Record<Status, readonly Status[]> = {
  new: ['acknowledged', 'closed'],
  acknowledged: ['investigating', 'works_scheduled', 'resolved', 'closed'],
  investigating: ['works_scheduled', 'resolved', 'closed'],
  works_scheduled: ['resolved', 'closed'],
  resolved: [],
  closed: [],
  reopened: ['acknowledged', 'investigating', 'works_scheduled', 'resolved', 'closed'],
};
export const OPEN_STATUSES = [
  'new',
  'acknowledged',
  'investigating',
  'works_scheduled',
  'reopened',
] as const satisfies readonly Status[];
/** The young person's "It came back" or "It's not fixed" moves these to `reopened`. */
export const REOPENABLE: readonly Status[] = ['resolved', 'closed'];
export const canMove = (from: Status, to: Status) =>
  NEXT_STATUSES[from].includes(to) || (to === 'reopened' && REOPENABLE.includes(from));

/** A month, `YYYY-MM` (UK time). The dashboard's period is whole months: its figures are kept per month. */
export const Month = z.string().regex(MONTH_PATTERN, 'must be a month (YYYY-MM) from 2000 to 2099');

/** Filters shared by every dashboard view, kept in the page's URL query. All optional. */
export const DashboardFilters = z
  .object({
    from: Month.optional(),
    to: Month.optional(),
    district: z
      .string()
      .regex(/^[A-Za-z0-9_]{1,20}$/, 'is not a district code')
      .optional(),
    category: Category.optional(),
    accommodationType: AccommodationType.optional(),
    /** `true`: urgent reports only; `false`: the others only. */
    urgent: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'must not be after "to"', path: ['from'] });
export type DashboardFilters = z.infer<typeof DashboardFilters>;

export type CategoryGroupCounts = Record<CategoryGroup, number>;
const GroupCounts = z.object(
  Object.fromEntries(CATEGORY_GROUPS.map((g) => [g, z.number()])) as Record<CategoryGroup, z.ZodNumber>,
);

export const SummaryFigures = z.object({
  /** Reports received in the period. */
  total: z.number(),
  /** Of those, still open now. */
  open: z.number(),
  /** Of those, open and past their next deadline now. */
  overdue: z.number(),
  /** A report with categories in two groups counts in both. */
  byCategoryGroup: GroupCounts,
  medianDaysToAcknowledge: z.number().nullable(),
  medianDaysToResolve: z.number().nullable(),
  /** Resolved by their last deadline, out of the resolved reports that had one (0–1), or null. */
  resolvedInTimeShare: z.number().nullable(),
  /** Care leavers living there (as an admin entered it, else the pack's number); then reports per 100 of them. */
  careLeavers: z.number().nullable(),
  ratePer100: z.number().nullable(),
});
export type SummaryFigures = z.infer<typeof SummaryFigures>;

export const DistrictSummary = SummaryFigures.extend({ code: z.string(), name: z.string() });
export type DistrictSummary = z.infer<typeof DistrictSummary>;

export const Period = z.object({ from: Month, to: Month });
export type Period = z.infer<typeof Period>;

/**
 * The headline figures of a period: the reports received in it, their state now. `dueSoon`: open and due
 * within the next 2 days. Shares 0–1; medians in days.
 */
export const HeadlineFigures = z.object({
  open: z.number(),
  urgentOpen: z.number(),
  overdue: z.number(),
  /** Of the overdue, those whose deadlines Awaab's Law sets (`deadlinesBasis: law`); the rest are council targets. */
  overdueLaw: z.number(),
  dueSoon: z.number(),
  resolvedInTimeShare: z.number().nullable(),
  medianDaysToAcknowledge: z.number().nullable(),
  medianDaysToResolve: z.number().nullable(),
});
export type HeadlineFigures = z.infer<typeof HeadlineFigures>;

/** GET /api/dashboard/summary */
export const DashboardSummary = z.object({
  period: Period,
  districts: z.array(DistrictSummary),
  totals: SummaryFigures,
  /** The same filters over the period, and over the period of equal length just before it. */
  headline: z.object({ current: HeadlineFigures, previous: HeadlineFigures, previousPeriod: Period }),
  /** Where the care leaver numbers of the districts in view come from: those an admin entered, by name. */
  careLeaverSources: z.array(z.object({ code: z.string(), name: z.string(), source: z.string(), asOf: z.string() })),
});
export type DashboardSummary = z.infer<typeof DashboardSummary>;

/**
 * GET /api/dashboard/trend: per month of receipt, 12 to 24 months ending with `to`: reports received, of
 * those open now, resolved (with a deadline), resolved in time, and open past their deadline now.
 * `partial`: the month is not over yet.
 */
export const DashboardTrend = z.object({
  months: z.array(
    z.object({
      month: Month,
      received: z.number(),
      open: z.number(),
      resolved: z.number(),
      resolvedInTime: z.number(),
      overdue: z.number(),
      partial: z.boolean(),
    }),
  ),
});
export type DashboardTrend = z.infer<typeof DashboardTrend>;

/**
 * GET /api/dashboard/providers: per provider (names grouped ignoring case and spaces), for the reports
 * received in the period: open and overdue now, the share resolved in time, the share about a home reported
 * before (repeat homes), the share where the young person said they did not feel safe. And the repeat
 * reports by district. Staff only; `GET /api/dashboard/providers.csv?shared=true` suppresses small counts.
 */
export const ProviderFigures = z.object({
  name: z.string(),
  received: z.number(),
  open: z.number(),
  overdue: z.number(),
  resolvedInTimeShare: z.number().nullable(),
  repeats: z.number(),
  cameBack: z.number(),
  repeatShare: z.number().nullable(),
  notSafeShare: z.number().nullable(),
});
export type ProviderFigures = z.infer<typeof ProviderFigures>;

export const DashboardProviders = z.object({
  providers: z.array(ProviderFigures),
  repeatsByDistrict: z.array(
    z.object({ code: z.string(), name: z.string(), repeats: z.number(), cameBack: z.number() }),
  ),
});
export type DashboardProviders = z.infer<typeof DashboardProviders>;

export const REPORT_LIST_STATUSES = ['open', 'overdue', ...ReportStatus.options] as const;
/** What the young person said: does not feel safe; children (a baby too); someone disabled (or with a health condition); pregnant; any of these. */
export const REPORT_FLAGS = ['any', 'not_safe', 'children', 'disabled', 'pregnant'] as const;
export const ReportListQuery = DashboardFilters.and(
  z.object({
    status: z.enum(REPORT_LIST_STATUSES, { error: 'is not a known status' }).optional(),
    flag: z.enum(REPORT_FLAGS, { error: 'is not a known flag' }).optional(),
    /** A tracking code or part of one, typed any way (case, spaces and dashes do not matter). */
    code: z
      .string()
      .trim()
      .max(40, 'must be at most 40 characters')
      .regex(/^[0-9A-Za-z -]*$/, 'must be letters, digits, spaces or dashes')
      .optional(),
    ...pageQuery(100, 25),
  }),
);
export type ReportListQuery = z.infer<typeof ReportListQuery>;

/** One row of the list: no description, location or contact (those are in the audited detail). */
export const ReportListItem = z.object({
  id: z.string(),
  /** A short reference for people to quote (the start of the id). */
  ref: z.string(),
  /** What the young person holds: staff find a report by it. */
  trackingCode: z.string(),
  status: ReportStatus,
  urgent: z.boolean(),
  categories: z.array(Category),
  district: DistrictRef,
  accommodationType: z.string(),
  provider: z.string().nullable(),
  receivedAt: z.string(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  /** Open and due within the next 2 days. */
  dueSoon: z.boolean(),
});
export type ReportListItem = z.infer<typeof ReportListItem>;

export const ReportListPage = z.object({ reports: z.array(ReportListItem), ...pageCounts });
export type ReportListPage = z.infer<typeof ReportListPage>;

export const ReportHistoryEntry = z.object({
  at: z.string(),
  /** `reporter`, a member of staff's email, or `system`. */
  actor: z.string(),
  fromStatus: ReportStatus.nullable(),
  toStatus: ReportStatus.nullable(),
  publicNote: z.string().nullable(),
  internalNote: z.string().nullable(),
  template: TemplateNote.nullable(),
  /** The young person's answer. */
  reply: z.object({ kind: ReplyKind, text: z.string().nullable() }).nullable(),
});
export type ReportHistoryEntry = z.infer<typeof ReportHistoryEntry>;

/** GET /api/dashboard/reports/{id}: everything staff with the role may see; each read is audit-logged. */
export const ReportDetail = ReportListItem.extend({
  description: z.string(),
  since: z.string().nullable(),
  /** What the young person said: do they feel safe there, and who lives there. */
  feelsSafe: z.enum(['yes', 'no', 'not_sure']),
  affected: z.object({
    baby: z.boolean(),
    healthCondition: z.boolean(),
    children: z.boolean(),
    disabled: z.boolean(),
    pregnant: z.boolean(),
  }),
  /** Earlier reports at the same home (repeat-homes.ts), newest first; `cameBack`: within 12 months of one being resolved. */
  home: z.object({
    earlier: z.array(
      z.object({
        id: z.string(),
        ref: z.string(),
        receivedAt: z.string(),
        status: ReportStatus,
        resolvedAt: z.string().nullable(),
        closedAt: z.string().nullable(),
        cameBackAfter: z.boolean(),
      }),
    ),
    cameBack: z.boolean(),
  }),
  contact: z.object({ method: z.string(), value: z.string().nullable() }),
  /** The flat or house number and street the young person gave, if any (null once retention ran). */
  address: z.string().nullable(),
  location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
  source: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedReason: z.string().nullable(),
  updatedAt: z.string(),
  deadlines: ReportDeadlines,
  deadlinesBasis: DeadlinesBasis,
  /** The young person's language: template notes reach them in it. */
  language: ReportLanguage,
  /** "Through my PA": the PA named on the report, and the young person's first name if given. */
  pa: z.object({ name: z.string(), email: z.string() }).nullable(),
  firstName: z.string().nullable(),
  /** The PA who made the report with the young person, when a PA did. */
  madeBy: z.string().nullable(),
  photos: z.array(z.object({ n: z.number(), width: z.number(), height: z.number(), url: z.string() })),
  history: z.array(ReportHistoryEntry),
  nextStatuses: z.array(ReportStatus),
});
export type ReportDetail = z.infer<typeof ReportDetail>;

export const NOTE_MAX = 2000;
export const CLOSED_REASON_MAX = 500;

/** A template of the pack, shown in the young person's language (a `publicNote` with it is extra free text). */
export const TemplateChoice = z.strictObject({
  id: z.string({ error: 'must be text' }).max(60),
  fields: z.record(z.string(), z.string({ error: 'must be text' }).max(100)).default({}),
});

/** What the young person reads from staff or their PA. */
export const PublicNote = z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(NOTE_MAX);

/** PATCH /api/dashboard/reports/{id}: a status change and/or notes. */
export const ReportPatch = z
  .strictObject({
    template: TemplateChoice.optional(),
    /** `reopened` is the young person's to give (POST /api/reports/{code}/replies). */
    status: ReportStatus.exclude(['reopened'], { error: 'is not a status staff can set' }).optional(),
    closedReason: z
      .string({ error: 'must be text' })
      .trim()
      .min(1, 'must not be empty')
      .max(CLOSED_REASON_MAX)
      .optional(),
    /** Shown to the young person with the tracking code. */
    publicNote: PublicNote.optional(),
    /** Staff only. */
    internalNote: z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(NOTE_MAX).optional(),
  })
  .superRefine((p, ctx) => {
    if (
      p.status === undefined &&
      p.publicNote === undefined &&
      p.internalNote === undefined &&
      p.template === undefined
    ) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'give a new status or a note' });
    }
    if (p.status === 'closed' && p.closedReason === undefined) {
      ctx.addIssue({ code: 'custom', path: ['closedReason'], message: 'is required to close a report' });
    }
    if (p.status !== 'closed' && p.closedReason !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['closedReason'], message: 'only goes with status "closed"' });
    }
  });
export type ReportPatch = z.infer<typeof ReportPatch>;

// ── Published figures (no sign-in) ───────────────────────────────────────────────────────────

/** A published count: below 5 it is the string "<5" (shown as "fewer than 5"), 0 included; else rounded to 5. */
export const SuppressedCount = z.union([z.number().int().min(5).multipleOf(5), z.literal('<5')]);
export type SuppressedCount = z.infer<typeof SuppressedCount>;

export const PublishedFigures = z.object({
  total: SuppressedCount,
  byCategoryGroup: z.object(
    Object.fromEntries(CATEGORY_GROUPS.map((g) => [g, SuppressedCount])) as Record<
      CategoryGroup,
      typeof SuppressedCount
    >,
  ),
  /** null when it would be computed from a count below 5 (or there is nothing to compute it from). */
  resolvedInTimeShare: z.number().nullable(),
});
export type PublishedFigures = z.infer<typeof PublishedFigures>;

/** GET /api/stats/districts */
export const PublishedDistricts = z.object({
  period: z.object({ from: Month, to: Month }),
  districts: z.array(PublishedFigures.extend({ code: z.string(), name: z.string() })),
  totals: PublishedFigures,
});
export type PublishedDistricts = z.infer<typeof PublishedDistricts>;
