/**
 * Where the API secret lives. The desktop app uses the OS keychain (main/secrets/keychain-store.ts);
 * tests and the demo use the in-memory store. Implementations must never log the secret.
 */
export interface SecretStore {
  readonly kind: 'keychain' | 'memory';
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
  /** Null when usable; otherwise a sentence saying why not and what to do. */
  problem(): Promise<string | null>;
}

export function createMemorySecretStore(initial: Record<string, string> = {}): SecretStore {
  const values = new Map(Object.entries(initial));
  return {
    kind: 'memory',
    get: async (account) => values.get(account) ?? null,
    set: async (account, secret) => {
      values.set(account, secret);
    },
    delete: async (account) => values.delete(account),
    problem: async () => null,
  };
}
