import { DBusCallError, openSessionBus, sessionBusAddress } from './dbus-session-client';

// On Linux, @napi-rs/keyring silently falls back to the kernel keyutils store when no Secret Service
// answers — a store that does not survive a reboot or even a new login session. So before the app
// saves a secret it asks the session bus itself, and says what to do instead of "saving" it there.

export type SecretServiceStatus = 'available' | 'no-session-bus' | 'bus-unreachable' | 'not-provided' | 'no-default-collection' | 'locked';

const BUS = 'org.freedesktop.DBus';
const SECRETS = 'org.freedesktop.secrets';
const DEFAULT_COLLECTION = '/org/freedesktop/secrets/aliases/default';

export async function probeSecretService(env: Record<string, string | undefined>, timeoutMs = 3000): Promise<SecretServiceStatus> {
  const address = sessionBusAddress(env);
  if (!address) return 'no-session-bus';
  let bus;
  try {
    bus = await openSessionBus(address, { timeoutMs });
  } catch {
    return 'bus-unreachable';
  }
  try {
    const [owned] = await bus.call(BUS, '/org/freedesktop/DBus', BUS, 'NameHasOwner', [SECRETS]);
    if (owned !== true) {
      const [activatable] = await bus.call(BUS, '/org/freedesktop/DBus', BUS, 'ListActivatableNames');
      if (!Array.isArray(activatable) || !activatable.includes(SECRETS)) return 'not-provided';
    }
    // Asking the default collection starts the service if it is only activatable.
    try {
      const [locked] = await bus.call(SECRETS, DEFAULT_COLLECTION, 'org.freedesktop.DBus.Properties', 'Get', ['org.freedesktop.Secret.Collection', 'Locked']);
      return locked === true ? 'locked' : 'available';
    } catch (e) {
      if (e instanceof DBusCallError && /ServiceUnknown|NameHasNoOwner|Spawn/.test(e.errorName)) return 'not-provided';
      if (e instanceof DBusCallError) return 'no-default-collection';
      return 'bus-unreachable';
    }
  } catch {
    return 'bus-unreachable';
  } finally {
    bus.close();
  }
}

/** The sentence the UI shows next to the secret field (null when the keychain can be used). */
export function secretServiceProblem(status: SecretServiceStatus): string | null {
  switch (status) {
    case 'available':
      return null;
    case 'no-session-bus':
      return 'The API secret cannot be stored: no desktop session bus (D-Bus) is running, so the system keyring (Secret Service) is unreachable. Start the app from your desktop session, or set AUTOTASK_SECRET in the environment instead.';
    case 'bus-unreachable':
      return 'The API secret cannot be stored: the desktop session bus (D-Bus) did not answer, so the system keyring could not be checked. Log out and back in, or set AUTOTASK_SECRET in the environment instead.';
    case 'not-provided':
      return 'The API secret cannot be stored: no system keyring (Secret Service) is installed or running. Install and start GNOME Keyring or KeePassXC with Secret Service enabled (e.g. `sudo apt install gnome-keyring`), log in again, then save the secret again — or set AUTOTASK_SECRET in the environment.';
    case 'no-default-collection':
      return 'The API secret cannot be stored: the system keyring has no default keyring yet. Open "Passwords and Keys" (Seahorse) and create a keyring set as default, then save the secret again.';
    case 'locked':
      return 'The API secret cannot be stored or read: the system keyring is locked. Unlock it (open "Passwords and Keys" and unlock the Login keyring, or log in again), then try again.';
  }
}
