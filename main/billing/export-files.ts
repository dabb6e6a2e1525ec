// Where a billing export's files go once the user chose one target name (CLI --out, the save dialog):
// a split export numbers its files with the writer's suffix before the extension
// ("november.csv" → "november-1.csv", "november-2.csv"). Writing goes through main/export/safe-file.ts.
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { checkTarget, databaseFiles, writeFileSafely } from '../export/safe-file';

export interface FileToSave {
  fileName: string;
  suffix: string;
  extension: string;
  bytes: Buffer;
}

/** The target for one file of the export, from the name the user chose. */
export function targetPath(chosen: string, file: { suffix: string; extension: string }, count: number): string {
  const ext = path.extname(chosen);
  if (count <= 1 && !file.suffix) return ext ? chosen : `${chosen}.${file.extension}`;
  const base = ext ? chosen.slice(0, -ext.length) : chosen;
  return `${base}${file.suffix}${ext || `.${file.extension}`}`;
}

/**
 * Writes every file of an export next to `chosen` (numbered when split), each atomically and 0600, never over
 * the app's database or its side files (UnsafeTargetError before anything is written). All targets are
 * checked before the first byte is written, so a refusal leaves no partial export behind.
 */
export async function saveExportFiles(chosen: string, files: FileToSave[], databaseFile: string | null): Promise<Array<{ fileName: string; path: string }>> {
  const protect = databaseFile ? databaseFiles(databaseFile) : {};
  const targets = files.map((f) => checkTarget(targetPath(chosen, f, files.length), protect));
  const saved: Array<{ fileName: string; path: string }> = [];
  for (const [i, f] of files.entries()) {
    const { path: written } = await writeFileSafely(
      targets[i]!,
      async (out) => {
        out.end(f.bytes);
        await finished(out);
      },
      protect,
    );
    saved.push({ fileName: path.basename(written), path: written });
  }
  return saved;
}

/** The name to suggest for a whole export: the first file's name without its split suffix. */
export function suggestedName(files: FileToSave[]): string {
  const f = files[0];
  if (!f) return 'export.csv';
  const tail = `${f.suffix}.${f.extension}`;
  return f.suffix && f.fileName.endsWith(tail) ? `${f.fileName.slice(0, -tail.length)}.${f.extension}` : f.fileName;
}
