/**
 * The dashboard's headline strip (with the period before), the trend (overdue, resolved in time, the
 * month not over yet) and the CSV export: the filters and period of the page, named after them, English
 * labels, UK local times, codes apart, read a page at a time.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardSummary, DashboardTrend, NewReport } from '#contract';
import { currentMonth } from '../../api/modules/dashboard/periods';
import { addMonths } from '#rules/periods';
import { EXPORT_HEADER, exportPages } from '../../api/modules/dashboard/dashboard.export';
import { createReport } from '../../api/modules/housing-reports/housing-reports.queries';
import { newReport } from '../helpers/reports';
import { asStaff, createStaff, signIn } from '../helpers/staff';
import { createTestApp } from '../helpers/test-app';

const THANET = 'E07000114';
const DOVER = 'E07000108';

let t: Awaited<ReturnType<typeof createTestApp>>;
let cookie: string;

async function addReport(overrides: Partial<NewReport>, receivedAt: Date) {
  const result = await createReport(t.db, {
    report: newReport({ district: THANET, contact: { method: 'pa' }, ...overrides }) as NewReport,
    idempotencyKey: randomUUID(),
    requestHash: 'test',
    photos: [],
    receivedAt,
  });
  return result.response.id;
}
const get = (path: string) => t.app.request(path, asStaff(cookie));
/** The middle of a month `delta` months from this one (UK), at noon UTC. */
const inMonth = (delta: number) => new Date(`${addMonths(currentMonth(), delta)}-14T12:00:00Z`);

beforeAll(async () => {
  t = await createTestApp();
  const staff = await createStaff(t.db, { email: 'kent@example.test', role: 'commissioner' });
  cookie = (await signIn(t.app, staff))!;
  // this year: 3 in Thanet (one urgent gas report, long overdue), 1 in Dover; the year before: 2 in Thanet
  await addReport({ categories: ['gas_co'], provider: '=HYPERLINK("http://x")' }, inMonth(-3));
  await addReport({ categories: ['damp', 'mould'], accommodationType: 'supported' }, inMonth(-1));
  await addReport({ categories: ['pests'] }, new Date(Date.now() - 3_600_000));
  await addReport({ district: DOVER, categories: ['damp'] }, inMonth(-2));
  await addReport({ categories: ['damp'] }, inMonth(-14));
  await addReport({ categories: ['damp'] }, inMonth(-15));
  await t.db.query(
    `update reports set status = 'resolved', resolved_at = received_at + interval '5 days', acknowledged_at = received_at + interval '1 day', due_at = null
                    where received_at < $1`,
    [inMonth(-13)],
  );
});
afterAll(() => t.close());

describe('headline strip', () => {
  it('counts open, urgent, overdue and due soon now, and the same for the 12 months before', async () => {
    const s = (await (await get('/api/dashboard/summary')).json()) as DashboardSummary;
    expect(s.headline.current).toMatchObject({ open: 4, urgentOpen: 1, overdue: expect.any(Number) });
    expect(s.headline.current.overdue).toBeGreaterThanOrEqual(1);
    expect(s.headline.previousPeriod).toEqual({
      from: addMonths(s.period.from, -12),
      to: addMonths(s.period.from, -1),
    });
    expect(s.headline.previous).toMatchObject({
      open: 0,
      urgentOpen: 0,
      overdue: 0,
      resolvedInTimeShare: 1,
      medianDaysToResolve: 5,
      medianDaysToAcknowledge: 1,
    });
    const thanet = (await (
      await get(`/api/dashboard/summary?district=${THANET}&urgent=true`)
    ).json()) as DashboardSummary;
    expect(thanet.headline.current).toMatchObject({ open: 1, urgentOpen: 1 });
  });

  it("says how many of the overdue reports are past a deadline Awaab's Law sets (the rest: council targets)", async () => {
    const overdue = async () =>
      ((await (await get('/api/dashboard/summary')).json()) as DashboardSummary).headline.current;
    const before = await overdue();
    expect(before.overdue).toBeGreaterThanOrEqual(1);
    expect(before.overdueLaw).toBe(0); // private and supported homes: council targets
    await t.db.query(`update reports set deadlines_basis = 'law' where categories @> '{gas_co}'`);
    try {
      expect(await overdue()).toMatchObject({ overdue: before.overdue, overdueLaw: 1 });
    } finally {
      await t.db.query(`update reports set deadlines_basis = 'target' where categories @> '{gas_co}'`);
    }
  });

  it('a shorter period is compared with as many months before it', async () => {
    const from = addMonths(currentMonth(), -2);
    const s = (await (
      await get(`/api/dashboard/summary?from=${from}&to=${currentMonth()}`)
    ).json()) as DashboardSummary;
    expect(s.headline.previousPeriod).toEqual({ from: addMonths(from, -3), to: addMonths(from, -1) });
    expect(s.headline.current.open).toBe(3);
    expect(s.headline.previous.open).toBe(1);
  });
});

