/**
 * GET /api/stats/monthly.csv, the published figures month by month as open data: the same suppression as
 * /api/stats (checked against its answer), never the month under way, RFC 4180 with every row as wide as
 * the header, and served as a CSV download named after its period, under the Open Government Licence.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewReport, PublishedDistricts } from '#contract';
import { createReport } from '../../api/modules/housing-reports/housing-reports.queries';
import { currentMonth } from '../../api/modules/dashboard/periods';
import { addMonths, monthsBetween } from '#rules/periods';
import { LICENCE, MONTHLY_HEADER, SOURCE } from '../../api/modules/stats/monthly-open-data';
import { publishedPeriod } from '../../api/modules/stats/published-figures';
import { districtList } from '../../api/lib/content';
import { newReport } from '../helpers/reports';
import { createTestApp } from '../helpers/test-app';

const THANET = 'E07000114';
const ASHFORD = 'E07000105';
const SEVENOAKS = 'E07000111';

let t: Awaited<ReturnType<typeof createTestApp>>;

/** The 10th of the month `back` months before this one, at noon UTC. */
const monthsAgo = (back: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 10, 12));
};

async function addReport(overrides: Partial<NewReport>, receivedAt?: Date) {
  const result = await createReport(t.db, {
    report: newReport({ description: 'Synthetic test report.', ...overrides }) as NewReport,
    idempotencyKey: randomUUID(),
    requestHash: 'test',
    photos: [],
    receivedAt,
  });
  return result.response.id;
}

/** RFC 4180, written out here so that the test does not trust the code it checks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted) {
      if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell || row.length) throw new Error('the last record does not end with CRLF');
  return rows;
}

let res: Response;
let bytes: Uint8Array;
let text: string;
let records: string[][];
const lastMonth = addMonths(currentMonth(), -1);

beforeAll(async () => {
  t = await createTestApp();
  // last month: Ashford 7 (6 damp, 1 gas), Sevenoaks 3; two months ago: Thanet 6, all resolved in time
  for (let i = 0; i < 6; i++) await addReport({ district: ASHFORD, categories: ['damp'] }, monthsAgo(1));
  await addReport({ district: ASHFORD, categories: ['gas_co'] }, monthsAgo(1));
  for (let i = 0; i < 3; i++) await addReport({ district: SEVENOAKS, categories: ['mould'] }, monthsAgo(1));
  for (let i = 0; i < 6; i++) {
    const id = await addReport({ district: THANET, categories: ['pests'] }, monthsAgo(2));
    await t.db.query(
      `update reports set status = 'resolved', acknowledged_at = received_at + interval '1 hour',
         resolved_at = received_at + interval '1 day' where id = $1`,
      [id],
    );
  }
  // this month: 10 in Sevenoaks, which a live count would date; never published while the month runs
  for (let i = 0; i < 10; i++) await addReport({ district: SEVENOAKS, categories: ['mould'] });
  res = await t.app.request('/api/stats/monthly.csv');
  bytes = new Uint8Array(await res.arrayBuffer());
  text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  records = parseCsv(text.replace(/^\uFEFF/, ''));
});

afterAll(() => t.close());

const row = (month: string, code: string) => {
  const found = records.find((r) => r[0] === month && r[2] === code);
  if (!found) throw new Error(`no row for ${code} in ${month}`);
  return Object.fromEntries(MONTHLY_HEADER.map((h, i) => [h, found[i]]));
};

describe('GET /api/stats/monthly.csv', () => {
  it('is a CSV download named after its period, public, under the Open Government Licence', () => {
    const { from, to } = publishedPeriod();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="housing-reports-by-month_${from}-to-${to}_open-data.csv"`,
    );
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(res.headers.get('link')).toMatch(/open-government-licence\/version\/3\/>; rel="license"$/);
    // a byte-order mark, so that Excel reads it as UTF-8
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('has every completed month of the period and never the month under way', () => {
    const { from, to } = publishedPeriod();
    expect(to).toBe(lastMonth);
    const months = [...new Set(records.slice(1).map((r) => r[0]))];
    expect(months).toEqual(monthsBetween(from, to));
    expect(months).toHaveLength(12);
    expect(months).not.toContain(currentMonth());
    // each month: every district, outside Kent and Medway, and the total
    expect(records.length - 1).toBe(12 * (districtList.length + 2));
  });

  it('escapes as RFC 4180: every row as wide as the header, quoted cells read back whole', () => {
    expect(records[0]).toEqual([...MONTHLY_HEADER]);
    for (const r of records) expect(r).toHaveLength(MONTHLY_HEADER.length);
    // the source holds commas: quoted, so it stays one cell
    expect(text).toContain(`"${SOURCE}"`);
    expect(row(lastMonth, ASHFORD)).toMatchObject({ Licence: LICENCE, Source: SOURCE });
    // "<5" is a plain cell: no formula escape, no quotes
    expect(text).toContain(',<5,');
  });

  it('hides small numbers exactly as /api/stats does', async () => {
    const published = (await (await t.app.request('/api/stats/districts')).json()) as PublishedDistricts;
    const figure = (code: string) => published.districts.find((d) => d.code === code)!;
    // Ashford: 7 reports, all last month, so last month's row and the 12 months agree
    const ashford = row(lastMonth, ASHFORD);
    expect(ashford).toMatchObject({
      'Reports received': '5',
      'Damp and mould': '5',
      'Electrics, gas and fire': '<5',
      'Security and safety': '<5',
      Other: '<5',
      'Resolved in time (%, blank when from fewer than 5)': '',
    });
    expect(ashford['Reports received']).toBe(String(figure(ASHFORD).total));
    expect(ashford['Electrics, gas and fire']).toBe(figure(ASHFORD).byCategoryGroup.electrics_gas_fire);
    // Sevenoaks: 3 last month (its 10 this month are not published anywhere)
    expect(row(lastMonth, SEVENOAKS)['Reports received']).toBe('<5');
    expect(figure(SEVENOAKS).total).toBe('<5');
    // Thanet: 6 resolved in time two months ago: 5, and 100 % in time, as /api/stats gives it
    const thanet = row(addMonths(currentMonth(), -2), THANET);
    expect(thanet['Reports received']).toBe('5');
    expect(figure(THANET).resolvedInTimeShare).toBe(1);
    expect(thanet['Resolved in time (%, blank when from fewer than 5)']).toBe('100');
    // a month without reports shows "<5", never 0
    expect(row(addMonths(currentMonth(), -5), THANET)['Reports received']).toBe('<5');
    expect(records.slice(1).every((r) => r[3] === '<5' || Number(r[3]) % 5 === 0)).toBe(true);
    expect(records.slice(1).some((r) => r[3] === '0')).toBe(false);
    // the total of last month: 10 reports across the districts (not 20: this month's are not in it)
    expect(row(lastMonth, 'all')['Reports received']).toBe('10');
  });

  it('says no more than the figures: no location, description or report', () => {
    expect(text).not.toMatch(/lat|lng|location|description|Synthetic/i);
  });
});
