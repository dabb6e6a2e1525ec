import type { Settings } from '../../shared/settings';
import type { CredentialStatus } from '../../shared/domain';
import type { SecretStore } from './secret-store';

export interface Credentials {
  username: string;
  secret: string;
  integrationCode: string;
}

export type Env = Record<string, string | undefined>;

export class MissingCredentialsError extends Error {
  constructor(readonly missing: string[]) {
    super(
      `Autotask credentials are incomplete: missing ${missing.join(', ')}. ` +
        'Enter them in Configuration, or set AUTOTASK_USERNAME, AUTOTASK_SECRET and AUTOTASK_INTEGRATION_CODE.',
    );
    this.name = 'MissingCredentialsError';
  }
}

/** docs/product-rules.md#command-line: the environment wins over stored values; the secret otherwise comes from the keychain. */
export async function resolveCredentials(opts: { env: Env; settings: Settings; store: SecretStore }): Promise<Credentials> {
  const username = (opts.env.AUTOTASK_USERNAME ?? opts.settings.username).trim();
  const integrationCode = (opts.env.AUTOTASK_INTEGRATION_CODE ?? opts.settings.integrationCode).trim();
  const secret = opts.env.AUTOTASK_SECRET ?? (username ? await opts.store.get(username) : null) ?? '';
  const missing: string[] = [];
  if (!username) missing.push('API username');
  if (!secret) missing.push('API secret');
  if (!integrationCode) missing.push('integration code');
  if (missing.length > 0) throw new MissingCredentialsError(missing);
  return { username, secret, integrationCode };
}

export function zoneLookupUrlFrom(env: Env, settings: Settings): string {
  const fromEnv = env.AUTOTASK_ZONE_LOOKUP_URL?.trim();
  if (fromEnv) return fromEnv.endsWith('/') ? fromEnv : `${fromEnv}/`;
  return settings.zoneLookupUrl;
}

/** What the UI may know about the credentials: never the secret itself. */
export async function credentialStatus(opts: { env: Env; settings: Settings; store: SecretStore }): Promise<CredentialStatus> {
  const username = (opts.env.AUTOTASK_USERNAME ?? opts.settings.username).trim();
  const integrationCode = (opts.env.AUTOTASK_INTEGRATION_CODE ?? opts.settings.integrationCode).trim();
  if (opts.env.AUTOTASK_SECRET) {
    return { username, integrationCode, secretSaved: true, source: 'environment', problem: null };
  }
  const problem = await opts.store.problem();
  const saved = username && !problem ? (await opts.store.get(username)) !== null : false;
  return {
    username,
    integrationCode,
    secretSaved: saved,
    source: saved ? 'keychain' : 'none',
    problem,
  };
}
