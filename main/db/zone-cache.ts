// The zone cache kept in the billing database, so a restart does not repeat the lookup and the tenant
// id (`ci`) is on record. The 24 h limit is applied by the resolver on `fetchedAt`, not here.
import { eq } from 'drizzle-orm';
import type { Db } from './open-database';
import { zoneCache } from './schema';

/** A cached zone as stored (structurally the client's ZoneInfo; main/db does not import main/autotask). */
export type ZoneInfo = Omit<typeof zoneCache.$inferSelect, 'username'>;

/** What the Autotask client's zone resolver reads and writes (its ZoneCache port). */
export interface ZoneStore {
  get(username: string): ZoneInfo | undefined;
  set(username: string, zone: ZoneInfo): void;
  delete(username: string): void;
}

/**
 * Keys come from the resolver as `zoneCacheKey(lookupUrl, username)` (see url-safety.ts): usernames are
 * logins (e-mail-like) that Autotask treats case-insensitively, and a zone is only valid for the lookup
 * URL that returned it. Rows of older versions, keyed by username alone, simply never match.
 */
const key = (k: string) => k.trim().toLowerCase();

export function createSqliteZoneCache(db: Db): ZoneStore & { clear(): void } {
  return {
    get(username: string): ZoneInfo | undefined {
      const row = db
        .select()
        .from(zoneCache)
        .where(eq(zoneCache.username, key(username)))
        .get();
      if (!row) return undefined;
      return { zoneName: row.zoneName, url: row.url, webUrl: row.webUrl, ci: row.ci, fetchedAt: row.fetchedAt };
    },
    set(username: string, z: ZoneInfo): void {
      const values = { zoneName: z.zoneName, url: z.url, webUrl: z.webUrl, ci: z.ci, fetchedAt: z.fetchedAt };
      db.insert(zoneCache)
        .values({ username: key(username), ...values })
        .onConflictDoUpdate({ target: zoneCache.username, set: values })
        .run();
    },
    delete(username: string): void {
      db.delete(zoneCache)
        .where(eq(zoneCache.username, key(username)))
        .run();
    },
    clear(): void {
      db.delete(zoneCache).run();
    },
  };
}

/** A connection test must look the zone up afresh (that is what proves the username); it still records the answer. */
export function createWriteOnlyZoneCache(db: Db): ZoneStore {
  const cache = createSqliteZoneCache(db);
  return { get: () => undefined, set: (u, z) => cache.set(u, z), delete: (u) => cache.delete(u) };
}
