// "Test connection": zone, sign-in, and read access to what the sync needs, each with a message a
// bookkeeper can act on. Costs at most four counted API calls (plus the free zone lookup).
import { AutotaskError } from './autotask-error';
import type { ConnectionCheck, EntityName, TestConnectionResult, ZoneInfo } from './types';

export const PROBED_ENTITIES: readonly EntityName[] = ['Contracts', 'TimeEntries', 'Companies'];

export interface ConnectionTestDeps {
  zone(): Promise<ZoneInfo>;
  threshold(): Promise<{ limit: number; used: number; timeframeMinutes: number }>;
  /** A one-row query of the entity. */
  probe(entity: EntityName): Promise<void>;
  redact(s: string): string;
}

const STOPS_EVERYTHING = new Set(['unknown-username', 'bad-integration-code', 'bad-secret', 'missing-credentials', 'unreachable', 'budget', 'threshold', 'aborted']);

function messageOf(e: unknown, redact: (s: string) => string): string {
  if (e instanceof AutotaskError) return e.userMessage;
  return redact(`Unexpected failure: ${(e as Error)?.message ?? String(e)}`);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export async function runConnectionTest(deps: ConnectionTestDeps): Promise<TestConnectionResult> {
  const checks: ConnectionCheck[] = [];
  const fmt = (n: number) => n.toLocaleString('en-US');
  const skipAll = (names: string[], why: string) => names.forEach((name) => checks.push({ name, ok: false, message: `Not checked: ${why}` }));
  const probeNames = PROBED_ENTITIES.map((e) => `query ${e}`);

  let zone: ZoneInfo | null = null;
  try {
    zone = await deps.zone();
    checks.push({ name: 'zone', ok: true, message: `Autotask zone ${zone.zoneName || '(unnamed)'} at ${hostOf(zone.url)} (tenant ${zone.ci}).` });
  } catch (e) {
    checks.push({ name: 'zone', ok: false, message: messageOf(e, deps.redact) });
    skipAll(['authentication', ...probeNames], 'the Autotask zone could not be found.');
    return finish(checks, zone);
  }

  try {
    const t = await deps.threshold();
    checks.push({
      name: 'authentication',
      ok: true,
      message: `Signed in to Autotask. ${fmt(t.used)} of ${fmt(t.limit)} API requests used in the last ${t.timeframeMinutes} minutes.`,
    });
  } catch (e) {
    checks.push({ name: 'authentication', ok: false, message: messageOf(e, deps.redact) });
    skipAll(probeNames, 'signing in to Autotask failed.');
    return finish(checks, zone);
  }

  for (const entity of PROBED_ENTITIES) {
    const name = `query ${entity}`;
    try {
      await deps.probe(entity);
      checks.push({ name, ok: true, message: `The API user can read ${entity}.` });
    } catch (e) {
      checks.push({ name, ok: false, message: messageOf(e, deps.redact) });
      if (e instanceof AutotaskError && STOPS_EVERYTHING.has(e.kind)) {
        skipAll(probeNames.slice(checks.length - 2), 'an earlier check failed.');
        break;
      }
    }
  }
  return finish(checks, zone);
}

function finish(checks: ConnectionCheck[], zone: ZoneInfo | null): TestConnectionResult {
  const failed = checks.find((c) => !c.ok);
  const ok = !failed;
  const message = ok ? `Connected to Autotask${zone?.zoneName ? ` (${zone.zoneName})` : ''}. The API user can read ${PROBED_ENTITIES.join(', ')}.` : failed.message;
  return { ok, zone, checks, message };
}
