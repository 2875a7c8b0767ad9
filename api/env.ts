import { randomBytes } from 'node:crypto';
import webpush from 'web-push';
import { z } from 'zod';
import { isKeyText, KEY_HINT } from './lib/key-text';

/** The only reader of process.env: parse once, fail fast with field errors. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres://')
    .optional(),
  STATIC_DIR: z.string().min(1).optional(),
  PUBLIC_ORIGIN: z.url().optional(),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** With TRUST_PROXY: further proxies of ours (addresses or CIDR ranges, comma-separated), see lib/client-ip.ts. */
  TRUSTED_PROXIES: z.string().optional(),
  /** Per-client rate limits (lib/rate-limit.ts). `off` only for load tests and benchmarks. */
  RATE_LIMIT: z.enum(['on', 'off']).default('on'),
  /** Photos, contact details and exact locations of reports closed or resolved longer ago are deleted (npm run retention). */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** Staff sessions: signed out after this many idle minutes, and this many hours after sign-in. */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
  /**
   * Seals staff TOTP secrets in the database (modules/auth/totp-secrets.ts): base64 of 32 bytes. Unset:
   * `<DATA_DIR>/totp.key`, made on the first start. The value is never printed (not even when invalid).
   */
  TOTP_KEY: z.string().trim().refine(isKeyText, KEY_HINT).optional(),
  /**
   * A map tile server (`…/{z}/{x}/{y}.png`). Unset: no tiles, so no third party learns which part of the
   * map a young person looked at; the boundaries and place names are drawn from the content pack.
   */
  TILE_URL: z
    .string()
    .trim()
    .refine(
      (v) => v === '' || /^https?:\/\/[^/]+\/.*\{z\}/.test(v),
      'must be an http(s) URL template with {z}, {x} and {y}',
    )
    .optional()
    .transform((v) => v || undefined),
  TILE_ATTRIBUTION: z.string().default(''),
  /** One JSON line per request (level, request id, method, route pattern, status, duration); `false` for load tests. */
  LOG_REQUESTS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `json` (default) for log shippers; `pretty` for reading at a terminal. */
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  /** GET /metrics needs `Authorization: Bearer <token>` … */
  METRICS_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
  /** … or a client address in this list (addresses or CIDR ranges, comma-separated). */
  METRICS_ALLOW: z.string().optional(),
  /** Alerts by email (docs/alerts.md): smtp:// or smtps://. Unset: alerts are written to the log only. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Care Leaver Hub <alerts@localhost>'),
  /** Web Push keys, the same on every server. Unset: made on the first start in `<DATA_DIR>/vapid.json` (0600). */
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{86,88}$/, 'must be base64url of a 65-byte P-256 public key')
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{42,44}$/, 'must be base64url of a 32-byte P-256 private key')
    .optional(),
  /** Who push services may contact about our pushes (a mailto: or https: URL). */
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'must start with mailto: or https://')
    .default('mailto:alerts@localhost'),
  /** The daily digest of overdue and due-soon reports goes out at this hour, UK time. */
  ALERT_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  /** An alert not delivered after this many minutes of retries is given up (and shown on the dashboard). */
  ALERT_GIVE_UP_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  /** How often the sender looks for alerts to send (seconds); the deadline scan runs every minute. */
  ALERT_POLL_SECONDS: z.coerce.number().min(0.1).max(60).default(2),
  /** Readiness (GET /api/health) fails when the disk of DATA_DIR has less than this many MiB free. */
  HEALTH_MIN_FREE_MB: z.coerce.number().int().min(0).max(1_000_000_000).default(256),
  /**
   * On SIGTERM: seconds during which the server still serves but readiness says 503, so that a load
   * balancer stops sending before the listener closes. Then open requests finish (up to 10 s).
   */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(0),
});

export type Env = z.infer<typeof EnvSchema>;

export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}

/** A TOTP key for this process only (defaultEnv): secrets sealed with it cannot be read after a restart. */
const processTotpKey = randomBytes(32).toString('base64');
/** Web Push keys of this process likewise, so that an app built for a test writes no key file. */
let processVapidKeys: { publicKey: string; privateKey: string } | undefined;

/**
 * Defaults for tests and tools that build an app without a process environment. TOTP_KEY is a random key
 * of this process, the same for every app it builds (tests/helpers/staff.ts seals with it).
 */
export const defaultEnv = (overrides: Partial<Env> = {}): Env => {
  processVapidKeys ??= webpush.generateVAPIDKeys();
  return {
    ...readEnv({}),
    TOTP_KEY: processTotpKey,
    VAPID_PUBLIC_KEY: processVapidKeys.publicKey,
    VAPID_PRIVATE_KEY: processVapidKeys.privateKey,
    ...overrides,
  };
};
