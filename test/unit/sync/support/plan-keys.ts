// What a dry run's plan says against what a real run logged, as sorted (syncType:operation:autotaskId) keys.
import type { SyncHarness } from './harness';

/** (syncType, operation, autotaskId) of what a plan says / what a real run logged. */
export function planKeys(plan: any): string[] {
  const keys = [
    ...plan.creates.map((c: any) => `${c.syncType}:create:${c.autotaskId}`),
    ...plan.updates.map((u: any) => `${u.syncType}:update:${u.autotaskId}`),
    ...plan.ends.map((e: any) => `contract:update:${e.autotaskId}`),
    ...plan.flags.map((f: any) => `time_entry:flag:${f.autotaskId}`),
    ...plan.skips.filter((s: any) => s.logged).map((s: any) => `${s.syncType}:skip:${s.autotaskId}`),
    ...plan.errors.map((e: any) => `${e.syncType}:error:${e.autotaskId}`),
  ];
  return keys.sort();
}

export function loggedKeys(h: SyncHarness, runId: number): string[] {
  return h
    .rows("SELECT sync_type, operation, status, details FROM sync_logs WHERE run_id = ? AND details NOT LIKE '%allowedOnce%' AND details NOT LIKE '{\"summary\":%'", runId)
    .map((r) => {
      const d = JSON.parse(r.details);
      const id = r.sync_type === 'company' ? d.autotaskCompanyId : r.sync_type === 'contract' ? (d.autotaskContractServiceId ?? d.autotaskContractId) : d.autotaskTimeEntryId;
      const op = r.status === 'warning' ? 'flag' : r.operation;
      return `${r.sync_type}:${op}:${id}`;
    })
    .sort();
}
