/**
 * What staff and PAs read, in English: the tracking code, district, problems, urgency, next deadline and a
 * link to the staff page (sign-in needed). Never the description, photos, contact details or location.
 */
import { categoryLabel } from './alert-words';

export interface ReportFacts {
  id: string;
  trackingCode: string;
  districtName: string;
  categories: string[];
  urgent: boolean;
  dueAt: Date | null;
  status: string;
}

export interface MailMessage {
  subject: string;
  text: string;
}

const ukTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' });
export const formatDeadline = (dueAt: Date | null) => (dueAt ? `${ukTime.format(dueAt)} (UK time)` : 'none');

const staffLink = (origin: string, id: string) => `${origin}/dashboard/reports/${id}`;
/** A PA opens a report on their own page ("Reports from my young people"): the dashboard is not theirs. */
const paLink = (origin: string, id: string) => `${origin}/pa/reports/${id}`;
const STAFF_OPEN = (origin: string, id: string) => `Open it (staff sign-in needed): ${staffLink(origin, id)}`;
const PA_OPEN = (origin: string, id: string) => `Open it (sign in with your PA account): ${paLink(origin, id)}`;

function factLines(origin: string, r: ReportFacts, open = STAFF_OPEN): string[] {
  return [
    `Tracking code: ${r.trackingCode}`,
    `District: ${r.districtName}`,
    `Problems: ${r.categories.map(categoryLabel).join(', ')}`,
    `Urgent: ${r.urgent ? 'yes' : 'no'}`,
    `Next deadline: ${formatDeadline(r.dueAt)}`,
    `Status: ${r.status.replace(/_/g, ' ')}`,
    '',
    open(origin, r.id),
  ];
}

const footer = (origin: string, why: string) => ['', '--', why, `Choose what you get: ${origin}/staff/account`];

export type StaffAlertKind = 'urgent' | 'due_soon' | 'overdue';

const HEADLINE: Record<StaffAlertKind, (r: ReportFacts) => string> = {
  urgent: (r) => `Urgent housing report ${r.trackingCode} in ${r.districtName}`,
  due_soon: (r) => `Due within 2 days: housing report ${r.trackingCode} in ${r.districtName}`,
  overdue: (r) => `Overdue: housing report ${r.trackingCode} in ${r.districtName}`,
};

/** A commissioner's or a duty inbox's alert about one report. */
export function staffMail(kind: StaffAlertKind, origin: string, r: ReportFacts): MailMessage {
  return {
    subject: HEADLINE[kind](r),
    text: [
      HEADLINE[kind](r) + '.',
      '',
      ...factLines(origin, r),
      ...footer(origin, `You get this because you cover ${r.districtName}.`),
    ].join('\n'),
  };
}

/** A short push for staff: the same facts, fewer words. */
export function staffPush(kind: StaffAlertKind, r: ReportFacts) {
  return {
    title: HEADLINE[kind](r),
    body: `${r.categories.map(categoryLabel).join(', ')} · deadline ${formatDeadline(r.dueAt)}`,
    url: `/dashboard/reports/${r.id}`,
    tag: `staff-${kind}-${r.trackingCode}`,
  };
}

export type PaAlertKind = 'created' | 'updated' | 'replied';

/** The PA named on a report: when it is made (urgent or not), when its status or public notes change, and when the young person answers. */
export function paMail(kind: PaAlertKind, origin: string, r: ReportFacts): MailMessage {
  const headline = {
    created: `${r.urgent ? 'Urgent housing report' : 'Housing report'} ${r.trackingCode} names you as PA`,
    updated: `Housing report ${r.trackingCode} has an update (status or a message for the young person)`,
    replied: `The young person answered on housing report ${r.trackingCode}`,
  }[kind];
  return {
    subject: headline,
    text: [
      headline + '.',
      '',
      ...factLines(origin, r, PA_OPEN),
      ...footer(origin, 'You get this because the young person chose to be contacted through you.'),
    ].join('\n'),
  };
}

export interface DigestItem extends ReportFacts {
  districtCode: string;
}

/** The daily list of overdue and due-soon reports of the districts someone covers; null when there are none. */
export function digestMail(origin: string, items: DigestItem[], now: Date): MailMessage | null {
  if (items.length === 0) return null;
  const byDistrict = new Map<string, DigestItem[]>();
  for (const item of items) byDistrict.set(item.districtName, [...(byDistrict.get(item.districtName) ?? []), item]);
  const lines: string[] = [];
  for (const [district, list] of [...byDistrict].sort(([a], [b]) => a.localeCompare(b, 'en-GB'))) {
    const overdue = list.filter((i) => i.dueAt && i.dueAt <= now);
    const soon = list.filter((i) => i.dueAt && i.dueAt > now);
    lines.push(`${district}: ${overdue.length} overdue, ${soon.length} due within 2 days`);
    for (const i of [...overdue, ...soon]) {
      lines.push(
        `  ${i.dueAt && i.dueAt <= now ? 'OVERDUE' : 'due soon'} · ${i.trackingCode} · ${i.categories.map(categoryLabel).join(', ')}` +
          `${i.urgent ? ' · urgent' : ''} · deadline ${formatDeadline(i.dueAt)} · ${staffLink(origin, i.id)}`,
      );
    }
    lines.push('');
  }
  const overdueCount = items.filter((i) => i.dueAt && i.dueAt <= now).length;
  return {
    subject: `Housing reports today: ${overdueCount} overdue, ${items.length - overdueCount} due within 2 days`,
    text: [...lines, ...footer(origin, 'The daily list for the districts you cover.')].join('\n'),
  };
}
