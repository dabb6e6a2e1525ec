import { DBusCallError, openSessionBus, sessionBusAddress } from '../../../../main/secrets/dbus-session-client';

// Run inside `dbus-run-session`: talks to the real dbus-daemon through the app's own codec and prints
// what the daemon answered, one JSON line, so the test can compare it with dbus-send's view.

const BUS = 'org.freedesktop.DBus';
const PATH = '/org/freedesktop/DBus';

async function main(): Promise<void> {
  const bus = await openSessionBus(sessionBusAddress(process.env) ?? '', { timeoutMs: 5000 });
  try {
    const [id] = await bus.call(BUS, PATH, BUS, 'GetId');
    const [selfOwned] = await bus.call(BUS, PATH, BUS, 'NameHasOwner', [BUS]);
    const [otherOwned] = await bus.call(BUS, PATH, BUS, 'NameHasOwner', ['org.example.NobodyOwnsThis']);
    const [names] = await bus.call(BUS, PATH, BUS, 'ListNames');
    const error = await bus.call(BUS, PATH, BUS, 'NoSuchMethod').then(
      () => null,
      (e: unknown) => (e instanceof DBusCallError ? e.errorName : String(e)),
    );
    process.stdout.write(`${JSON.stringify({ id, selfOwned, otherOwned, names, error })}\n`);
  } finally {
    bus.close();
  }
}

void main();
