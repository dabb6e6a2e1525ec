// Old log rows, so that backups take a while and log queries run over a table of realistic size.
import Database from 'better-sqlite3';
import { recountLogCounts } from '../../../main/db/queries/log-writes';

export function addOldLogRows(file: string, rows: number): void {
  const db = new Database(file);
  try {
    const insert = db.prepare('INSERT INTO sync_logs (run_id, sync_type, operation, status, message, details, created_at) VALUES (NULL, ?, ?, ?, ?, ?, ?)');
    const detail = JSON.stringify({ reason: 'filler '.repeat(40) });
    const kinds: [string, string, string][] = [
      ['time_entry', 'skip', 'skip'],
      ['time_entry', 'create', 'success'],
      ['contract', 'update', 'success'],
      ['time_entry', 'update', 'warning'],
      ['contract', 'error', 'error'],
    ];
    const start = Date.UTC(2025, 0, 1);
    db.transaction(() => {
      for (let i = 0; i < rows; i++) {
        const [type, op, status] = kinds[i % kinds.length]!;
        insert.run(type, op, status, `Record ${i}: ${op} (filler)`, detail, new Date(start + i * 30_000).toISOString());
      }
    })();
    recountLogCounts(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
