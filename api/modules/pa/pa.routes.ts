/**
 * /api/pa: "Reports from my young people" for PA accounts (api/contract/pa.ts). Signed-in PAs only (401,
 * 403 for other roles); a report that is not theirs is 404, as if it did not exist. Every read is written
 * to the audit log: the list with the ids it showed, each report opened, each note added.
 */
import { Hono } from 'hono';
import { PaNote, type PaReportList } from '#contract';
import type { AppDeps } from '../../deps';
import { authenticate, requireRole, type AuthEnv } from '../auth/access';
import { sameOriginOnly } from '../../lib/csrf';
import { ApiError } from '../../lib/errors';
import { parseJson } from '../../lib/validate';
import { audit } from '../auth/audit';
import { UUID } from '../auth/auth.queries';
import { createReport } from '../housing-reports/housing-reports.queries';
import {
  hashRequest,
  readIdempotencyKey,
  readSubmission,
  replay,
  reportMediaType,
  storedPhotos,
} from '../housing-reports/housing-reports.routes';
import { changeReport } from '../housing-reports/report-workflow';
import { assertTemplateNote } from '../housing-reports/response-templates';
import { isPaReport, paReport, paReports } from './pa.queries';

const notTheirs = () => new ApiError(404, 'not_found', 'There is no such report among your young people’s reports.');

export function pa(deps: AppDeps) {
  const { db, env } = deps;
  const app = new Hono<AuthEnv>();
  app.use(sameOriginOnly(env));
  app.use(authenticate(deps));
  app.use(requireRole('pa'));

  app.get('/reports', async (c) => {
    const staff = c.get('staff')!;
    const reports = await paReports(db, staff);
    await audit(db, { actorId: staff.id, action: 'pa.reports_list', details: { reports: reports.map((r) => r.id) } });
    return c.json({ reports } satisfies PaReportList);
  });

  app.get('/reports/:id', async (c) => {
    const staff = c.get('staff')!;
    const id = c.req.param('id');
    const report = UUID.test(id) ? await paReport(db, staff, id) : null;
    if (!report) throw notTheirs();
    await audit(db, {
      actorId: staff.id,
      action: 'report.read',
      reportId: id,
      details: { as: 'pa', reason: report.reason },
    });
    return c.json(report);
  });

  app.post('/reports/:id/notes', async (c) => {
    const staff = c.get('staff')!;
    const id = c.req.param('id');
    if (!UUID.test(id)) throw notTheirs();
    const note = await parseJson(c, PaNote);
    if (note.template) await assertTemplateNote(db, note.template);
    await changeReport(db, id, {
      ...note,
      by: { staff },
      authorise: (report) => {
        if (!isPaReport(staff, report)) throw notTheirs();
      },
    });
    deps.alerts?.kick();
    return c.json((await paReport(db, staff, id))!, 201);
  });

  /**
   * A report made by the PA with or for a young person during a visit: the same report as the phone's
   * (same validation, district, deadlines and Idempotency-Key rules), recorded as made by this PA and naming
   * them, so it is in their list and its notes reach them.
   */
  app.post('/reports', reportMediaType, async (c) => {
    const staff = c.get('staff')!;
    const idempotencyKey = `pa:${staff.id}:${readIdempotencyKey(c)}`;
    const { report, photoBytes } = await readSubmission(c);
    const requestHash = hashRequest(report, photoBytes);
    const named = { ...report, pa: { name: report.pa?.name ?? staff.email, email: staff.email } };
    const result = await createReport(db, {
      report: named,
      idempotencyKey,
      requestHash,
      photos: await storedPhotos(photoBytes),
      madeBy: staff.id,
    });
    if (!result.created) return replay(c, result, requestHash);
    await audit(db, { actorId: staff.id, action: 'pa.report_create', reportId: result.response.id });
    deps.alerts?.kick();
    return c.json(result.response, 201);
  });

  return app;
}
