import { createHandlers, type Handlers } from '../../main/api/handlers';
import type { CoreDeps } from '../../main/api/core-deps';
import { createMemorySecretStore } from '../../main/secrets/secret-store';
import type { Events } from '../../shared/api-contract';
import { makeTestDatabase } from './test-database';

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
    ...overrides,
  };
  return { handlers: createHandlers(deps), deps, events, cleanup: db.cleanup };
}
