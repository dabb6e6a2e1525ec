import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The committed drizzle-kit migrations when running from source (tsx, vitest). The packaged Electron app
 * passes `process.resourcesPath/drizzle` instead (shipped as an extra resource).
 */
export function sourceMigrationsFolder(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidate = path.resolve(here, '..', '..', 'drizzle');
  if (fs.existsSync(path.join(candidate, 'meta', '_journal.json'))) return candidate;
  return path.resolve(process.cwd(), 'drizzle');
}
