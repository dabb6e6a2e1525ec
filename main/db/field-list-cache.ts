// Autotask's field lists (`entityInformation/fields`, picklists included), kept in sync_state so a run does
// not open with one metadata call per entity when an earlier run fetched them (reference autotask-api.md
// §3.5: "Picklist values and UDFs are tenant-specific. Cache them."). The client decides whether a stored
// list is young enough (FIELD_LIST_TTL_MS) and drops one Autotask contradicts; this store only keeps them.
import type Database from 'better-sqlite3';
import { deleteState, readState, writeState } from './queries/sync-state';

/** Structurally the client's StoredFieldList (main/db does not import main/autotask). */
export interface StoredFields {
  fields: { name: string; dataType: string; [k: string]: unknown }[];
  fetchedAt: number;
}

const PREFIX = 'fields:';

/** Keys come from the client as `zoneCacheKey(lookupUrl, username)`, normalised like the zone cache's. */
const stateKey = (k: string, entity: string) => `${PREFIX}${k.trim().toLowerCase()}|${entity}`;

export function createSqliteFieldListCache(sqlite: Database.Database) {
  return {
    get(key: string, entity: string): StoredFields | undefined {
      const text = readState(sqlite, stateKey(key, entity));
      if (!text) return undefined;
      try {
        const v = JSON.parse(text) as Record<string, unknown>;
        // A value this version cannot read is simply not used: the client fetches the list again.
        if (typeof v.fetchedAt !== 'number' || !Number.isFinite(v.fetchedAt) || !Array.isArray(v.fields)) return undefined;
        if (!v.fields.every((f) => !!f && typeof f === 'object' && typeof (f as { name?: unknown }).name === 'string')) return undefined;
        return { fields: v.fields as StoredFields['fields'], fetchedAt: v.fetchedAt };
      } catch {
        return undefined;
      }
    },
    set(key: string, entity: string, list: StoredFields): void {
      writeState(sqlite, stateKey(key, entity), JSON.stringify({ fetchedAt: list.fetchedAt, fields: list.fields }), new Date());
    },
    delete(key: string, entity: string): void {
      deleteState(sqlite, stateKey(key, entity));
    },
  };
}
