// Run by keychain.test.ts in a child process inside a D-Bus session: one keychain operation per process,
// printing one JSON line. It never prints the secret itself, only whether the value read back matches.
import { createKeychainSecretStore } from '../../../../main/secrets/keychain-store';
import { probeSecretService } from '../../../../main/secrets/secret-service-probe';

const [op, service, account] = process.argv.slice(2) as [string, string, string];
const expected = process.env.TEST_SECRET_VALUE ?? '';

async function main() {
  const store = createKeychainSecretStore(service);
  const out: Record<string, unknown> = { op, status: await probeSecretService(process.env), problem: await store.problem() };
  if (op === 'set') {
    try {
      await store.set(account, expected);
      out.stored = true;
    } catch (e) {
      out.stored = false;
      out.error = e instanceof Error ? e.message : String(e);
    }
  } else if (op === 'get') {
    const v = await store.get(account);
    out.found = v !== null;
    out.matches = v === expected;
  } else if (op === 'delete') {
    out.deleted = await store.delete(account);
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e: unknown) => {
  process.stdout.write(`${JSON.stringify({ op, crashed: e instanceof Error ? e.message : String(e) })}\n`);
  process.exitCode = 1;
});
