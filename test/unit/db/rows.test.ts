// main/db/rows.ts derives raw-SQL row types from the drizzle records by turning each camelCase key into
// snake_case (SqlRow). That is only sound while every column's SQL name is exactly that transform of its
// key: this test reads every table of the schema and fails on a column named any other way.
import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { schema } from '../../../main/db/schema';

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const tables: SQLiteTable[] = Object.values(schema).filter((v) => is(v, SQLiteTable));

describe('row types follow the schema', () => {
  it('finds the tables', () => {
    expect(tables.map((t) => getTableName(t))).toEqual(
      expect.arrayContaining(['customers', 'engineering_services', 'engineering_items', 'sync_runs', 'sync_logs', 'contract_service_units']),
    );
  });

  it.each(tables.map((t) => [getTableName(t), t] as const))('%s: every column is named snake_case(key)', (_name, table) => {
    const mismatches = Object.entries(getTableColumns(table))
      .filter(([key, column]) => column.name !== snake(key))
      .map(([key, column]) => `${key} → ${column.name}`);
    expect(mismatches).toEqual([]);
  });
});
