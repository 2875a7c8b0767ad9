/**
 * Alerts (docs/alerts.md): what staff choose to get, the districts' duty inboxes, Web Push subscriptions,
 * and how delivery is going. No Hono, DB or Vue imports here: the web app and the API both use this file.
 */
import { z } from 'zod';
import { StaffEmail, STAFF_DISTRICT_CODES } from './staff';

/** GET/PUT /api/alerts/settings: the signed-in person's choices. */
export const AlertSettings = z.strictObject({
  emailUrgent: z.boolean({ error: 'must be true or false' }),
  emailDeadlines: z.boolean({ error: 'must be true or false' }),
  emailDigest: z.boolean({ error: 'must be true or false' }),
  emailMyReports: z.boolean({ error: 'must be true or false' }),
  pushUrgent: z.boolean({ error: 'must be true or false' }),
  pushDeadlines: z.boolean({ error: 'must be true or false' }),
});
export type AlertSettings = z.infer<typeof AlertSettings>;

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  emailUrgent: true,
  emailDeadlines: true,
  emailDigest: true,
  emailMyReports: true,
  pushUrgent: true,
  pushDeadlines: true,
};

/** GET /api/alerts/duty-inboxes (admin). */
export const DutyInbox = z.object({ district: z.enum(STAFF_DISTRICT_CODES), email: z.string() });
export type DutyInbox = z.infer<typeof DutyInbox>;

/** PUT /api/alerts/duty-inboxes/{district} (admin). `email: null` removes it. */
export const SetDutyInbox = z.strictObject({ email: StaffEmail.nullable() });
export type SetDutyInbox = z.infer<typeof SetDutyInbox>;

/** GET /api/alerts/status: how alerts leave this server, and those that did not reach someone lately. */
export const AlertStatus = z.object({
  /** `log`: SMTP_URL is not set, so emails are only written to the server's log */
  email: z.enum(['smtp', 'log']),
  /** alerts of the last 7 days (in the person's districts) given up on, or possibly not sent after a crash */
  notDelivered: z.number(),
});
export type AlertStatus = z.infer<typeof AlertStatus>;

/** A browser's PushSubscription.toJSON(). */
export const PushSubscriptionJson = z.object({
  endpoint: z.url({ error: 'must be a URL' }).max(2048, 'is too long'),
  keys: z.object({
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{80,100}={0,2}$/, 'must be a P-256 public key (base64url)'),
    auth: z.string().regex(/^[A-Za-z0-9_-]{16,32}={0,2}$/, 'must be 16 bytes (base64url)'),
  }),
});
export type PushSubscriptionJson = z.infer<typeof PushSubscriptionJson>;

/** POST /api/push/reports: a phone asks for news of reports it sent (tracking codes, never a person). */
export const ReportPushSubscription = z.strictObject({
  subscription: PushSubscriptionJson,
  trackingCodes: z.array(z.string().max(64)).min(1, 'name at least one report').max(50, 'at most 50 reports'),
  language: z.string().max(16).default('en'),
});
export type ReportPushSubscription = z.infer<typeof ReportPushSubscription>;

/**
 * DELETE /api/push/reports: stop news on this phone, for some reports ("Remove from this phone") or all
 * ("Forget me": no trackingCodes).
 */
export const ReportPushUnsubscribe = z.strictObject({
  endpoint: z.url({ error: 'must be a URL' }).max(2048, 'is too long'),
  trackingCodes: z.array(z.string().max(64)).max(50, 'at most 50 reports').optional(),
});
export type ReportPushUnsubscribe = z.infer<typeof ReportPushUnsubscribe>;

/** POST /api/push/staff (signed in). DELETE /api/push/staff with { endpoint } turns it off. */
export const StaffPushSubscription = z.strictObject({ subscription: PushSubscriptionJson });
export const StaffPushUnsubscribe = z.strictObject({
  endpoint: z.url({ error: 'must be a URL' }).max(2048, 'is too long'),
});

/** GET /api/push/key: the VAPID public key, base64url of the 65-byte uncompressed P-256 point. */
export const PushKey = z.object({ publicKey: z.string() });
export type PushKey = z.infer<typeof PushKey>;

/** What a push carries (the service worker shows it): never a note's text, a name or a place. */
export const PushMessage = z.object({
  title: z.string(),
  body: z.string(),
  /** where a tap opens, inside the app */
  url: z.string(),
  /** one notification per report: a newer one replaces it */
  tag: z.string(),
});
export type PushMessage = z.infer<typeof PushMessage>;
