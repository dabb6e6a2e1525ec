import * as keytar from '@napi-rs/keyring/keytar';
import type { SecretStore } from './secret-store';
import { probeSecretService, secretServiceProblem } from './secret-service-probe';

export const KEYCHAIN_SERVICE = 'Autotask Billing Sync';

export interface KeychainStoreOptions {
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  /** Replaces the Secret Service check (tests). */
  probe?: typeof probeSecretService;
}

/**
 * The API secret in the OS keychain through the keytar API of @napi-rs/keyring (service = the app's
 * name, account = the API username): Keychain on macOS, Credential Manager on Windows, the Secret
 * Service (GNOME Keyring, KWallet, KeePassXC) on Linux. On Linux the Secret Service is checked first:
 * without it the library would fall back to the kernel keyring, which forgets the secret at the next
 * login, so the store refuses and `problem()` says what to do. Errors never include the secret.
 */
export function createKeychainSecretStore(service: string = KEYCHAIN_SERVICE, opts: KeychainStoreOptions = {}): SecretStore {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const probe = opts.probe ?? probeSecretService;
  const problem = async (): Promise<string | null> => (platform === 'linux' ? secretServiceProblem(await probe(env)) : null);
  const guard = async () => {
    const p = await problem();
    if (p) throw new Error(p);
  };
  return {
    kind: 'keychain',
    get: async (account) => {
      if (platform === 'linux' && (await problem())) return null;
      return keytar.getPassword(service, account);
    },
    set: async (account, secret) => {
      await guard();
      try {
        await keytar.setPassword(service, account, secret);
      } catch (error) {
        // The library's message names the platform store, never the secret; keep it for the user.
        throw new Error(`The API secret could not be saved in the system keychain: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    delete: async (account) => {
      if (platform === 'linux' && (await problem())) return false;
      return keytar.deletePassword(service, account);
    },
    problem,
  };
}
