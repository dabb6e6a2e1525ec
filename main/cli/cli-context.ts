import path from 'node:path';
import { terminalSafe } from '../../shared/display-text';
import type { Writable } from 'node:stream';
import type { AppDatabase } from '../db/open-database';
import { sourceMigrationsFolder } from '../db/migrations-folder';
import { defaultDatabaseFile } from '../paths';
import type { Settings } from '../../shared/settings';
import type { Credentials, Env } from '../secrets/credentials';
import type { SecretStore } from '../secrets/secret-store';
import { createDefaultSecretStore } from '../secrets/default-store';
import type { BillingLedger } from '../billing/ledger';
import { createCore, type Core } from '../app/create-core';
import { APP_VERSION } from '../app-version';

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
  /** The app's core over this database, built on first use by the one composition root (createCore). */
  core(): Core;
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

/** The keychain, opened on first use (a command that never reads a secret never touches it). */
function lazySecretStore(open: () => Promise<SecretStore>): SecretStore {
  return {
    kind: 'keychain', // not read by any CLI command; the real kind is known only once the store is open
    get: async (account) => (await open()).get(account),
    set: async (account, secret) => (await open()).set(account, secret),
    delete: async (account) => (await open()).delete(account),
    problem: async () => (await open()).problem(),
  };
}

export function createCliContext(opts: { env: Env; stdout: Writable; stderr: Writable; dbOption: () => string | undefined }): CliContext {
  let core: Core | null = null;
  let secrets: SecretStore | null = null;
  const ctx: CliContext = {
    env: opts.env,
    stdout: opts.stdout,
    stderr: opts.stderr,
    databaseFile: () => ctx.userPath(opts.dbOption() ?? opts.env.AUTOTASK_BILLING_DB ?? defaultDatabaseFile(opts.env)),
    userPath: (p) => path.resolve(callerFolder(opts.env), p),
    core: () => {
      // The same root as the app: integrity check (a damaged file is refused naming its backup), migrations.
      core ??= createCore({
        now: () => new Date(),
        databaseFile: ctx.databaseFile(),
        migrationsFolder: sourceMigrationsFolder(),
        secrets: lazySecretStore(ctx.secrets),
        env: opts.env,
        mode: 'cli',
        version: APP_VERSION,
        emit: () => {},
      });
      return core;
    },
    database: () => ctx.core().database,
    billing: () => ctx.core().ledger,
    settings: () => ctx.core().syncEnvironment.settings(),
    secrets: async () => {
      secrets ??= await createDefaultSecretStore(opts.env);
      return secrets;
    },
    credentials: () => ctx.core().syncEnvironment.credentials(),
    zoneLookupUrl: () => ctx.core().syncEnvironment.zoneLookupUrl(),
    printJson: (value) => {
      opts.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
    info: (line) => {
      opts.stderr.write(`${terminalSafe(line)}\n`); // Autotask text may hold escape sequences (issue #17)
    },
    close: () => {
      void core?.close();
      core = null;
    },
  };
  return ctx;
}
