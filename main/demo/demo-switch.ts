import { startSandbox, DEMO_CREDENTIALS, type SandboxHandle } from '../sandbox';
import { readSettings, updateSettings } from '../config/settings-store';
import type { AppDatabase } from '../db/open-database';
import type { SecretStore } from '../secrets/secret-store';

/**
 * "Try with the demo tenant" in the desktop app (`demo:enable`): starts the built-in Autotask sandbox in
 * this process and points the configuration at it (demo API user, its secret in the secret store, the
 * sandbox's zone lookup URL). The sandbox lives as long as the app; `resume()` restarts it at the next
 * launch when the configuration still points at the demo tenant, on the same port when that is free.
 */
export interface DemoSwitch {
  enableDemo(): Promise<{ ok: boolean; message: string }>;
  /** At start-up: if the saved configuration is the demo tenant's, bring its sandbox back. */
  resume(): Promise<boolean>;
  isDemoConfigured(): boolean;
  close(): Promise<void>;
}

export interface DemoSwitchOptions {
  database: AppDatabase;
  secrets: SecretStore;
  now?: () => Date;
  /** Sandbox options (tests pass latencyScale: 0). */
  sandbox?: Parameters<typeof startSandbox>[0];
}

function loopbackPort(url: string): number | null {
  try {
    const u = new URL(url);
    return u.hostname === '127.0.0.1' && u.port ? Number(u.port) : null;
  } catch {
    return null;
  }
}

export function createDemoSwitch(opts: DemoSwitchOptions): DemoSwitch {
  let sandbox: SandboxHandle | null = null;
  const now = opts.now ?? (() => new Date());

  const start = async (port?: number): Promise<SandboxHandle> => {
    if (sandbox) return sandbox;
    try {
      sandbox = await startSandbox({ size: 'demo', ...opts.sandbox, ...(port ? { port } : {}) });
    } catch {
      // The old port is taken by something else: any free port will do, the URL is saved again below.
      sandbox = await startSandbox({ size: 'demo', ...opts.sandbox });
    }
    return sandbox;
  };

  const point = async (sb: SandboxHandle) => {
    await opts.secrets.set(sb.credentials.username, sb.credentials.secret);
    updateSettings(opts.database.db, { username: sb.credentials.username, integrationCode: sb.credentials.integrationCode, zoneLookupUrl: sb.zoneLookupUrl }, now());
  };

  const isDemoConfigured = () => {
    const s = readSettings(opts.database.db);
    return s.username === DEMO_CREDENTIALS.username && loopbackPort(s.zoneLookupUrl) !== null;
  };

  return {
    async enableDemo() {
      const problem = await opts.secrets.problem();
      if (problem) return { ok: false, message: problem };
      const before = readSettings(opts.database.db);
      const sb = await start();
      // Switching to the demo must not leave the previous account's secret behind in the keychain.
      if (before.username && before.username !== sb.credentials.username) await opts.secrets.delete(before.username);
      await point(sb);
      return {
        ok: true,
        message: 'The demo tenant is ready: a built-in imitation of Autotask with made-up customers, contracts and time entries. Run a sync from the dashboard.',
      };
    },
    async resume() {
      if (!isDemoConfigured()) return false;
      const sb = await start(loopbackPort(readSettings(opts.database.db).zoneLookupUrl) ?? undefined);
      await point(sb);
      return true;
    },
    isDemoConfigured,
    async close() {
      await sandbox?.close();
      sandbox = null;
    },
  };
}
