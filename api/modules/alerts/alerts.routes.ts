/**
 * /api/alerts: what each member of staff gets (their own account page), the districts' duty inboxes
 * (admins), and how delivery is going (the dashboard's notice). docs/alerts.md.
 */
import { Hono } from 'hono';
import {
  AlertSettings,
  DEFAULT_ALERT_SETTINGS,
  SetDutyInbox,
  STAFF_DISTRICT_CODES,
  type AlertStatus,
  type DutyInbox,
} from '#contract';
import type { AppDeps } from '../../deps';
import { authenticate, requireRole, requireSignedIn, scopeToDistricts, type AuthEnv } from '../auth/access';
import { sameOriginOnly } from '../../lib/csrf';
import { ApiError } from '../../lib/errors';
import { parseJson } from '../../lib/validate';
import { audit } from '../auth/audit';

interface SettingsRow {
  email_urgent: boolean;
  email_deadlines: boolean;
  email_digest: boolean;
  email_my_reports: boolean;
  push_urgent: boolean;
  push_deadlines: boolean;
}

export function alerts(deps: AppDeps) {
  const { db, env } = deps;
  const app = new Hono<AuthEnv>();
  app.use(sameOriginOnly(env));
  app.use(authenticate(deps));

  app.get('/settings', requireSignedIn(), async (c) => {
    const [row] = await db.query<SettingsRow>('select * from staff_alert_settings where staff_id = $1', [
      c.get('staff')!.id,
    ]);
    const settings: AlertSettings = row
      ? {
          emailUrgent: row.email_urgent,
          emailDeadlines: row.email_deadlines,
          emailDigest: row.email_digest,
          emailMyReports: row.email_my_reports,
          pushUrgent: row.push_urgent,
          pushDeadlines: row.push_deadlines,
        }
      : DEFAULT_ALERT_SETTINGS;
    return c.json(settings);
  });

  app.put('/settings', requireSignedIn(), async (c) => {
    const s = await parseJson(c, AlertSettings);
    await db.query(
      `insert into staff_alert_settings (staff_id, email_urgent, email_deadlines, email_digest, email_my_reports, push_urgent, push_deadlines)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (staff_id) do update set email_urgent = $2, email_deadlines = $3, email_digest = $4, email_my_reports = $5,
         push_urgent = $6, push_deadlines = $7`,
      [
        c.get('staff')!.id,
        s.emailUrgent,
        s.emailDeadlines,
        s.emailDigest,
        s.emailMyReports,
        s.pushUrgent,
        s.pushDeadlines,
      ],
    );
    return c.json(s);
  });

  app.get('/status', requireRole('commissioner', 'admin'), async (c) => {
    const scope = scopeToDistricts(c.get('staff')!);
    const [row] = await db.query<{ n: number }>(
      `select count(*)::int as n from alert_deliveries
        where state in ('failed', 'unconfirmed') and created_at > now() - interval '7 days'
          and ($1::text[] is null or district_code is null or district_code = any($1::text[]))`,
      [scope],
    );
    return c.json({ email: env.SMTP_URL ? 'smtp' : 'log', notDelivered: row?.n ?? 0 } satisfies AlertStatus);
  });

  app.get('/duty-inboxes', requireRole('admin'), async (c) => {
    const rows = await db.query<{ district_code: string; email: string }>(
      'select district_code, email from district_duty_inboxes order by district_code',
    );
    return c.json({ inboxes: rows.map((r) => ({ district: r.district_code, email: r.email }) as DutyInbox) });
  });

  app.put('/duty-inboxes/:district', requireRole('admin'), async (c) => {
    const district = c.req.param('district');
    if (!(STAFF_DISTRICT_CODES as readonly string[]).includes(district))
      throw new ApiError(404, 'not_found', 'There is no such district.');
    const { email } = await parseJson(c, SetDutyInbox);
    await db.transaction(async (tx) => {
      if (email === null) await tx.query('delete from district_duty_inboxes where district_code = $1', [district]);
      else {
        await tx.query(
          `insert into district_duty_inboxes (district_code, email) values ($1, $2)
           on conflict (district_code) do update set email = $2, updated_at = now()`,
          [district, email],
        );
      }
      await audit(tx, { actorId: c.get('staff')!.id, action: 'duty_inbox.set', details: { district, email } });
    });
    return c.json({ district, email });
  });

  return app;
}
