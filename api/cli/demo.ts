/**
 * `npm run demo [-- --reports 2400]`: fills DATA_DIR (or DATABASE_URL) with synthetic reports over 18
 * months and demo staff accounts, printed to the console (see docs/demo.md and demo-seed.ts). Running it
 * again replaces the demo reports and gives the demo accounts new passwords; other data is not touched.
 * On PGlite (one process per DATA_DIR) run it while the server is stopped.
 */
import { parseArgs } from 'node:util';
import { openDb } from '../db/client';
import { prepareDatabase } from '../db/prepare';
import type { Env } from '../env';
import { loadTotpKey } from '../modules/auth/totp-secrets';
import { CliError } from './cli-error';
import { applyRetention } from '../modules/retention/retention';
import { seedDemoReports, seedDemoStaff } from './demo-seed';

export async function demo(args: string[], env: Env): Promise<void> {
  const { values } = parseArgs({ args, options: { reports: { type: 'string' }, months: { type: 'string' } } });
  const count = values.reports === undefined ? 2400 : Number(values.reports);
  const months = values.months === undefined ? 18 : Number(values.months);
  if (!Number.isInteger(count) || count < 1 || count > 100_000)
    throw new CliError('--reports must be a whole number from 1 to 100000', 2);
  if (!Number.isInteger(months) || months < 1 || months > 60)
    throw new CliError('--months must be a whole number from 1 to 60', 2);

  const db = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await prepareDatabase(db);
    const started = Date.now();
    const totpKey = loadTotpKey(env);
    if (totpKey.source === 'created')
      console.log(`Created ${totpKey.path}, the key to staff TOTP secrets (the server uses it too).`);
    const staff = await seedDemoStaff(db, totpKey.key);
    console.log(
      `Seeding ${count} synthetic reports over ${months} months into ${env.DATABASE_URL ? 'PostgreSQL' : env.DATA_DIR} …`,
    );
    const result = await seedDemoReports(db, { count, months, actorId: staff[0]!.id });
    // the server runs retention when it starts: apply it now, so the demo the person sees is the one they get
    const retained = await applyRetention(db, { days: env.RETENTION_DAYS });
    console.log(
      `Done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.reports} reports (${result.photos - retained.photos} photos).`,
    );
    if (retained.reports > 0)
      console.log(
        `${retained.reports} reports closed more than ${env.RETENTION_DAYS} days ago (RETENTION_DAYS) hold no photos, contact details or exact place, as retention leaves them.`,
      );
    console.log(
      `By status: ${Object.entries(result.byStatus)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ')}`,
    );
    console.log('');
    console.log('Demo accounts (synthetic; passwords are new on every run, shown only here):');
    for (const s of staff) {
      const scope = s.districts ? `districts ${s.districts.join(', ')}` : 'all districts';
      console.log(`  ${s.role.padEnd(12)} ${s.email.padEnd(38)} ${s.password}   (${scope})`);
      if (s.totpUri) {
        console.log(`  ${''.padEnd(12)} admins need a code from an authenticator app; add this key: ${s.totpSecret}`);
        console.log(`  ${''.padEnd(12)} ${s.totpUri}`);
      }
    }
    console.log('');
    console.log(`Start the app (npm start) and sign in at http://localhost:${env.PORT}/staff/sign-in`);
  } finally {
    await db.close();
  }
}
