import path from 'node:path';
import { openDatabase, type AppDatabase } from '../db/open-database';
import { createHandlers, type Handlers } from '../api/handlers';
import type { CoreDeps, Emit } from '../api/core-deps';
import type { SecretStore } from '../secrets/secret-store';
import type { Env } from '../secrets/credentials';

export interface CoreOptions {
  databaseFile: string;
  migrationsFolder: string;
  secrets: SecretStore;
  env: Env;
  mode: CoreDeps['mode'];
  demo?: boolean;
  version: string;
  emit: Emit;
  now?: () => Date;
  nativeBinding?: string;
  /** Transport-specific pieces (save dialog or download, demo switch), filled in by each shell. */
  extra?: Partial<Pick<CoreDeps, 'exportLogs' | 'enableDemo' | 'sync' | 'testConnection'>>;
}

export interface Core {
  database: AppDatabase;
  deps: CoreDeps;
  handlers: Handlers;
  close(): Promise<void>;
}

/**
 * The composition root shared by every shell (Electron, the browser demo, tests): opens the database and
 * wires the core's services into one handler table. Each capability adds its wiring here.
 */
export function createCore(opts: CoreOptions): Core {
  const database = openDatabase(path.resolve(opts.databaseFile), {
    migrationsFolder: opts.migrationsFolder,
    nativeBinding: opts.nativeBinding,
  });
  const deps: CoreDeps = {
    database,
    secrets: opts.secrets,
    env: opts.env,
    mode: opts.mode,
    demo: opts.demo ?? false,
    version: opts.version,
    now: opts.now ?? (() => new Date()),
    emit: opts.emit,
    ...opts.extra,
  };
  return {
    database,
    deps,
    handlers: createHandlers(deps),
    close: async () => {
      database.close();
    },
  };
}
