// "Test connection" for the UI (CoreDeps.testConnection): the same checks as `test-connection` on the
// command line, with the patience of a person waiting at a button.
import type { TestConnectionResult } from '../../shared/domain';
import { createAutotaskClient, type AutotaskClientOptions } from '../autotask';
import { createWriteOnlyZoneCache } from '../db/zone-cache';
import type { AppDatabase } from '../db/open-database';
import { readSettings } from '../config/settings-store';
import type { Credentials } from '../secrets/credentials';

export function createConnectionTester(
  database: AppDatabase,
  client: Partial<AutotaskClientOptions> = {},
): (credentials: Credentials, zoneLookupUrl: string) => Promise<TestConnectionResult> {
  return async (credentials, zoneLookupUrl) => {
    const c = createAutotaskClient({
      credentials,
      zoneLookupUrl,
      zoneCache: createWriteOnlyZoneCache(database.db),
      retry: { maxAttempts: 3, maxTotalMs: 15_000 },
      requestTimeoutMs: 20_000,
      tls: { legacyServerConnect: readSettings(database.db).legacyTls === true },
      ...client,
    });
    try {
      return await c.testConnection();
    } finally {
      await c.close();
    }
  };
}
