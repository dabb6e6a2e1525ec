import { createHandlers, type Handlers } from '../../main/api/handlers';
import type { CoreDeps } from '../../main/api/core-deps';
import { createMemorySecretStore } from '../../main/secrets/secret-store';
import type { Events } from '../../shared/api-contract';
import { makeTestDatabase } from './test-database';
import { createBillingService } from '../../main/billing/billing-service';
import { createBillingHandlers } from '../../main/api/billing-handlers';
import { saveExportFiles, suggestedName } from '../../main/billing/export-files';
import path from 'node:path';

export interface TestCore {
  handlers: Handlers;
  deps: CoreDeps;
  events: { channel: keyof Events; payload: unknown }[];
  cleanup: () => void;
}

/** The real handler table over a fresh migrated database, with an in-memory keychain. */
export function makeTestCore(overrides: Partial<CoreDeps> = {}): TestCore {
  const db = makeTestDatabase();
  const events: TestCore['events'] = [];
  const deps: CoreDeps = {
    database: db.database,
    secrets: createMemorySecretStore(),
    env: {},
    mode: 'test',
    demo: false,
    version: '0.0.0-test',
    now: () => new Date(),
    emit: (channel, payload) => {
      events.push({ channel, payload });
    },
    // Billing exports land in the test database's folder (what a save dialog would return).
    saveBillingFiles: async (files) => ({
      status: 'saved',
      files: await saveExportFiles(path.join(db.dir, suggestedName(files)), files, db.database.file),
    }),
    ...overrides,
  };
  // The same billing wiring as create-core, unless a test brings its own.
  deps.billing ??= createBillingHandlers({ ledger: createBillingService({ database: db.database, now: deps.now }), saveFiles: deps.saveBillingFiles });
  return { handlers: createHandlers(deps), deps, events, cleanup: db.cleanup };
}
