/**
 * Synthetic demo data (`npm run demo`): reports over the last 18 months across every district,
 * category, accommodation type, provider and state, with photos, notes and history, plus one demo account
 * per role. Everything is clearly made up: descriptions start with "[Synthetic demo]", providers end with
 * "(synthetic)", phone numbers are in Ofcom's range for drama (07700 900xxx), emails on example.com, staff
 * on demo.example. Deterministic (a seeded generator), so two runs give the same picture.
 * Over 300 lines: one story of 18 months of reports, read top to bottom; its words are in demo-words.ts.
 *
 * Reports go through the reports module's own createReport (same deadlines, tracking codes, photos and
 * history as real ones); their later history is then written in one bulk update, with the times it
 * would have happened, so the dashboard's medians, overdue flags and trend look like real use.
 */
import sharp from 'sharp';
import { NewReport, type ReportDeadlines, type ReportStatus, type StaffRole } from '#contract';
import { locateDistrict } from '#rules/geo';
import type { Db } from '../db/client';
import { districtBoundaries, OUTSIDE } from '../lib/content';
import { insertStaff, updateStaff } from '../modules/auth/auth.queries';
import { generatePassword, hashPassword } from '../modules/auth/passwords';
import { newTotpSecret, otpauthUri } from '../modules/auth/totp';
import { sealTotpSecret } from '../modules/auth/totp-secrets';
import { nextDue } from '../modules/housing-reports/report-workflow';
import { createReport } from '../modules/housing-reports/housing-reports.queries';
import type { StoredPhoto } from '../modules/housing-reports/photos';
import {
  ACCOMMODATION,
  CATEGORIES,
  CLOSED_REASONS,
  DESCRIPTIONS,
  DISTRICTS,
  INTERNAL_NOTES,
  PROVIDERS,
  PUBLIC_NOTES,
} from './demo-words';

export const DEMO_KEY_PREFIX = 'demo-';
export const DEMO_EMAIL_DOMAIN = 'demo.example';
const DAY = 86_400_000;

/** mulberry32: small, fast, seeded. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(weighted: readonly (readonly [T, number])[]): T => {
    const total = weighted.reduce((s, [, w]) => s + w, 0);
    let r = next() * total;
    for (const [value, w] of weighted) if ((r -= w) < 0) return value;
    return weighted.at(-1)![0];
  };
  /** Exponentially distributed, with this mean. */
  const exp = (mean: number) => -Math.log(1 - next()) * mean;
  return { next, pick, exp };
}

export interface DemoStaff {
  email: string;
  role: StaffRole;
  districts: string[] | null;
  password: string;
  totpUri?: string;
  totpSecret?: string;
}

/** Synthetic first names for the reports that name the demo PA. */
const DEMO_FIRST_NAMES = ['Amani', 'Dawit', 'Hana', 'Jo', 'Kai', 'Sami'];

const DEMO_STAFF: { email: string; role: StaffRole; districts: string[] | null }[] = [
  { email: `commissioner@${DEMO_EMAIL_DOMAIN}`, role: 'commissioner', districts: null },
  { email: `thanet.commissioner@${DEMO_EMAIL_DOMAIN}`, role: 'commissioner', districts: ['E07000114'] },
  { email: `pa@${DEMO_EMAIL_DOMAIN}`, role: 'pa', districts: null },
  { email: `admin@${DEMO_EMAIL_DOMAIN}`, role: 'admin', districts: null },
];

/**
 * The demo accounts, made or (when they exist) given new passwords. Printed by the caller. The admin's
 * TOTP secret is stored sealed with `totpKey` (the server's: loadTotpKey in totp-secrets.ts).
 */
