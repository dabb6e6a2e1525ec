// settings: key → JSON text (main/config/settings-store.ts validates and gives the values meaning), and the
// zone cache a changed lookup URL must forget in the same transaction.
import { eq } from 'drizzle-orm';
import type { Db } from '../open-database';
import { settings as settingsTable, zoneCache } from '../schema';
import type { SettingRecord } from '../rows';

export function selectSettingRows(db: Db): Pick<SettingRecord, 'key' | 'value'>[] {
  return db.select({ key: settingsTable.key, value: settingsTable.value }).from(settingsTable).all();
}

/** Stores every (key, JSON text) in one transaction; first empties the zone cache when asked. */
export function writeSettingRows(db: Db, rows: readonly (readonly [key: string, json: string])[], at: string, opts: { clearZoneCache: boolean }): void {
  db.transaction((tx) => {
    if (opts.clearZoneCache) tx.delete(zoneCache).run();
    for (const [key, json] of rows) {
      tx.insert(settingsTable)
        .values({ key, value: json, updatedAt: at })
        .onConflictDoUpdate({ target: settingsTable.key, set: { value: json, updatedAt: at } })
        .run();
    }
  });
}

export function deleteSettingRow(db: Db, key: string): void {
  db.delete(settingsTable).where(eq(settingsTable.key, key)).run();
}
