// Clears last run's figures before the suite and prints the merged table after it (see figures.ts).
import fs from 'node:fs';
import path from 'node:path';
import { formatTable, PARTS_DIR, readFigures, REPORT_FILE } from './figures';

export default function setup(): () => void {
  fs.rmSync(PARTS_DIR, { recursive: true, force: true });
  // Last run's evidence (databases, backups, CSVs, process output): the secrets scan must see this run's only.
  fs.rmSync(path.join(PARTS_DIR, '..', 'evidence'), { recursive: true, force: true });
  fs.mkdirSync(PARTS_DIR, { recursive: true });
  return () => {
    const figures = readFigures();
    fs.writeFileSync(REPORT_FILE, `${JSON.stringify({ generatedAt: new Date().toISOString(), figures }, null, 2)}\n`);
    process.stdout.write(`\nReliability figures (${REPORT_FILE}):\n${formatTable(figures)}\n\n`);
  };
}
