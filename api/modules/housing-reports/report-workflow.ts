/**
 * Every change to a report after it arrives goes through `changeReport`: a status change and/or notes from
 * staff or a PA, and the young person's answers. One transaction holds the report's row lock, its history
 * row and (for staff) its audit row. Transitions follow NEXT_STATUSES in the contract; anything else is 409.
 *
 * Deadlines: each step meets one clock of the pack's housing policy (api/rules/deadlines.ts):
 * acknowledged → acknowledgeBy, investigating (the investigation has been carried out) → investigateBy,
 * works_scheduled (the written summary of the works is sent) → summaryBy, resolved → makeSafeBy.
 * `due_at` becomes the earliest clock not yet met (null once resolved or closed). For a significant hazard,
 * the summary and make-safe clocks count from the day the investigation really happened
 * (deadlinesAfterInvestigation), as Awaab's Law counts them, when that is earlier than the clocks set at
 * arrival (which assume the investigation on its last allowed day): a late investigation gains no time.
 * A reopened report is a new report of the same problem: its clocks start again from the moment it reopens.
 */
import {
  canMove,
  REOPENABLE,
  type ReplyKind,
  type ReportDeadlines,
  type ReportStatus,
  type TemplateNote,
} from '#contract';
import { computeDeadlines, deadlinesAfterInvestigation, hazardClass } from '#rules/deadlines';
import type { Db } from '../../db/client';
import type { Staff } from '../auth/access';
import { ApiError } from '../../lib/errors';
import { audit } from '../auth/audit';
import { housingPolicy } from './housing-reports.policy';
import { jsonValue } from '../../db/values';

const ORDER: ReportStatus[] = ['new', 'acknowledged', 'investigating', 'works_scheduled', 'resolved'];
const MET_BY: Record<keyof ReportDeadlines, ReportStatus> = {
  acknowledgeBy: 'acknowledged',
  investigateBy: 'investigating',
  summaryBy: 'works_scheduled',
  makeSafeBy: 'resolved',
};

/** The earliest deadline a report in `status` has still to meet, or null (`reopened` has met none). */
export function nextDue(deadlines: ReportDeadlines, status: ReportStatus): string | null {
  if (status === 'resolved' || status === 'closed') return null;
  const reached = ORDER.indexOf(status);
  const open = (Object.keys(MET_BY) as (keyof ReportDeadlines)[])
    .filter((key) => deadlines[key] && ORDER.indexOf(MET_BY[key]) > reached)
    .map((key) => deadlines[key]!);
  return open.sort()[0] ?? null;
}

/** The report's row as the change sees it (locked), for the caller's access check. */
export interface LockedReport {
  id: string;
  status: ReportStatus;
  district_code: string;
  categories: string[];
  feels_safe: string;
  deadlines: ReportDeadlines | string;
  pa_email: string | null;
  contact_method: string;
}

export interface ReportChange {
  /** Staff (or a PA) audited under their id; `reporter`: the young person, by tracking code. */
  by: { staff: Staff } | 'reporter';
  status?: ReportStatus;
  closedReason?: string;
  publicNote?: string;
  internalNote?: string;
  template?: TemplateNote;
  reply?: { kind: ReplyKind; text?: string; idempotencyKey: string; requestHash: string };
  /** Throws (403 …) when the actor may not change this report; runs under the row lock. */
  authorise?: (report: LockedReport) => void;
}

/**
 * Applies a change. An answer whose Idempotency-Key is already stored is not applied again: the stored
 * request's hash comes back instead (the caller replays it, or refuses a different request with that key).
 */
