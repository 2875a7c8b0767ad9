/**
 * Email out through SMTP (nodemailer), or into the log when SMTP_URL is not set. Every mail carries a
 * Message-ID made from its delivery's id: the same alert is always the same message, so a mail client or
 * an operator can tell a copy from a new alert.
 */
import nodemailer from 'nodemailer';
import type { Env } from '../../env';

export interface OutgoingMail {
  deliveryId: string;
  to: string;
  subject: string;
  text: string;
}

/** `definite`: the server answered (it refused), or we never reached it: the mail did not go. */
export class SendError extends Error {
  constructor(
    message: string,
    readonly definite: boolean,
    readonly permanent = false,
  ) {
    super(message);
  }
}

export interface Mailer {
  readonly mode: 'smtp' | 'log';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

const domainOf = (from: string) => /@([^>\s]+)/.exec(from)?.[1] ?? 'localhost';

export const messageIdOf = (deliveryId: string, from: string) => `<alert-${deliveryId}@${domainOf(from)}>`;

export function createMailer(
  env: Pick<Env, 'SMTP_URL' | 'MAIL_FROM'>,
  log: (line: string) => void = console.log,
): Mailer {
  if (!env.SMTP_URL) {
    return {
      mode: 'log',
      async send(mail) {
        // who and which delivery, not the subject: it names the tracking code, which no log line may hold
        log(
          `Alert email (SMTP_URL is not set, so it is only logged) to ${mail.to} [${messageIdOf(mail.deliveryId, env.MAIL_FROM)}]`,
        );
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(env.SMTP_URL, { from: env.MAIL_FROM });
  return {
    mode: 'smtp',
    async send(mail) {
      try {
        await transport.sendMail({
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          messageId: messageIdOf(mail.deliveryId, env.MAIL_FROM),
          headers: { 'X-Alert-Id': mail.deliveryId, 'Auto-Submitted': 'auto-generated' },
        });
      } catch (error) {
        throw classify(error);
      }
    },
    close: () => transport.close(),
  };
}

/**
 * Did the mail surely not go? Yes when the server answered with a code (it refused: 4xx try again later,
 * 5xx never), or when no connection was made. A connection lost or timed out mid-conversation may have
 * happened after the server took the message: not definite, so the alert is not sent again.
 */
function classify(error: unknown): SendError {
  const e = error as { responseCode?: number; code?: string; command?: string; message?: string };
  const message = String(e.message ?? error).slice(0, 500);
  if (typeof e.responseCode === 'number') return new SendError(message, true, e.responseCode >= 500);
  if (e.command === 'CONN' || e.code === 'EDNS' || e.code === 'ECONNREFUSED') return new SendError(message, true);
  return new SendError(message, false);
}
