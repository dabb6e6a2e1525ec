import type { Env } from './credentials';
import { createMemorySecretStore, type SecretStore } from './secret-store';

/**
 * The secret store for processes outside Electron (CLI, demo). Tests and the demo use memory
 * (`AUTOTASK_SECRET_STORE=memory`); otherwise the OS keychain.
 */
export async function createDefaultSecretStore(env: Env): Promise<SecretStore> {
  if (env.AUTOTASK_SECRET_STORE === 'memory') return createMemorySecretStore();
  try {
    const { createKeychainSecretStore } = await import('./keychain-store');
    return createKeychainSecretStore();
  } catch {
    return createMemorySecretStore();
  }
}
