/**
 * A status change and/or notes on one report, in one transaction with its history row and its audit row
 * (issue 6). Transitions follow NEXT_STATUSES in the contract; anything else is 409.
 *
 * Deadlines: each step meets one clock of the pack's housing policy (api/rules/deadlines.ts):
 * acknowledged → acknowledgeBy, investigating (the investigation has been carried out) → investigateBy,
 * works_scheduled (the written summary of the works is sent) → summaryBy, resolved → makeSafeBy.
 * `due_at` becomes the earliest clock not yet met (null once resolved or closed). For a significant hazard,
 * the summary and make-safe clocks count from the day the investigation really happened
 * (deadlinesAfterInvestigation), as Awaab's Law counts them, when that is earlier than the clocks set at
 * arrival (which assume the investigation on its last allowed day): a late investigation gains no time.
 */
import { canMove, type ReportDeadlines, type ReportPatch, type ReportStatus } from '#contract';
import { deadlinesAfterInvestigation, hazardClass } from '#rules/deadlines';
import type { Db } from '../../db/client';
import type { Staff } from '../../lib/access';
import { assertDistrictAccess } from '../../lib/access';
import { ApiError } from '../../lib/errors';
import { audit } from '../auth/audit';
import { housingPolicy } from '../housing-reports/housing-reports.policy';

const ORDER: ReportStatus[] = ['new', 'acknowledged', 'investigating', 'works_scheduled', 'resolved'];
const MET_BY: Record<keyof ReportDeadlines, ReportStatus> = {
  acknowledgeBy: 'acknowledged',
  investigateBy: 'investigating',
  summaryBy: 'works_scheduled',
  makeSafeBy: 'resolved',
};

/** The earliest deadline a report in `status` has still to meet, or null. */
export function nextDue(deadlines: ReportDeadlines, status: ReportStatus): string | null {
  if (status === 'resolved' || status === 'closed') return null;
  const reached = ORDER.indexOf(status);
  const open = (Object.keys(MET_BY) as (keyof ReportDeadlines)[])
    .filter((key) => deadlines[key] && ORDER.indexOf(MET_BY[key]) > reached)
    .map((key) => deadlines[key]!);
  return open.sort()[0] ?? null;
}

interface LockedReport {
  id: string;
  status: ReportStatus;
  district_code: string;
  categories: string[];
  feels_safe: string;
  deadlines: ReportDeadlines | string;
}

export async function changeReport(db: Db, staff: Staff, id: string, patch: ReportPatch): Promise<void> {
  await db.transaction(async (tx) => {
    const [report] = await tx.query<LockedReport>(
      'select id, status, district_code, categories, feels_safe, deadlines from reports where id = $1 for update',
      [id],
    );
    if (!report) throw new ApiError(404, 'not_found', 'There is no such report.');
    assertDistrictAccess(staff, report.district_code);
    const [{ now }] = (await tx.query<{ now: Date }>('select now() as now')) as [{ now: Date }];

    const from = report.status;
    const to = patch.status;
    if (to !== undefined && !canMove(from, to)) {
      throw new ApiError(409, 'illegal_transition', `A report that is "${from}" cannot become "${to}".`, { status: `cannot go from ${from} to ${to}` });
    }

    if (to !== undefined) {
      let deadlines: ReportDeadlines = typeof report.deadlines === 'string' ? JSON.parse(report.deadlines) : report.deadlines;
      const investigatedNow = ORDER.indexOf(from) < ORDER.indexOf('investigating') && to !== 'closed' && ORDER.indexOf(to) >= ORDER.indexOf('investigating');
      if (investigatedNow && hazardClass({ categories: report.categories as never, feelsSafe: report.feels_safe }, housingPolicy) === 'significant') {
        // an early investigation brings the clocks forward; a late one never pushes them back
        const after = deadlinesAfterInvestigation(now, housingPolicy);
        const earlier = (a: string | undefined, b: string) => (a && a < b ? a : b);
        deadlines = { ...deadlines, summaryBy: earlier(deadlines.summaryBy, after.summaryBy), makeSafeBy: earlier(deadlines.makeSafeBy, after.makeSafeBy) };
      }
      await tx.query(
        `update reports set
           status = $2,
           acknowledged_at = case when $2 <> 'closed' then coalesce(acknowledged_at, $3) else acknowledged_at end,
           resolved_at = case when $2 = 'resolved' then $3 else resolved_at end,
           closed_at = case when $2 = 'closed' then $3 else closed_at end,
           closed_reason = case when $2 = 'closed' then $4 else closed_reason end,
           deadlines = $5::jsonb,
           due_at = $6::timestamptz,
           updated_at = $3
         where id = $1`,
        [id, to, now, patch.closedReason ?? null, JSON.stringify(deadlines), nextDue(deadlines, to)],
      );
    } else {
      await tx.query('update reports set updated_at = $2 where id = $1', [id, now]);
    }

    await tx.query(
      `insert into report_updates (report_id, at, actor, from_status, to_status, public_note, internal_note)
       values ($1, $2, $3, $4, $5, $6, $7)`,
      [id, now, `staff:${staff.id}`, to === undefined ? null : from, to ?? null, patch.publicNote ?? null, patch.internalNote ?? null],
    );
    await audit(tx, {
      actorId: staff.id,
      action: 'report.update',
      reportId: id,
      details: {
        ...(to === undefined ? {} : { from, to }),
        ...(patch.closedReason ? { closedReason: patch.closedReason } : {}),
        publicNote: patch.publicNote !== undefined,
        internalNote: patch.internalNote !== undefined,
      },
    });
  });
}
