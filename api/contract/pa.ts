/**
 * A PA's own view, /api/pa/*: "Reports from my young people". A PA sees the reports that name their work
 * email ("Through my PA"), and the reports in their districts whose young person asked to be contacted
 * through their PA. They read the young person's words and the public history, add notes the young person
 * sees, and make a report with or for a young person during a visit. Never the location, photos or contact
 * details (those are for staff with the role). No Hono, DB or Vue imports here.
 */
import { z } from 'zod';
import { PublicNote, TemplateChoice } from './dashboard';
import { PublicReport, ReportLanguage } from './housing-reports';

export const PaReportItem = PublicReport.pick({
  trackingCode: true,
  status: true,
  urgent: true,
  categories: true,
  district: true,
  receivedAt: true,
  updatedAt: true,
}).extend({
  id: z.string(),
  firstName: z.string().nullable(),
  /** Why the PA sees it: the report names them, or it is in their districts. */
  reason: z.enum(['named', 'district']),
  dueAt: z.string().nullable(),
});
export type PaReportItem = z.infer<typeof PaReportItem>;

export const PaReportList = z.object({ reports: z.array(PaReportItem) });
export type PaReportList = z.infer<typeof PaReportList>;

export const PaReportDetail = PaReportItem.extend({
  description: z.string(),
  accommodationType: z.string(),
  language: ReportLanguage,
}).extend(PublicReport.pick({ deadlines: true, deadlinesBasis: true, updates: true }).shape);
export type PaReportDetail = z.infer<typeof PaReportDetail>;

/** POST /api/pa/reports/{id}/notes: a note the young person sees (a template and/or free text). */
export const PaNote = z
  .strictObject({ template: TemplateChoice.optional(), publicNote: PublicNote.optional() })
  .refine((n) => n.template !== undefined || n.publicNote !== undefined, {
    message: 'give a template or a note',
    path: ['publicNote'],
  });
export type PaNote = z.infer<typeof PaNote>;
