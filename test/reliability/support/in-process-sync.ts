// Runs the real sync engine (runSync) in this process against a database file — the same code path the
// CLI and the app use, without a process start. Used for baselines, references and "the next run".
import { openDatabase, type AppDatabase } from '../../../main/db/open-database';
import { sourceMigrationsFolder } from '../../../main/db/migrations-folder';
import { readSettings } from '../../../main/config/settings-store';
import { runSync, type RunRequest, type RunResult, type SyncEnvironment } from '../../../main/sync/run-sync';
import { toLocalDate, addDays } from '../../../shared/dates';
import { RELIABILITY_CREDENTIALS, type ReliabilitySandbox } from './sandbox-env';

export function openTestDatabase(file: string): AppDatabase {
  return openDatabase(file, { migrationsFolder: sourceMigrationsFolder() });
}

export function syncEnvironment(database: AppDatabase, rs: ReliabilitySandbox, extra: Partial<SyncEnvironment> = {}): SyncEnvironment {
  return {
    database,
    settings: () => readSettings(database.db),
    credentials: async () => ({ ...RELIABILITY_CREDENTIALS }),
    zoneLookupUrl: () => rs.sandbox.zoneLookupUrl,
    ...extra,
  };
}

/** The time window every test uses: the demo tenant's entries lie within ~120 days before today. */
export function timeWindow(): { from: string; to: string } {
  const today = toLocalDate(new Date());
  return { from: addDays(today, -130), to: today };
}

export const CONTRACT_RUN: RunRequest = { type: 'contract', endExpired: false };
export function timeRun(): RunRequest {
  return { type: 'time_entry', ...timeWindow() };
}

/** Opens, runs one sync, closes. */
export async function syncFile(file: string, rs: ReliabilitySandbox, request: RunRequest, extra: Partial<SyncEnvironment> = {}): Promise<RunResult> {
  const database = openTestDatabase(file);
  try {
    return await runSync(syncEnvironment(database, rs, extra), request, 'cli');
  } finally {
    database.close();
  }
}
