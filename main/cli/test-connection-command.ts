// `test-connection [--json]` (SPEC §3): zone, sign-in, and read access to Contracts, TimeEntries and
// Companies, each with a message a bookkeeper can act on. Exit 0 ok, 1 failed, 2 bad usage/settings.
import type { Command } from 'commander';
import { CommandFailedError, UsageError, type CliContext } from './cli-context';
import { MissingCredentialsError } from '../secrets/credentials';
import type { TestConnectionResult } from '../autotask/types';

function printHuman(ctx: CliContext, result: TestConnectionResult): void {
  for (const c of result.checks) ctx.info(`${c.ok ? '✓' : '✗'} ${c.name}: ${c.message}`);
  ctx.info(result.ok ? result.message : `Connection test failed: ${result.message}`);
}

export function registerTestConnectionCommand(program: Command, ctx: CliContext): void {
  program
    .command('test-connection')
    .description('check the Autotask zone, the API credentials and read access to Contracts, TimeEntries and Companies')
    .option('--json', 'print the result as one JSON document')
    .action(async (options: { json?: boolean }) => {
      let credentials;
      try {
        credentials = await ctx.credentials();
      } catch (error) {
        if (error instanceof MissingCredentialsError) {
          const result: TestConnectionResult = { ok: false, zone: null, checks: [{ name: 'credentials', ok: false, message: error.message }], message: error.message };
          if (options.json) ctx.printJson(result);
          throw new UsageError(error.message);
        }
        throw error;
      }
      const lookup = ctx.zoneLookupUrl();
      try {
        new URL(lookup);
      } catch {
        throw new UsageError(`The zone lookup address "${lookup}" is not a valid URL (setting zoneLookupUrl or AUTOTASK_ZONE_LOOKUP_URL).`);
      }
      // The same service as the app's Test connection button (one wiring, one write-only zone cache).
      const testConnection = ctx.core().deps.testConnection;
      if (!testConnection) throw new CommandFailedError('Connection testing is not available.');
      const result = await testConnection(credentials, lookup);
      printHuman(ctx, result);
      if (!result.ok) throw new CommandFailedError(result.message, options.json ? result : undefined);
      if (options.json) ctx.printJson(result);
    });
}
