/**
 * Sends deliveries: claim, send, mark. At most once per delivery:
 * - a claim is one committed statement (FOR UPDATE SKIP LOCKED: each row goes to one server) that sets
 *   `sending` and a lease BEFORE anything leaves, so a process killed after sending cannot send again:
 *   nobody ever claims a `sending` row; once its lease ends it becomes `unconfirmed` (shown on the dashboard);
 * - a failure where the other side surely did not take the message (it refused with a code, or no
 *   connection was made) goes back to `pending` with backoff until ALERT_GIVE_UP_MINUTES, then `failed`;
 * - any other failure (connection lost mid-way) may have delivered it: `unconfirmed`, never sent again.
 */
import type { PushMessage } from '#contract';
import type { Db } from '../../db/client';
import type { Logger } from '../../lib/log';
import { SendError, type Mailer } from './mail';
import { sendPush, type VapidKeys } from './push';
import { jsonValue } from '../../db/values';

/** Longer than any one send may take (mail and push time out well before): a live sender's row is never taken for dead. */
export const LEASE_SECONDS = 300;

export interface SenderDeps {
  db: Db;
  mailer: Mailer;
  /** ids and states only: a recipient or a message never reaches the log */
  log: Logger;
  vapid: () => VapidKeys;
  vapidSubject: string;
  giveUpMinutes: number;
}

interface EmailMessage {
  subject: string;
  text: string;
}

interface Claimed {
  id: string;
  channel: 'email' | 'push';
  recipient: string;
  message: EmailMessage | PushMessage | string;
  attempts: number;
  created_at: Date | string;
}

/** Retry after 5 s, 10 s, 20 s, … at most 10 minutes. */
export const backoffSeconds = (attempts: number) => Math.min(600, 5 * 2 ** Math.max(0, attempts - 1));

/**
 * Claims and sends due deliveries; returns how many were claimed. One at a time by default: a row claimed
 * but not yet being sent when the process dies would be lost like one in flight, so nothing waits claimed.
 */
export async function sendDue(deps: SenderDeps, limit = 1): Promise<number> {
  const { db } = deps;
  const claimed = await db.query<Claimed>(
    `update alert_deliveries set state = 'sending', lease_until = now() + make_interval(secs => $2), attempts = attempts + 1
      where id in (select id from alert_deliveries where state = 'pending' and next_attempt_at <= now()
                    order by next_attempt_at limit $1 for update skip locked)
      returning id, channel, recipient, message, attempts, created_at`,
    [limit, LEASE_SECONDS],
  );
  for (const row of claimed) await sendOne(deps, row);
  return claimed.length;
}

async function sendOne(deps: SenderDeps, row: Claimed) {
  const { db } = deps;
  const message = jsonValue(row.message);
  try {
    if (row.channel === 'email') {
      const { subject, text } = message as EmailMessage;
      await deps.mailer.send({ deliveryId: row.id, to: row.recipient, subject, text });
    } else {
      const [target] = await db.query<{ endpoint: string; p256dh: string; auth: string }>(
        'select endpoint, p256dh, auth from push_subscriptions where endpoint = $1',
        [row.recipient],
      );
      const result = target
        ? await sendPush(target, message as PushMessage, {
            keys: deps.vapid(),
            subject: deps.vapidSubject,
            topic: row.id.replace(/-/g, ''),
          })
        : 'gone';
      if (result === 'gone') {
        // the push service forgot this subscription (404/410), or the phone turned it off: forget it too
        await db.transaction(async (tx) => {
          await tx.query('delete from push_subscriptions where endpoint = $1', [row.recipient]);
          await tx.query(
            `update alert_deliveries set state = 'gone', lease_until = null where recipient = $1 and channel = 'push' and state in ('pending', 'sending')`,
            [row.recipient],
          );
        });
        return;
      }
    }
    await db.query(
      `update alert_deliveries set state = 'sent', sent_at = now(), lease_until = null, last_error = null where id = $1`,
      [row.id],
    );
  } catch (error) {
    const failure = error instanceof SendError ? error : new SendError(String(error), false);
    const givenUp =
      Date.now() - new Date(row.created_at).getTime() + backoffSeconds(row.attempts) * 1000 >
      deps.giveUpMinutes * 60_000;
    const state = !failure.definite ? 'unconfirmed' : failure.permanent || givenUp ? 'failed' : 'pending';
    if (state !== 'pending') deps.log.error({ delivery: row.id, channel: row.channel, state }, 'alert not delivered');
    await db.query(
      `update alert_deliveries set state = $2, lease_until = null, last_error = $3,
              next_attempt_at = now() + make_interval(secs => $4) where id = $1`,
      [row.id, state, failure.message.slice(0, 500), backoffSeconds(row.attempts)],
    );
  }
}

/** Rows whose sender died between claim and mark: they may have gone out, so they are not sent again. */
export async function markAbandoned(db: Db): Promise<number> {
  const rows = await db.query(
    `update alert_deliveries set state = 'unconfirmed', lease_until = null,
            last_error = 'the server stopped while sending: it may or may not have been delivered'
      where state = 'sending' and lease_until < now() returning id`,
  );
  return rows.length;
}