export async function changeReport(db: Db, id: string, change: ReportChange): Promise<{ replayOf?: string }> {
  return db.transaction(async (tx) => {
    const [report] = await tx.query<LockedReport>(
      'select id, status, district_code, categories, feels_safe, deadlines, pa_email, contact_method from reports where id = $1 for update',
      [id],
    );
    if (!report) throw new ApiError(404, 'not_found', 'There is no such report.');
    change.authorise?.(report);
    if (change.reply) {
      // under the report's lock: a racing retry waits here and then finds the first one's row
      const [earlier] = await tx.query<{ request_hash: string }>(
        'select request_hash from report_updates where idempotency_key = $1',
        [change.reply.idempotencyKey],
      );
      if (earlier) return { replayOf: earlier.request_hash };
    }
    const [{ now }] = (await tx.query<{ now: Date }>('select now() as now')) as [{ now: Date }];

    const from = report.status;
    // "It came back" always asks to reopen (409 on an open report); "It's not fixed" reopens a report that
    // was resolved or closed, and is an answer like any other on an open one
    const reopens =
      change.reply?.kind === 'came_back' || (change.reply?.kind === 'not_fixed' && REOPENABLE.includes(from));
    const to = reopens ? 'reopened' : change.status;
    if (to !== undefined && !canMove(from, to)) {
      throw new ApiError(409, 'illegal_transition', `A report that is "${from}" cannot become "${to}".`, {
        status: `cannot go from ${from} to ${to}`,
      });
    }

    if (to !== undefined) {
      let deadlines: ReportDeadlines = jsonValue(report.deadlines);
      const hazard = { categories: report.categories as never, feelsSafe: report.feels_safe };
      const investigatedNow =
        ORDER.indexOf(from) < ORDER.indexOf('investigating') &&
        to !== 'closed' &&
        ORDER.indexOf(to) >= ORDER.indexOf('investigating');
      if (to === 'reopened') {
        deadlines = computeDeadlines({ ...hazard, receivedAt: now }, housingPolicy).deadlines;
      } else if (investigatedNow && hazardClass(hazard, housingPolicy) === 'significant') {
        // an early investigation brings the clocks forward; a late one never pushes them back
        const after = deadlinesAfterInvestigation(now, housingPolicy);
        const earlier = (a: string | undefined, b: string) => (a && a < b ? a : b);
        deadlines = {
          ...deadlines,
          summaryBy: earlier(deadlines.summaryBy, after.summaryBy),
          makeSafeBy: earlier(deadlines.makeSafeBy, after.makeSafeBy),
        };
      }
      await tx.query(
        `update reports set
           status = $2,
           acknowledged_at = case when $2 not in ('closed', 'reopened') then coalesce(acknowledged_at, $3) else acknowledged_at end,
           resolved_at = case when $2 = 'resolved' then $3 when $2 = 'reopened' then null else resolved_at end,
           closed_at = case when $2 = 'closed' then $3 when $2 = 'reopened' then null else closed_at end,
           closed_reason = case when $2 = 'closed' then $4 when $2 = 'reopened' then null else closed_reason end,
           deadlines = $5::jsonb,
           due_at = $6::timestamptz,
           updated_at = $3
         where id = $1`,
        [id, to, now, change.closedReason ?? null, JSON.stringify(deadlines), nextDue(deadlines, to)],
      );
    } else {
      await tx.query('update reports set updated_at = $2 where id = $1', [id, now]);
    }

    const staff = change.by === 'reporter' ? null : change.by.staff;
    await tx.query(
      `insert into report_updates (report_id, at, actor, from_status, to_status, public_note, internal_note, template_id,
         template_fields, reply_kind, reply_text, idempotency_key, request_hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13)`,
      [
        id,
        now,
        staff ? `staff:${staff.id}` : 'reporter',
        to === undefined ? null : from,
        to ?? null,
        change.publicNote ?? null,
        change.internalNote ?? null,
        change.template?.id ?? null,
        change.template ? JSON.stringify(change.template.fields) : null,
        change.reply?.kind ?? null,
        change.reply?.text ?? null,
        change.reply?.idempotencyKey ?? null,
        change.reply?.requestHash ?? null,
      ],
    );
    if (staff) {
      await audit(tx, {
        actorId: staff.id,
        action: 'report.update',
        reportId: id,
        details: {
          ...(to === undefined ? {} : { from, to }),
          ...(change.closedReason ? { closedReason: change.closedReason } : {}),
          ...(change.template ? { template: change.template.id } : {}),
          publicNote: change.publicNote !== undefined,
          internalNote: change.internalNote !== undefined,
        },
      });
    }
    return {};
  });
}
