import type Database from 'better-sqlite3';

// The log queries build a handful of SQL shapes (one per filter combination) and run them many times per
// page (the page reader's boundary search); preparing each shape once per connection keeps that cheap.
const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function cachedStatement(sqlite: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(sqlite);
  if (!cache) {
    cache = new Map();
    caches.set(sqlite, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = sqlite.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}
