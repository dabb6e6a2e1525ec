// Everything the suite produces that could leak a secret — databases, backups, CSVs, the output of every
// process it starts — is kept under test-artifacts/reliability/evidence/ (cleared at the start of each
// run) so that the secrets scan, which runs last, can read all of it.
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS_DIR } from './figures';

export const EVIDENCE_DIR = path.join(ARTIFACTS_DIR, 'reliability', 'evidence');

/** A fresh folder for one test area's files, e.g. evidence/crashes. */
export function evidenceDir(area: string): string {
  const dir = path.join(EVIDENCE_DIR, area);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Appends process output (or any text the product printed) to the area's output log. */
export function keepOutput(area: string, label: string, text: string): void {
  const dir = path.join(EVIDENCE_DIR, area);
  fs.mkdirSync(dir, { recursive: true });
  fs.appendFileSync(path.join(dir, 'process-output.log'), `----- ${label}\n${text}\n`);
}
