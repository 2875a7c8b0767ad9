/** A real SMTP server in this process (smtp-server): the mails the app sends, as received. */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
  messageId: string;
  subject: string;
  /** the body, decoded (quoted-printable or base64) */
  text: string;
  /** Date.now() when the server accepted it */
  at: number;
}

function decodeBody(raw: string, encoding: string): string {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(encoding)) {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/**
 * `refuse(to)`: answer 451 (try later) to that recipient. `hold()`: take the whole message but never answer
 * (as if the server crashed or the line dropped before its "250 OK"): the mail counts as received.
 */
export async function startSmtpSink(
  options: { refuse?: (to: string) => boolean; hold?: () => boolean; port?: number } = {},
) {
  const mails: ReceivedMail[] = [];
  const refused: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address)) {
        const error = new Error('Mailbox busy, try again later') as Error & { responseCode: number };
        error.responseCode = 451;
        refused.push(address.address);
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        // long headers are folded onto several lines (RFC 5322 2.2.3): unfold before reading them
        const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
        const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          messageId: header('Message-ID'),
          subject: header('Subject'),
          text: decodeBody(raw, header('Content-Transfer-Encoding')),
          at: Date.now(),
        });
        if (!options.hold?.()) callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    refused,
    to: (address: string) => mails.filter((m) => m.to.includes(address)),
    /** waits until `count` mails arrived in all (or the time is up), then answers the mails */
    async waitFor(count: number, timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      while (mails.length < count && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      return mails;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
