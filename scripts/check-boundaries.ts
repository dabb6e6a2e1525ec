// `npm run lint`: fails when an import crosses the architecture's boundaries (see scripts/boundaries.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBoundaries } from './boundaries';

const root = process.argv[2] ? path.resolve(process.argv[2]) : path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const violations = checkBoundaries(root);
if (violations.length > 0) {
  for (const v of violations) process.stderr.write(`${v.file}:${v.line}: import '${v.specifier}' — ${v.rule}\n`);
  process.stderr.write(`${violations.length} boundary violation(s).\n`);
  process.exit(1);
}
process.stdout.write('Import boundaries OK.\n');
