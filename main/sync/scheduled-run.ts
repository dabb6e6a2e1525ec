// What the schedule runs (docs/product-rules.md#runs-and-logs): a contract sync, then a time sync over the configured window
// (today − timeWindowDays … today), the time sync incremental unless a full reconciliation is due.
import { toLocalDate } from '../../shared/dates';
import type { Trigger } from '../../shared/domain';
import { runSync, scheduledWindow, type RunHooks, type RunResult, type SyncEnvironment } from './run-sync';

export interface ScheduledOptions extends RunHooks {
  full?: boolean;
  allowMassChange?: boolean;
}

/**
 * Both runs, one after the other; the time sync runs even when the contract sync failed (it then works
 * from the contracts synced before). Setup problems (credentials) and a busy lock throw before any run.
 */
export async function runScheduledSequence(env: SyncEnvironment, trigger: Trigger, opts: ScheduledOptions = {}): Promise<RunResult[]> {
  const now = env.now ?? (() => new Date());
  const hooks: RunHooks = { onProgress: opts.onProgress, howToAllow: opts.howToAllow, signal: opts.signal };
  const contract = await runSync(env, { type: 'contract', endExpired: false, allowMassChange: opts.allowMassChange }, trigger, hooks);
  // A cancel stops the sequence: the time sync does not start after a cancelled contract sync.
  if (opts.signal?.aborted) return [contract];
  const window = scheduledWindow(toLocalDate(now()), env.settings());
  const time = await runSync(env, { type: 'time_entry', ...window, mode: opts.full ? 'full' : 'auto', allowMassChange: opts.allowMassChange }, trigger, hooks);
  return [contract, time];
}
