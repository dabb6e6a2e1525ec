import path from 'node:path';
import { terminalSafe } from '../../shared/display-text';
import type { Writable } from 'node:stream';
import { openDatabase, type AppDatabase } from '../db/open-database';
import { sourceMigrationsFolder } from '../db/migrations-folder';
import { defaultDatabaseFile } from '../paths';
import { readSettings } from '../config/settings-store';
import type { Settings } from '../../shared/settings';
import { resolveCredentials, zoneLookupUrlFrom, type Credentials, type Env } from '../secrets/credentials';
import type { SecretStore } from '../secrets/secret-store';
import { createDefaultSecretStore } from '../secrets/default-store';
import { createBillingService } from '../billing/billing-service';
import type { BillingLedger } from '../billing/ledger';

/** Bad usage or settings: the CLI exits 2 with this message. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The command failed as a whole (auth, network, limits): the CLI exits 1 with this message. */
export class CommandFailedError extends Error {
  constructor(
    message: string,
    readonly json?: unknown,
  ) {
    super(message);
    this.name = 'CommandFailedError';
  }
}

export interface CliContext {
  env: Env;
  stdout: Writable;
  stderr: Writable;
  databaseFile(): string;
  /** A path the user typed, resolved against their folder (npm's INIT_CWD under `npm run`, else the cwd). */
  userPath(p: string): string;
  database(): AppDatabase;
  /** The billing ledger over this database (the same wiring as the app's core). */
  billing(): BillingLedger;
  settings(): Settings;
  secrets(): Promise<SecretStore>;
  credentials(): Promise<Credentials>;
  zoneLookupUrl(): string;
  /** Exactly one JSON document on stdout. */
  printJson(value: unknown): void;
  /** Human text and progress go to stderr, so stdout stays machine-readable. */
  info(line: string): void;
  close(): void;
}

/**
 * The folder the user typed the command in. `npm run cli` runs in the app's folder; npm records the
 * caller's folder in INIT_CWD, so relative `--db`/`--out` paths mean what the user meant (issue #17).
 */
export function callerFolder(env: Env): string {
  const init = env.INIT_CWD;
  return init && path.isAbsolute(init) ? init : process.cwd();
}

export function createCliContext(opts: { env: Env; stdout: Writable; stderr: Writable; dbOption: () => string | undefined }): CliContext {
  let database: AppDatabase | null = null;
  let secrets: SecretStore | null = null;
  let billing: BillingLedger | null = null;
  const ctx: CliContext = {
    env: opts.env,
    stdout: opts.stdout,
    stderr: opts.stderr,
    databaseFile: () => ctx.userPath(opts.dbOption() ?? opts.env.AUTOTASK_BILLING_DB ?? defaultDatabaseFile(opts.env)),
    userPath: (p) => path.resolve(callerFolder(opts.env), p),
    database: () => {
      database ??= openDatabase(ctx.databaseFile(), { migrationsFolder: sourceMigrationsFolder() });
      return database;
    },
    billing: () => {
      billing ??= createBillingService({ database: ctx.database() });
      return billing;
    },
    settings: () => readSettings(ctx.database().db),
    secrets: async () => {
      secrets ??= await createDefaultSecretStore(opts.env);
      return secrets;
    },
    credentials: async () => resolveCredentials({ env: opts.env, settings: ctx.settings(), store: await ctx.secrets() }),
    zoneLookupUrl: () => zoneLookupUrlFrom(opts.env, ctx.settings()),
    printJson: (value) => {
      opts.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    info: (line) => {
      opts.stderr.write(`${terminalSafe(line)}\n`); // Autotask text may hold escape sequences (issue #17)
    },
    close: () => {
      database?.close();
      database = null;
      billing = null;
    },
  };
  return ctx;
}
