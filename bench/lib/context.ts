import type { BenchServer } from './server';
import type { StaffSession } from './staff';

/** What every section gets from the runner. */
export interface BenchContext {
  /** `--quick`: shorter runs and smaller data, for trying the bench out; never for published figures */
  quick: boolean;
  distDir: string;
  /** the main server: PGlite, fresh database, RATE_LIMIT=off, a bench commissioner */
  server: BenchServer;
  /** a signed-in commissioner on the main server, or null when none could be made */
  staffSession(): Promise<StaffSession | null>;
  /** PostgreSQL for the sections that also run there (DATABASE_URL) */
  databaseUrl?: string;
  log(message: string): void;
  /** `--name=value` from the command line */
  option(name: string): string | undefined;
}
