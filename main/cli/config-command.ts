import type { Command } from 'commander';
import { terminalSafe } from '../../shared/display-text';
import { SETTING_KEYS, type SettingKey } from '../../shared/settings';
import type { Handlers } from '../api/handlers';
import { SECRET_CLEARED_MESSAGE } from '../config/lookup-url-change';
import { UsageError, type CliContext } from './cli-context';
import { ApiError } from '../api/api-error';
import { toLocalDate } from '../../shared/dates';

/** docs/product-rules.md#command-line keys; the rest are app settings also reachable here for scripting. */
export const SPEC_CONFIG_KEYS = ['skuPrefix', 'hourlyRate', 'timeWindowDays', 'scheduleTime', 'departmentId', 'username', 'integrationCode', 'zoneLookupUrl'] as const;

function assertKey(key: string): SettingKey {
  if (!(SETTING_KEYS as string[]).includes(key)) {
    throw new UsageError(`Unknown setting "${key}". Known settings: ${SETTING_KEYS.join(', ')}.`);
  }
  return key as SettingKey;
}

export function registerConfigCommands(program: Command, ctx: CliContext): void {
  const config = program.command('config').description('read and change settings');

  config
    .command('set')
    .description(`set one setting (${SPEC_CONFIG_KEYS.join(', ')}, …)`)
    .argument('<key>', 'setting name')
    .argument('<value>', 'new value')
    .option('--from <date>', 'hourlyRate only: the first day the rate applies (YYYY-MM-DD, default today)')
    .action(async (key: string, value: string, options: { from?: string }) => {
      const k = assertKey(key);
      if (options.from !== undefined && k !== 'hourlyRate') throw new UsageError(`--from applies only to hourlyRate (a rate with an effective date), not to ${k}.`);
      if (k === 'hourlyRate') {
        await setHourlyRate(ctx, value, options.from);
        return;
      }
      await setSetting(ctx, k, value);
    });

  config
    .command('get')
    .description('print one setting, or all of them')
    .argument('[key]', 'setting name')
    .option('--json', 'print JSON')
    .action((key: string | undefined, options: { json?: boolean }) => {
      const all = ctx.settings(); // the core's settings store
      if (key !== undefined) {
        const k = assertKey(key);
        if (options.json) ctx.printJson({ [k]: all[k] });
        else ctx.stdout.write(`${terminalSafe(String(all[k]))}\n`);
        return;
      }
      if (options.json) ctx.printJson(all);
      else for (const k of SETTING_KEYS) ctx.stdout.write(`${k}=${terminalSafe(String(all[k]))}\n`);
    });
}

/** `config set hourlyRate`: the UI's `rates:set` handler (same validation, same history), its refusal as usage. */
async function setHourlyRate(ctx: CliContext, value: string, fromOption: string | undefined): Promise<void> {
  const from = fromOption ?? toLocalDate(new Date());
  try {
    const rows = await ctx.core().handlers['rates:set']({ rate: value, from });
    const latest = rows[rows.length - 1]!;
    ctx.info(
      `hourlyRate from ${from} = ${JSON.stringify(value.trim())}; the latest rate is now ${latest.rate} (from ${latest.effectiveFrom}). Unbilled items dated on or after ${from} are re-priced by the next time sync; billed items never are.`,
    );
  } catch (error) {
    if (error instanceof ApiError && error.code === 'invalid-argument' && error.fieldErrors) {
      const field = error.fieldErrors.from !== undefined ? 'from' : 'rate';
      throw new UsageError(`Invalid value for hourlyRate${field === 'from' ? ' --from' : ''}: ${error.fieldErrors[field]}.`);
    }
    throw error;
  }
}

/** `config set <key>`: the UI's `settings:update` handler (same validation, same lookup-URL guard), its refusal as usage. */
async function setSetting(ctx: CliContext, k: SettingKey, value: string): Promise<void> {
  const before = ctx.settings();
  // The handler drops the saved secret when the lookup URL changes; say so, as the UI does.
  const hadSecret = k === 'zoneLookupUrl' && before.username !== '' && (await (await ctx.secrets()).get(before.username)) !== null;
  try {
    const next = await ctx.core().handlers['settings:update']({ [k]: value } as Parameters<Handlers['settings:update']>[0]);
    ctx.info(`${k} = ${JSON.stringify(next[k])}`);
    if (hadSecret && next.zoneLookupUrl !== before.zoneLookupUrl) ctx.info(SECRET_CLEARED_MESSAGE);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'invalid-argument') throw new UsageError(`Invalid value for ${k}: ${error.fieldErrors?.[k] ?? error.message}.`);
    throw error;
  }
}
