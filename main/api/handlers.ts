import { ApiError } from './api-error';
import type { CoreDeps } from './core-deps';
import { BILLING_CHANNELS, type BillingChannel, type DomainHandlers, type Handlers } from './handler-types';
import { readSettings, SettingsValidationError, updateSettings } from '../config/settings-store';
import { updateSettingsGuarded } from '../config/lookup-url-change';
import { credentialStatus, MissingCredentialsError, resolveCredentials, zoneLookupUrlFrom } from '../secrets/credentials';
import { listRuns, runsPerDay } from '../db/queries/runs';
import { toLocalDate } from '../../shared/dates';
import { createReadService } from './read-service';
import { ensureRateHistory, RateValidationError, setRate, toRateRows } from '../config/rate-history';
import { setAccountingName } from '../sync/customer-import';
import { AttentionError, createAttentionService } from '../attention/attention-service';
import { SyncSetupError } from '../sync/run-sync';
import { isAutotaskError } from '../autotask';

export { BILLING_CHANNELS, type BillingChannel, type DomainHandlers, type Handlers } from './handler-types';

function unavailable(what: string): never {
  throw new ApiError('unavailable', `${what} is not available in this mode of the app.`);
}

function billingUnavailable(): DomainHandlers<BillingChannel> {
  return Object.fromEntries(BILLING_CHANNELS.map((c) => [c, async () => unavailable('Billing')])) as unknown as DomainHandlers<BillingChannel>;
}

/** The one handler table behind every transport. Arguments arrive validated (see dispatch.ts). */
export function createHandlers(deps: CoreDeps): Handlers {
  const { database } = deps;
  const sqlite = database.sqlite;
  const settings = () => readSettings(database.db);
  const attention = deps.attention ?? createAttentionService({ sqlite, now: deps.now });
  const reads = deps.reads ?? createReadService(sqlite);

  return {
    'app:info': async () => ({
      name: 'Autotask Billing Sync',
      version: deps.version,
      mode: deps.mode,
      demo: deps.demo,
      databaseFile: database.file,
    }),
    'settings:get': async () => settings(),
    'settings:update': async (patch) => {
      try {
        const { settings: next } = await updateSettingsGuarded(database.db, deps.secrets, patch, deps.now());
        deps.emit('settings:changed', next);
        return next;
      } catch (error) {
        if (error instanceof SettingsValidationError) {
          throw new ApiError('invalid-argument', error.message, error.fieldErrors);
        }
        throw error;
      }
    },
    'credentials:get': async () => credentialStatus({ env: deps.env, settings: settings(), store: deps.secrets }),
    'credentials:set': async ({ username, integrationCode, secret }) => {
      const before = settings();
      const problem = secret !== undefined ? await deps.secrets.problem() : null;
      if (problem) throw new ApiError('unavailable', problem);
      if (secret !== undefined) await deps.secrets.set(username, secret);
      // A changed username leaves the old account's secret behind in the keychain: remove it.
      if (before.username && before.username !== username) await deps.secrets.delete(before.username);
      updateSettings(database.db, { username, integrationCode }, deps.now());
      return credentialStatus({ env: deps.env, settings: settings(), store: deps.secrets });
    },
    'credentials:delete': async () => {
      const current = settings();
      if (current.username) await deps.secrets.delete(current.username);
      return credentialStatus({ env: deps.env, settings: settings(), store: deps.secrets });
    },
    'connection:test': async () => {
      if (!deps.testConnection) unavailable('Testing the connection');
      const s = settings();
      let credentials;
      try {
        credentials = await resolveCredentials({ env: deps.env, settings: s, store: deps.secrets });
      } catch (error) {
        if (error instanceof MissingCredentialsError) throw new ApiError('not-configured', error.message);
        throw error;
      }
      return deps.testConnection(credentials, zoneLookupUrlFrom(deps.env, s));
    },
    'sync:start': async (request) => {
      if (!deps.sync) unavailable('Syncing');
      return deps.sync.start(request, 'manual');
    },
    'sync:current': async () => deps.sync?.current() ?? null,
    'sync:cancel': async () => {
      if (!deps.sync?.cancel) unavailable('Cancelling a sync');
      return deps.sync.cancel();
    },
    'sync:preview': async (request) => {
      if (!deps.sync?.preview) unavailable('Previewing a sync');
      return deps.sync.preview(request, 'manual');
    },
    'sync:preview-cancel': async () => deps.sync?.cancelPreview?.() ?? { cancelled: false },
    'dashboard:get': async () => reads.dashboard(deps.sync?.current() ?? null),
    'runs:list': async ({ page, perPage }) => listRuns(sqlite, page, perPage),
    'runs:daily': async ({ days }) => runsPerDay(sqlite, { today: toLocalDate(deps.now()), days }),
    'logs:list': async ({ page, perPage, ...filter }) => reads.logs(filter, page, perPage),
    'logs:get': async ({ id }) => reads.log(id),
    'logs:export': async (filter) => {
      if (!deps.exportLogs) unavailable('Exporting logs');
      return deps.exportLogs(filter);
    },
    'customers:list': async (q) => reads.customers(q),
    'services:list': async (q) => reads.services(q),
    'items:list': async (q) => reads.items(q),
    'items:export': async (filter) => {
      if (!deps.exportItems) unavailable('Exporting engineering items');
      return deps.exportItems(filter);
    },
    'demo:enable': async () => {
      if (!deps.enableDemo) unavailable('The demo tenant');
      return deps.enableDemo();
    },
    ...(deps.billing ?? billingUnavailable()),
    'customers:set-accounting-name': async ({ customerId, accountingName }) => {
      const r = setAccountingName(sqlite, customerId, accountingName, deps.now());
      if (!r.found) throw new ApiError('invalid-argument', `No customer has customerId ${customerId}; \`list customers\` shows the ids.`, { customerId: 'no such customer' });
      return { ok: true as const, message: r.message };
    },
    'rates:list': async () => {
      const today = toLocalDate(deps.now());
      return toRateRows(sqlite.transaction(() => ensureRateHistory(sqlite, settings().hourlyRate, today)).immediate());
    },
    'rates:set': async ({ rate, from }) => {
      try {
        const rows = setRate(sqlite, { rate, from, settingRate: settings().hourlyRate, today: toLocalDate(deps.now()), now: deps.now() });
        deps.emit('settings:changed', settings());
        return toRateRows(rows);
      } catch (error) {
        if (error instanceof RateValidationError) {
          // The message names the field it refuses, like every other refusal of the handler table.
          const message = error.message.includes(error.field) ? error.message : `${error.field}: ${error.message}`;
          throw new ApiError('invalid-argument', message, { [error.field]: error.message });
        }
        throw error;
      }
    },
    'attention:get': async ({ limit }) => attention.queue(limit),
    'attention:count': async () => attention.count(),
    'attention:acknowledge': async ({ itemId }) => {
      try {
        return attention.acknowledge(itemId);
      } catch (error) {
        if (error instanceof AttentionError) throw new ApiError('invalid-argument', error.message, { itemId: error.message });
        throw error;
      }
    },
    'excluded:get': async () => (deps.excluded ? deps.excluded.get() : unavailable('The Excluded view')),
    'excluded:refresh': async () => {
      if (!deps.excluded) unavailable('The Excluded view');
      try {
        return await deps.excluded.refresh();
      } catch (error) {
        if (error instanceof SyncSetupError) throw new ApiError('not-configured', error.message);
        if (isAutotaskError(error)) throw new ApiError('autotask', `Autotask could not be read: ${error.userMessage}`);
        throw error;
      }
    },
  };
}
