// Serialises everything the client produced in a test file and asserts no credential is inside.
import { expect } from 'vitest';
import { CREDS } from './mini-autotask';
import { producedErrors, producedEvents } from './client-factory';

export function expectNoSecretsLeaked(extraSecrets: string[] = []): void {
  const dump = JSON.stringify({
    errors: producedErrors.map((e) => (e instanceof Error ? { json: e, message: e.message, stack: e.stack, str: String(e) } : e)),
    events: producedEvents,
  });
  for (const secret of [CREDS.secret, CREDS.integrationCode, ...extraSecrets]) {
    expect(dump.includes(secret), `secret leaked into errors/events`).toBe(false);
    expect(dump.includes(encodeURIComponent(secret))).toBe(false);
  }
}
