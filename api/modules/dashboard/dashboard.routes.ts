/**
 * /api/dashboard: the commissioners' view of housing reports. Commissioners and
 * admins only (a PA gets 403, nobody signed in 401); a commissioner limited to some districts sees and
 * changes only those (403 for another district's report, lists filtered). Reading a report's details or
 * a photo, changing a report and exporting are written to the audit log.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import {
  DashboardFilters,
  NEXT_STATUSES,
  ReportListQuery,
  ReportPatch,
  type DashboardProviders,
  type DashboardSummary,
  type DashboardTrend,
  type ReportDetail,
  type ReportListPage,
} from '#contract';
import type { AppDeps } from '../../deps';
import { assertDistrictAccess, authenticate, districtsFor, requireRole, type AuthEnv } from '../auth/access';
import { sameOriginOnly } from '../../lib/csrf';
import { ApiError } from '../../lib/errors';
import { parseJson, parseQuery } from '../../lib/validate';
import { audit } from '../auth/audit';
import { UUID } from '../auth/auth.queries';
import { careLeaverSources } from './care-leavers';
import { csvStream, toCsv } from './csv';
import { EXPORT_HEADER, exportCount, exportFileName, exportPages } from './dashboard.export';
import { dashboardSummary, dashboardTrend } from './dashboard.queries';
import { addMonths } from '#rules/periods';
import { toReportFilter } from './report-filter';
import { assertTemplateNote } from '../housing-reports/response-templates';
import { changeReport } from '../housing-reports/report-workflow';
import { headline } from './dashboard.headline';
import { dashboardProviders, PROVIDERS_CSV_HEADER, providersCsvRows } from './providers';
import { reportDetail, reportDistrict, reportPhoto } from './report-detail';
import { listReports } from './report-list';

/** The trend covers the period, stretched to at least 12 and at most 24 months ending with `to`. */
function trendFilter<T extends { from: string; to: string }>(f: T): T {
  const span =
    (Number(f.to.slice(0, 4)) - Number(f.from.slice(0, 4))) * 12 + Number(f.to.slice(5)) - Number(f.from.slice(5)) + 1;
  const months = Math.min(24, Math.max(12, span));
  return { ...f, from: addMonths(f.to, -(months - 1)) };
}

const PhotoParams = z.object({ n: z.coerce.number().int().min(1).max(20) });