export async function seedDemoStaff(db: Db, totpKey: Buffer): Promise<(DemoStaff & { id: string })[]> {
  const out: (DemoStaff & { id: string })[] = [];
  for (const s of DEMO_STAFF) {
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    const totpSecret = s.role === 'admin' ? newTotpSecret() : null;
    const sealed = totpSecret ? sealTotpSecret(totpSecret, totpKey) : null;
    const row =
      (await insertStaff(db, { ...s, passwordHash, totpSecret: sealed })) ??
      (await (async () => {
        const [existing] = await db.query<{ id: string }>('select id from staff_users where email = $1', [s.email]);
        return updateStaff(db, existing!.id, {
          passwordHash,
          totpSecret: sealed,
          disabled: false,
          districts: s.districts,
        });
      })());
    out.push({
      ...s,
      id: row.id,
      password,
      ...(totpSecret ? { totpSecret, totpUri: otpauthUri(totpSecret, s.email) } : {}),
    });
  }
  return out;
}

/** Clearly fake photos: a damp-looking wall with SYNTHETIC written across it. */
async function demoPhotos(): Promise<StoredPhoto[]> {
  const colours = ['#5b6a57', '#3f4a3c', '#7a6f5a', '#4d5a66'];
  return Promise.all(
    colours.map(async (colour, i) => {
      const blots = Array.from(
        { length: 14 },
        (_, k) =>
          `<circle cx="${(k * 97 + i * 41) % 640}" cy="${(k * 61 + i * 23) % 480}" r="${20 + ((k * 13) % 50)}" fill="#1d2319" opacity="0.55"/>`,
      ).join('');
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480"><rect width="640" height="480" fill="${colour}"/>${blots}
        <text x="320" y="250" font-family="sans-serif" font-size="54" font-weight="bold" fill="#ffffff" text-anchor="middle">SYNTHETIC DEMO</text></svg>`;
      const bytes = await sharp(Buffer.from(svg)).jpeg({ quality: 70 }).toBuffer();
      return { bytes, width: 640, height: 480, contentType: 'image/jpeg' as const };
    }),
  );
}

function randomPointIn(code: string, rnd: ReturnType<typeof generator>): { lat: number; lng: number } | null {
  const feature = districtBoundaries.features.find((f) => f.properties.code === code);
  if (!feature) return null;
  const rings =
    feature.geometry.type === 'Polygon'
      ? [feature.geometry.coordinates[0]!]
      : feature.geometry.coordinates.map((p) => p[0]!);
  const points = rings.flat();
  const lngs = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
  for (let i = 0; i < 200; i++) {
    const point = { lat: minLat + rnd.next() * (maxLat - minLat), lng: minLng + rnd.next() * (maxLng - minLng) };
    if (locateDistrict(point, districtBoundaries)?.code === code)
      return { lat: Math.round(point.lat * 1e5) / 1e5, lng: Math.round(point.lng * 1e5) / 1e5 };
  }
  return null;
}

interface Step {
  at: Date;
  to: ReportStatus;
  publicNote: string | null;
  internalNote: string | null;
}

/** What happened to a report after it arrived, up to `now`. */
function lifecycle(
  receivedAt: Date,
  speed: number,
  urgent: boolean,
  rnd: ReturnType<typeof generator>,
  now: number,
): { steps: Step[]; closedReason: string | null } {
  const steps: Step[] = [];
  const note = (status: ReportStatus) => {
    const options = PUBLIC_NOTES[status] ?? [];
    return rnd.next() < 0.7 && options.length ? options[Math.floor(rnd.next() * options.length)]! : null;
  };
  const internal = () => (rnd.next() < 0.25 ? INTERNAL_NOTES[Math.floor(rnd.next() * INTERNAL_NOTES.length)]! : null);
  let t = receivedAt.getTime();
  const hurry = urgent ? 0.25 : 1;
  const stuck = rnd.next() < 0.05 * speed; // some reports stall (they become overdue)
  const closeEarly = rnd.next() < 0.04;
  const closeLater = rnd.next() < 0.05;

  const advance = (meanDays: number) => {
    t += Math.max(0.02, rnd.exp(meanDays * speed * hurry)) * DAY;
    return t < now;
  };
  if (closeEarly) {
    if (advance(3)) steps.push({ at: new Date(t), to: 'closed', publicNote: note('closed'), internalNote: internal() });
    return {
      steps,
      closedReason: steps.length ? CLOSED_REASONS[Math.floor(rnd.next() * CLOSED_REASONS.length)]! : null,
    };
  }
  const path: [ReportStatus, number][] = [
    ['acknowledged', 1.5],
    ['investigating', 5],
    ['works_scheduled', 3],
    ['resolved', 8],
  ];
  const skipWorks = rnd.next() < 0.35;
  for (const [status, mean] of path) {
    if (status === 'works_scheduled' && skipWorks) continue;
    if (stuck && status !== 'acknowledged') break;
    if (!advance(mean)) break;
    steps.push({ at: new Date(t), to: status, publicNote: note(status), internalNote: internal() });
  }
  const last = steps.at(-1)?.to;
  if (closeLater && last && last !== 'resolved' && advance(10)) {
    steps.push({ at: new Date(t), to: 'closed', publicNote: note('closed'), internalNote: internal() });
    return { steps, closedReason: CLOSED_REASONS[Math.floor(rnd.next() * CLOSED_REASONS.length)]! };
  }
  return { steps, closedReason: null };
}

export interface DemoResult {
  reports: number;
  byStatus: Record<string, number>;
  photos: number;
}

/**
 * Seeds `count` synthetic reports received over the last `months` months. Earlier demo reports (their
 * Idempotency-Key starts with `demo-`) are deleted first, so running it again gives the same picture.
 */
export async function seedDemoReports(
  db: Db,
  opts: { count: number; months?: number; seed?: number; actorId: string; now?: Date },
): Promise<DemoResult> {
  const rnd = generator(opts.seed ?? 20_251_123);
  const now = (opts.now ?? new Date()).getTime();
  const span = (opts.months ?? 18) * 30.4 * DAY;
  const photos = await demoPhotos();
  await db.query(`delete from reports where idempotency_key like '${DEMO_KEY_PREFIX}%'`);

  const later: { id: string; deadlines: ReportDeadlines; steps: Step[]; closedReason: string | null }[] = [];
  // some homes are reported again (repeat homes): a few reports reuse an earlier home's pin (a few metres
  // off) and provider
  const homes: { district: string; point: { lat: number; lng: number }; provider: string }[] = [];
  let photoCount = 0;
  for (let i = 0; i < opts.count; i++) {
    // more reports in recent months (the app is being taken up), and none in the last hour
    const age = Math.pow(rnd.next(), 1.3) * span + 3_600_000;
    const receivedAt = new Date(now - age);
    const district = rnd.pick(DISTRICTS);
    const categories = rnd.pick(CATEGORIES);
    const [provider, , speed] = rnd.pick(PROVIDERS.map((p) => [p, p[1]] as const));
    const again = homes.length > 0 && rnd.next() < 0.08 ? homes[Math.floor(rnd.next() * homes.length)]! : null;
    const located = again
      ? { lat: Math.round((again.point.lat + (rnd.next() - 0.5) * 0.0001) * 1e5) / 1e5, lng: again.point.lng }
      : district !== OUTSIDE.code && rnd.next() < 0.65
        ? randomPointIn(district, rnd)
        : null;
    const homeProvider = again?.provider ?? provider;
    if (located && !again) homes.push({ district, point: located, provider });
    const contactMethod = rnd.pick([
      ['pa', 50],
      ['phone', 20],
      ['email', 10],
      ['none', 20],
    ] as const);
    const report = NewReport.parse({
      categories,
      feelsSafe: rnd.pick([
        ['yes', 70],
        ['not_sure', 20],
        ['no', 10],
      ] as const),
      location: located,
      district: located ? null : district,
      description: `[Synthetic demo] ${categories.map((c) => DESCRIPTIONS[c][Math.floor(rnd.next() * DESCRIPTIONS[c].length)]).join(' ')}`,
      since:
        rnd.next() < 0.6 ? new Date(receivedAt.getTime() - rnd.exp(30) * DAY).toISOString().slice(0, 10) : undefined,
      affected: {
        baby: rnd.next() < 0.08,
        healthCondition: rnd.next() < 0.15,
        children: rnd.next() < 0.12,
        disabled: rnd.next() < 0.06,
        pregnant: rnd.next() < 0.04,
      },
      accommodationType: rnd.pick(ACCOMMODATION),
      provider: again || rnd.next() < 0.92 ? homeProvider : undefined,
      contact: {
        method: contactMethod,
        value:
          contactMethod === 'phone'
            ? `07700 900${String(i % 1000).padStart(3, '0')}`
            : contactMethod === 'email'
              ? `young.person.${i}@example.com`
              : undefined,
      },
      // every third "Through my PA" names the demo PA, so pa@ has reports from its young people (chosen by
      // position, not by the random stream, so the rest of the demo stays as it was)
      ...(contactMethod === 'pa' && i % 3 === 0
        ? { pa: { name: 'Demo PA', email: `pa@${DEMO_EMAIL_DOMAIN}` }, firstName: DEMO_FIRST_NAMES[i % 6] }
        : {}),
      createdAt: new Date(receivedAt.getTime() - rnd.exp(0.3) * DAY).toISOString(),
    });
    const photoN = rnd.next() < 0.12 ? 1 + Math.floor(rnd.next() * 2) : 0;
    const withPhotos = Array.from({ length: photoN }, (_, k) => photos[(i + k) % photos.length]!);
    photoCount += withPhotos.length;
    const result = await createReport(db, {
      report,
      idempotencyKey: `${DEMO_KEY_PREFIX}${String(opts.seed ?? 0)}-${i}`,
      requestHash: 'demo',
      photos: withPhotos,
      receivedAt,
    });
    const { steps, closedReason } = lifecycle(receivedAt, speed, result.response.urgent, rnd, now);
    if (steps.length) later.push({ id: result.response.id, deadlines: result.response.deadlines, steps, closedReason });
  }

  // the history, in two bulk statements (the aggregates' trigger runs once)
  const final = later.map((r) => {
    const last = r.steps.at(-1)!;
    const at = (s: ReportStatus) => r.steps.find((x) => x.to === s)?.at.toISOString() ?? null;
    return {
      id: r.id,
      status: last.to,
      acknowledgedAt: at('acknowledged'),
      resolvedAt: at('resolved'),
      closedAt: at('closed'),
      closedReason: last.to === 'closed' ? r.closedReason : null,
      dueAt: nextDue(r.deadlines, last.to),
      updatedAt: last.at.toISOString(),
    };
  });
  await db.transaction(async (tx) => {
    await tx.query(
      `update reports r set status = v.status, acknowledged_at = v.ack, resolved_at = v.res, closed_at = v.closed,
              closed_reason = v.reason, due_at = v.due, updated_at = v.updated
         from unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::timestamptz[], $8::timestamptz[])
           as v(id, status, ack, res, closed, reason, due, updated)
        where r.id = v.id`,
      [
        final.map((f) => f.id),
        final.map((f) => f.status),
        final.map((f) => f.acknowledgedAt),
        final.map((f) => f.resolvedAt),
        final.map((f) => f.closedAt),
        final.map((f) => f.closedReason),
        final.map((f) => f.dueAt),
        final.map((f) => f.updatedAt),
      ],
    );
    const updates = later.flatMap((r) => {
      let from: ReportStatus = 'new';
      return r.steps.map((s) => {
        const row = { id: r.id, at: s.at.toISOString(), from, to: s.to, pub: s.publicNote, internal: s.internalNote };
        from = s.to;
        return row;
      });
    });
    await tx.query(
      `insert into report_updates (report_id, at, actor, from_status, to_status, public_note, internal_note)
       select v.id, v.at, $7, v.f, v.t, v.pub, v.internal
         from unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[]) as v(id, at, f, t, pub, internal)`,
      [
        updates.map((u) => u.id),
        updates.map((u) => u.at),
        updates.map((u) => u.from),
        updates.map((u) => u.to),
        updates.map((u) => u.pub),
        updates.map((u) => u.internal),
        `staff:${opts.actorId}`,
      ],
    );
  });

  const statuses = await db.query<{ status: string; n: number }>(
    `select status, count(*)::int as n from reports where idempotency_key like '${DEMO_KEY_PREFIX}%' group by status order by status`,
  );
  return {
    reports: opts.count,
    byStatus: Object.fromEntries(statuses.map((s) => [s.status, s.n])),
    photos: photoCount,
  };
}
