import type Database from 'better-sqlite3';
import type { ExcludedCache, ExcludedReport } from '../../shared/excluded';
import { toLocalDate } from '../../shared/dates';
import { createAutotaskClient } from '../autotask';
import { readExcludedCache, writeExcludedCache } from '../db/queries/excluded-cache';
import { createSqliteZoneCache } from '../db/zone-cache';
import { createSqliteThresholdCache } from '../db/threshold-cache';
import { createSqliteFieldListCache } from '../db/field-list-cache';
import { MissingCredentialsError } from '../secrets/credentials';
import { SyncSetupError, scheduledWindow, type SyncEnvironment } from '../sync/run-sync';
import { readExcludedReport } from './excluded-report';

// The one service behind the `excluded:*` channels and the CLI's `list excluded`: `get` returns the cached
// report without calling Autotask; `refresh` reads it again (one read at a time: a second refresh while one
// runs waits for the same read) and replaces the cache only when the read succeeded, so a failed refresh
// keeps the previous result.

export interface ExcludedService {
  get(): ExcludedCache;
  refresh(): Promise<ExcludedReport>;
}

export function createExcludedService(deps: { sqlite: Database.Database; environment: SyncEnvironment; now: () => Date }): ExcludedService {
  const { sqlite, environment: env, now } = deps;
  let running: Promise<ExcludedReport> | null = null;

  const read = async (): Promise<ExcludedReport> => {
    const settings = env.settings();
    let credentials;
    try {
      credentials = await env.credentials();
    } catch (error) {
      if (error instanceof MissingCredentialsError) throw new SyncSetupError(error.message);
      throw error;
    }
    const client = createAutotaskClient({
      credentials,
      zoneLookupUrl: env.zoneLookupUrl(),
      zoneCache: createSqliteZoneCache(env.database.db),
      thresholdCache: createSqliteThresholdCache(env.database.sqlite),
      fieldListCache: createSqliteFieldListCache(env.database.sqlite),
      concurrencyPerEntity: settings.apiConcurrency,
      budget: { reserve: settings.apiReserve },
      tls: { legacyServerConnect: settings.legacyTls === true },
      ...env.client,
    });
    try {
      const startedAt = now();
      const report = await readExcludedReport({ client, sqlite, settings, window: scheduledWindow(toLocalDate(startedAt), settings), readAt: startedAt.toISOString() });
      writeExcludedCache(sqlite, JSON.stringify(report), now().toISOString());
      return report;
    } finally {
      await client.close();
    }
  };

  return {
    get: () => {
      const text = readExcludedCache(sqlite);
      if (text === null) return null;
      // An unreadable cache (or one of another shape) is as good as none: the next refresh replaces it.
      try {
        const value = JSON.parse(text) as Partial<ExcludedReport> | null;
        const ok = typeof value?.readAt === 'string' && Array.isArray(value.contracts) && Array.isArray(value.timeByContract) && typeof value.noContract === 'object';
        return ok ? (value as ExcludedReport) : null;
      } catch {
        return null;
      }
    },
    refresh: () => {
      running ??= read().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
