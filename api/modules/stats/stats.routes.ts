/**
 * /api/stats: published figures, no sign-in (what is published and how small numbers are hidden: see
 * published-figures.ts). /districts for the /figures page; /monthly.csv, the same figures month by month,
 * as open data under the Open Government Licence.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../../deps';
import { monthlyOpenData, OGL_URL } from './monthly-open-data';
import { publishedDistricts, publishedPeriod } from './published-figures';

export function stats({ db }: Pick<AppDeps, 'db'>) {
  return new Hono()
    .get('/districts', async (c) =>
      c.json(await publishedDistricts(db, publishedPeriod()), 200, { 'Cache-Control': 'public, max-age=300' }),
    )
    .get('/monthly.csv', async (c) => {
      const { csv, fileName } = await monthlyOpenData(db, publishedPeriod());
      return c.body(csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${fileName}"`,
        'Cache-Control': 'public, max-age=300',
        Link: `<${OGL_URL}>; rel="license"`,
      });
    });
}
