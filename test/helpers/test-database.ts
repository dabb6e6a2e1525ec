import path from 'node:path';
import { openDatabase, type AppDatabase } from '../../main/db/open-database';
import { sourceMigrationsFolder } from '../../main/db/migrations-folder';
import { makeTempDir } from './temp-dir';

/** A migrated database in a temporary file (WAL needs a real file), closed and removed by cleanup(). */
export function makeTestDatabase(): { database: AppDatabase; dir: string; cleanup: () => void } {
  const tmp = makeTempDir('abs-db-');
  const database = openDatabase(path.join(tmp.dir, 'billing.db'), { migrationsFolder: sourceMigrationsFolder() });
  return {
    database,
    dir: tmp.dir,
    cleanup: () => {
      try {
        database.close();
      } catch {
        // already closed
      }
      tmp.cleanup();
    },
  };
}
