// `db check | backups | restore` — the way back from a damaged database (issue 10): check says whether
// the file is intact and names the newest intact backup; restore puts a backup in place and keeps the
// previous file beside it. None of these open the database through the normal path (which would try
// to migrate a damaged file).
import type { Command } from 'commander';
import { checkDatabaseFile, describeCorruption, isCorruptionError, latestBackup, RecoveryError, restoreBackup } from '../db/recovery';
import { listBackups } from '../db/backup';
import { backupDirFor } from '../paths';
import { CommandFailedError, UsageError, type CliContext } from './cli-context';

export function registerDbCommands(program: Command, ctx: CliContext): void {
  const db = program.command('db').description('check the billing database, list its backups, restore one');

  db.command('check')
    .description('check that the database file is intact; names the latest intact backup if it is not')
    .option('--json', 'print the result as one JSON document')
    .action((o: { json?: boolean }) => {
      const check = checkDatabaseFile(ctx.databaseFile());
      if (check.status === 'corrupt') throw new CommandFailedError(describeCorruption(check), o.json ? check : undefined);
      if (check.status === 'missing') throw new CommandFailedError(`There is no database at ${check.file} yet.`, o.json ? check : undefined);
      if (o.json) ctx.printJson(check);
      else ctx.info(`The billing database ${check.file} is intact.`);
    });

  db.command('backups')
    .description('list the backups next to the database, newest first')
    .option('--json', 'print the list as one JSON document')
    .action((o: { json?: boolean }) => {
      const backups = listBackups(backupDirFor(ctx.databaseFile()));
      if (o.json) ctx.printJson(backups);
      else for (const b of backups) ctx.stdout.write(`${b.createdAt}  ${String(b.bytes).padStart(12)}  ${b.file}\n`);
    });

  db.command('restore')
    .description('replace the database with a backup; the current file is kept beside it (.corrupt-/.replaced-<time>)')
    .option('--from <file>', 'the backup file to restore')
    .option('--latest', 'restore the newest intact backup')
    .option('--json', 'print the result as one JSON document')
    .action((o: { from?: string; latest?: boolean; json?: boolean }) => {
      const file = ctx.databaseFile();
      if (!o.from === !o.latest) throw new UsageError('Say which backup to restore: --from <file> or --latest.');
      const from = o.from ?? latestBackup(file)?.file;
      if (!from) throw new CommandFailedError(`No intact backup was found in ${backupDirFor(file)}.`);
      ctx.close(); // never restore under an open connection
      let result;
      try {
        result = restoreBackup(from, file);
      } catch (error) {
        if (error instanceof RecoveryError) throw new CommandFailedError(error.message);
        throw error;
      }
      if (o.json) ctx.printJson(result);
      ctx.info(`Restored ${result.file} from ${result.restoredFrom}.${result.movedAside.length ? ` The previous file is kept as ${result.movedAside[0]}.` : ''}`);
    });
}

/**
 * For the CLI's error handler: when a command failed because the database file is damaged, the message
 * that names the latest intact backup and the restore command; otherwise null.
 */
export function corruptionMessage(error: unknown, databaseFile: string): string | null {
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (!isCorruptionError(error) && !isCorruptionError(cause)) return null;
  try {
    const check = checkDatabaseFile(databaseFile);
    return check.status === 'corrupt' ? describeCorruption(check) : null;
  } catch {
    return null;
  }
}