describe('trend', () => {
  it('gives received, resolved in time and overdue per month, the current month marked partial', async () => {
    const { months } = (await (
      await get(`/api/dashboard/trend?from=${addMonths(currentMonth(), -15)}`)
    ).json()) as DashboardTrend;
    const now = months.at(-1)!;
    expect(now).toMatchObject({ month: currentMonth(), partial: true, received: 1 });
    expect(months.filter((m) => m.partial)).toHaveLength(1);
    const gas = months.find((m) => m.month === addMonths(currentMonth(), -3))!;
    expect(gas).toMatchObject({ received: 1, overdue: 1, partial: false });
    const old = months.find((m) => m.month === addMonths(currentMonth(), -14))!;
    expect(old).toMatchObject({ received: 1, resolvedInTime: 1, overdue: 0 });
  });
});

describe('CSV export', () => {
  it('with the period on screen: the same count as the summary, named after the filters', async () => {
    const s = (await (await get(`/api/dashboard/summary?district=${THANET}`)).json()) as DashboardSummary;
    const res = await get(`/api/dashboard/export.csv?from=${s.period.from}&to=${s.period.to}&district=${THANET}`);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="housing-reports_${s.period.from}-to-${s.period.to}_thanet.csv"`,
    );
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(EXPORT_HEADER.join(','));
    expect(lines.length - 1).toBe(s.totals.total);
    expect(s.totals.total).toBe(3);
  });

  it('labels in English, UK local times, codes in columns of their own, formulas as text', async () => {
    const res = await get(`/api/dashboard/export.csv?district=${THANET}&category=mould&urgent=false`);
    expect(res.headers.get('content-disposition')).toMatch(
      /filename="housing-reports_up-to-\d{4}-\d{2}_thanet_mould_not-urgent\.csv"/,
    );
    const [, row] = (await res.text()).trim().split('\r\n');
    const cells = row!.split(',');
    const at = (name: (typeof EXPORT_HEADER)[number]) => cells[EXPORT_HEADER.indexOf(name)];
    expect(at('District')).toBe('Thanet');
    expect(at('District code')).toBe(THANET);
    expect(at('Problems')).toBe('Damp; Mould');
    expect(at('Problem codes')).toBe('damp; mould');
    expect(at('Problem groups')).toBe('Damp and mould');
    expect(at('Accommodation')).toBe('Supported housing');
    expect(at('Accommodation code')).toBe('supported');
    expect(at('Status')).toBe('New');
    expect(at('Status code')).toBe('new');
    // 12:00 UTC in the middle of a month: 12:00 in winter, 13:00 in summer, written dd/mm/yyyy hh:mm
    const received = inMonth(-1);
    const summer =
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit' }).format(received) === '13';
    expect(at('Received (UK time)')).toBe(
      `14/${addMonths(currentMonth(), -1).slice(5)}/${addMonths(currentMonth(), -1).slice(0, 4)} ${summer ? '13' : '12'}:00`,
    );

    const gas = await (await get('/api/dashboard/export.csv?category=gas_co')).text();
    expect(gas).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('reads a page at a time by key: every row once, even when reports arrive in the same microsecond', async () => {
    const same = new Date('2025-03-03T10:00:00.123Z');
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push(await addReport({ district: DOVER, categories: ['pests'] }, same));
    const pages: unknown[][][] = [];
    const f = { from: '2025-03', to: '2025-03', districts: [DOVER] };
    for await (const page of exportPages(t.db, f, 3)) pages.push(page);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    const refs = pages.flat().map((cells) => cells[0]);
    expect(new Set(refs).size).toBe(7);
    expect([...refs].sort()).toEqual(ids.map((id) => id.slice(0, 8).toUpperCase()).sort());
  });
});
