import { Command, CommanderError } from 'commander';
import type { Writable } from 'node:stream';
import { terminalSafe } from '../../shared/display-text';
import { createCliContext, CommandFailedError, UsageError, type CliContext } from './cli-context';
import { registerConfigCommands } from './config-command';
import { corruptionMessage, registerDbCommands } from './db-command';
import { registerQueryCommands } from './query-commands';
import { registerSyncCommands } from './sync-commands';
import { registerBillingCommands } from './billing-command';
import { registerAttentionCommands } from './attention-command';
import { registerExcludedCommands } from './excluded-command';
import { DatabaseOpenError } from '../db/open-database';
import { CorruptDatabaseError } from '../db/recovery';
import { UnsafeTargetError } from '../export/safe-file';
import type { Env } from '../secrets/credentials';
import { APP_VERSION } from '../app-version';

export type CommandRegistrar = (program: Command, ctx: CliContext) => void;

/** Commands contributed by other modules (sandbox, client, sync engine) register here. */
const registrars: CommandRegistrar[] = [
  registerConfigCommands,
  registerQueryCommands,
  registerAttentionCommands,
  registerExcludedCommands,
  registerSyncCommands,
  registerBillingCommands,
  registerDbCommands,
];

export function addCommands(...more: CommandRegistrar[]): void {
  registrars.push(...more);
}

export interface CliIo {
  env: Env;
  stdout: Writable;
  stderr: Writable;
}

/**
 * Runs the CLI and resolves to its exit code: 0 done, 1 the command failed as a whole, 2 bad usage or
 * settings. Never throws, never prints a stack trace for an expected failure.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const program = new Command();
  let dbOption: string | undefined;
  const ctx = createCliContext({ env: io.env, stdout: io.stdout, stderr: io.stderr, dbOption: () => dbOption });
  program
    .name('autotask-billing-sync')
    .description('Autotask Billing Sync — headless commands (docs/product-rules.md#command-line). JSON goes to stdout, progress to stderr.')
    .version(APP_VERSION, '-V, --version', 'print the version (the same as the desktop app’s About)')
    .option('--db <file>', 'SQLite billing database (default: the app’s user-data database)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .hook('preAction', (thisCommand) => {
      dbOption = thisCommand.opts<{ db?: string }>().db;
    });
  for (const register of registrars) register(program, ctx);
  for (const cmd of allCommands(program)) cmd.exitOverride();

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2; // commander already printed the message
    }
    if (error instanceof UsageError || error instanceof UnsafeTargetError) {
      io.stderr.write(`Error: ${terminalSafe(error.message)}\n`);
      return 2;
    }
    // Refused at open by createCore's integrity check, exactly as the app refuses it (names the backup).
    if (error instanceof CorruptDatabaseError) {
      io.stderr.write(`Error: ${terminalSafe(error.message)}\n`);
      return 1;
    }
    // A damaged database file (at open or mid-command): name the latest intact backup and how to restore it.
    const damaged = corruptionMessage(error, ctx.databaseFile());
    if (error instanceof CommandFailedError) {
      if (error.json !== undefined) ctx.printJson(error.json);
      io.stderr.write(`Error: ${terminalSafe(error.message)}\n`);
      if (damaged && !error.message.includes(damaged)) io.stderr.write(`${terminalSafe(damaged)}\n`);
      return 1;
    }
    if (damaged) {
      io.stderr.write(`Error: ${damaged}\n`);
      return 1;
    }
    if (error instanceof DatabaseOpenError) {
      io.stderr.write(`Error: ${terminalSafe(error.message)}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`Error: ${terminalSafe(message)}\n`);
    return 1;
  } finally {
    ctx.close();
  }
}

function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(allCommands)];
}
