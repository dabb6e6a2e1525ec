import fs from 'node:fs';
import path from 'node:path';
import { parseWindowState, type WindowState } from './window-state-model';

// No 'electron' import: a small JSON file in userData, written atomically (temp file + rename) so a crash
// mid-write leaves the previous state, never a half file.

export function readWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
}

export function writeWindowState(file: string, state: WindowState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state)}\n`);
  fs.renameSync(tmp, file);
}