export function dashboard(deps: AppDeps) {
  const { db, env } = deps;
  const app = new Hono<AuthEnv>();
  app.use(sameOriginOnly(env));
  app.use(authenticate(deps));
  app.use(requireRole('commissioner', 'admin'));

  /** The report's id from the path, after the access check on its district (404 / 403). */
  async function accessibleReport(id: string, staff: NonNullable<AuthEnv['Variables']['staff']>) {
    const district = UUID.test(id) ? await reportDistrict(db, id) : null;
    if (!district) throw new ApiError(404, 'not_found', 'There is no such report.');
    assertDistrictAccess(staff, district);
    return id;
  }

  app.get('/summary', async (c) => {
    const filters = parseQuery(c, DashboardFilters);
    const f = toReportFilter(filters, districtsFor(c.get('staff')!, filters.district));
    const [summary, strip, sources] = await Promise.all([
      dashboardSummary(db, f),
      headline(db, f),
      careLeaverSources(db, f.districts),
    ]);
    return c.json({
      period: { from: f.from, to: f.to },
      ...summary,
      headline: strip,
      careLeaverSources: sources,
    } satisfies DashboardSummary);
  });

  app.get('/trend', async (c) => {
    const filters = parseQuery(c, DashboardFilters);
    const f = trendFilter(toReportFilter(filters, districtsFor(c.get('staff')!, filters.district)));
    return c.json({ months: await dashboardTrend(db, f) } satisfies DashboardTrend);
  });

  app.get('/providers', async (c) => {
    const filters = parseQuery(c, DashboardFilters);
    const f = toReportFilter(filters, districtsFor(c.get('staff')!, filters.district));
    return c.json((await dashboardProviders(db, f)) satisfies DashboardProviders);
  });

  app.get('/providers.csv', async (c) => {
    const staff = c.get('staff')!;
    const filters = parseQuery(c, DashboardFilters);
    const shared = c.req.query('shared') === 'true';
    const f = toReportFilter(filters, districtsFor(staff, filters.district));
    const { providers } = await dashboardProviders(db, f);
    await audit(db, { actorId: staff.id, action: 'reports.export', details: { table: 'providers', filters, shared } });
    const name = `providers_${f.from}-to-${f.to}${shared ? '_small-numbers-hidden' : '_staff-only'}.csv`;
    return c.body(toCsv(PROVIDERS_CSV_HEADER, providersCsvRows(providers, shared)), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    });
  });

  app.get('/reports', async (c) => {
    const query = parseQuery(c, ReportListQuery);
    const f = {
      ...toReportFilter(query, districtsFor(c.get('staff')!, query.district), true),
      status: query.status,
      flag: query.flag,
      code: query.code,
    };
    const { reports, total } = await listReports(db, f, query.page, query.pageSize);
    return c.json({ reports, total, page: query.page, pageSize: query.pageSize } satisfies ReportListPage);
  });

  app.get('/reports/:id', async (c) => {
    const staff = c.get('staff')!;
    const id = await accessibleReport(c.req.param('id'), staff);
    const detail = await reportDetail(db, id);
    if (!detail) throw new ApiError(404, 'not_found', 'There is no such report.');
    await audit(db, { actorId: staff.id, action: 'report.read', reportId: id });
    return c.json({ ...detail, nextStatuses: [...NEXT_STATUSES[detail.status]] } satisfies ReportDetail);
  });

  app.get('/reports/:id/photos/:n', async (c) => {
    const staff = c.get('staff')!;
    const id = await accessibleReport(c.req.param('id'), staff);
    const params = PhotoParams.safeParse(c.req.param());
    const photo = params.success ? await reportPhoto(db, id, params.data.n) : null;
    if (!photo || !params.success) throw new ApiError(404, 'not_found', 'There is no such photo.');
    await audit(db, { actorId: staff.id, action: 'report.photo_read', reportId: id, details: { n: params.data.n } });
    // the type is the server's (photos are re-encoded as JPEG on arrival), never the sender's
    const type =
      photo.contentType === 'image/png' || photo.contentType === 'image/webp' ? photo.contentType : 'image/jpeg';
    const ext = type.slice(6).replace('jpeg', 'jpg');
    return c.body(new Uint8Array(photo.bytes), 200, {
      'Content-Type': type,
      'Content-Disposition': `inline; filename="report-${id.slice(0, 8)}-photo-${params.data.n}.${ext}"`,
      'Cache-Control': 'no-store',
    });
  });

  app.patch('/reports/:id', async (c) => {
    const staff = c.get('staff')!;
    const id = await accessibleReport(c.req.param('id'), staff);
    const patch = await parseJson(c, ReportPatch);
    if (patch.template) await assertTemplateNote(db, patch.template);
    await changeReport(db, id, {
      ...patch,
      by: { staff },
      authorise: (report) => assertDistrictAccess(staff, report.district_code),
    });
    deps.alerts?.kick();
    const detail = (await reportDetail(db, id))!;
    return c.json({ ...detail, nextStatuses: [...NEXT_STATUSES[detail.status]] } satisfies ReportDetail);
  });

  app.get('/export.csv', async (c) => {
    const staff = c.get('staff')!;
    const query = parseQuery(c, ReportListQuery);
    const f = {
      ...toReportFilter(query, districtsFor(staff, query.district), true),
      status: query.status,
      flag: query.flag,
      code: query.code,
    };
    const rows = await exportCount(db, f);
    await audit(db, { actorId: staff.id, action: 'reports.export', details: { filters: query, rows } });
    return c.body(csvStream(EXPORT_HEADER, exportPages(db, f)), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${exportFileName(f, query)}"`,
      'Cache-Control': 'no-store',
    });
  });

  return app;
}
