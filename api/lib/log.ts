import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export type { Logger };

export interface LogOptions {
  level: string;
  /** `json` for machines (production, log shippers); `pretty` for a person at a terminal. */
  format: 'json' | 'pretty';
}

/**
 * The one logger. Lines carry fixed fields only (level, request id, method, route pattern, status, duration):
 * callers pass ids and counts, never report text, contact details, places, tracking codes, session ids or
 * passwords. `redact` is a second line of defence for field names that must never reach a log.
 */
export function createLogger(options: LogOptions, destination?: NodeJS.WritableStream): Logger {
  const settings = {
    level: options.level,
    base: undefined,
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['password', 'code', 'description', 'contact', 'phone', 'email', 'lat', 'lng', 'trackingCode', 'cookie'],
      censor: '[redacted]',
    },
  };
  const out = destination ?? process.stdout;
  return pino(settings, options.format === 'pretty' ? prettyStream(out) : (out as pino.DestinationStream));
}

/** A logger that writes nothing: tests and tools that build an app without a process. */
export const silentLogger = (): Logger => pino({ level: 'silent' });

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** `12:03:04 info  GET /api/reports/:code 200 3.1ms  reqId=…`: the JSON line, made readable. */
function prettyStream(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        const { time, level, msg, ...rest } = JSON.parse(line) as Record<string, unknown>;
        const extras = Object.entries(rest)
          .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
          .join(' ');
        const clock = typeof time === 'string' ? time.slice(11, 19) : '';
        out.write(`${clock} ${(LEVELS[level as number] ?? String(level)).padEnd(5)} ${String(msg ?? '')}  ${extras}\n`);
      }
      done();
    },
  });
}
