import * as keytar from '@napi-rs/keyring/keytar';
import type { SecretStore } from './secret-store';

export const KEYCHAIN_SERVICE = 'Autotask Billing Sync';

/**
 * The API secret in the OS keychain through the keytar API of @napi-rs/keyring (service = the app's
 * name, account = the API username). Errors never include the secret.
 */
export function createKeychainSecretStore(service: string = KEYCHAIN_SERVICE): SecretStore {
  return {
    kind: 'keychain',
    get: (account) => keytar.getPassword(service, account),
    set: (account, secret) => keytar.setPassword(service, account, secret),
    delete: (account) => keytar.deletePassword(service, account),
    problem: async () => null,
  };
}
