import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBoundaries, checkFile, sqlViolations } from '../../../scripts/boundaries';
import { LAYER_ORDER, layerOf } from '../../../scripts/layers';
import { makeTempDir } from '../../helpers/temp-dir';

const root = path.resolve(__dirname, '..', '..', '..');
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A copy of the source folders (not node_modules) where violations can be planted safely. */
function copyOfProject(): string {
  const t = makeTempDir('abs-boundaries-');
  cleanups.push(t.cleanup);
  for (const dir of ['main', 'shared', 'preload', 'renderer', 'scripts']) {
    if (fs.existsSync(path.join(root, dir))) fs.cpSync(path.join(root, dir), path.join(t.dir, dir), { recursive: true });
  }
  return t.dir;
}

describe('import boundary check (npm run lint)', () => {
  it('passes on the project as it is', () => {
    expect(checkBoundaries(root)).toEqual([]);
  });

  it("catches 'electron' imported from the core, in a temporary copy", () => {
    const copy = copyOfProject();
    fs.writeFileSync(path.join(copy, 'main', 'db', 'planted.ts'), "import { app } from 'electron';\nexport const p = app;\n");
    const violations = checkBoundaries(copy);
    expect(violations).toEqual([
      { file: 'main/db/planted.ts', line: 1, specifier: 'electron', rule: "only main/electron/** and preload/** may import 'electron'" },
    ]);
    // And the lint command itself exits non-zero on that copy.
    const run = spawnSync(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'scripts', 'check-boundaries.ts'), copy], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("main/db/planted.ts:1: import 'electron'");
  });

  it('catches the renderer importing main/, including dynamic imports and requires', () => {
    expect(checkFile('renderer/src/Bad.tsx', "const x = await import('../../main/db/schema');").map((v) => v.rule)).toEqual([
      'renderer/ must not import main/ (use window.api)',
    ]);
    expect(checkFile('renderer/src/Bad.tsx', "const fs = require('node:fs');").map((v) => v.rule)).toEqual(['renderer/ must not import Node built-ins']);
  });

  it('catches shared/ reaching into Node or the core, and the core importing the Electron shell', () => {
    expect(checkFile('shared/x.ts', "import fs from 'node:fs';")).toHaveLength(1);
    expect(checkFile('shared/x.ts', "import { a } from '../main/api/handlers';")).toHaveLength(1);
    expect(checkFile('main/sync/x.ts', "import { w } from '../electron/main';")).toHaveLength(1);
    expect(checkFile('main/electron/tray.ts', "import { Tray } from 'electron';")).toEqual([]);
    expect(checkFile('preload/index.ts', "import { ipcRenderer } from 'electron';")).toEqual([]);
  });

  it('refuses an import that runs up the layer order, in a temporary copy (and the lint exits 1)', () => {
    const copy = copyOfProject();
    fs.writeFileSync(path.join(copy, 'main', 'db', 'planted.ts'), "import { runSync } from '../sync/run-sync';\nexport const p = runSync;\n");
    expect(checkBoundaries(copy)).toEqual([
      { file: 'main/db/planted.ts', line: 1, specifier: '../sync/run-sync', rule: `main/db may not import main/sync (layer order: ${LAYER_ORDER})` },
    ]);
    const run = spawnSync(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'scripts', 'check-boundaries.ts'), copy], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("main/db/planted.ts:1: import '../sync/run-sync' — main/db may not import main/sync");
  });

  it('refuses an import cycle, even inside one folder, in a temporary copy', () => {
    const copy = copyOfProject();
    fs.writeFileSync(path.join(copy, 'main', 'sync', 'planted-a.ts'), "import { b } from './planted-b';\nexport const a = () => b;\n");
    fs.writeFileSync(path.join(copy, 'main', 'sync', 'planted-b.ts'), "import type { a } from './planted-a';\nexport const b = 1 as unknown as typeof a;\n");
    expect(checkBoundaries(copy)).toEqual([
      { file: 'main/sync/planted-a.ts', line: 1, specifier: './planted-b', rule: 'import cycle: main/sync/planted-a.ts → main/sync/planted-b.ts → main/sync/planted-a.ts' },
    ]);
  });

  it('knows the layer order: same tier and upward imports refused, downward and same-folder allowed', () => {
    const rules = (rel: string, spec: string) => checkFile(rel, `import { x } from '${spec}';`).map((v) => v.rule);
    expect(rules('main/sync/x.ts', '../cli/cli-context')).toHaveLength(1); // the old sync ↔ cli cycle
    expect(rules('main/autotask/x.ts', '../config/settings-store')).toHaveLength(1); // same tier
    expect(rules('main/db/x.ts', '../autotask/types')).toHaveLength(1); // the zone cache's old direction
    expect(rules('main/billing/x.ts', '../api/api-error')).toHaveLength(1);
    expect(rules('main/electron/x.ts', '../cli/program')).toEqual([`main/electron may not import main/cli (layer order: ${LAYER_ORDER})`]); // nothing imports cli/
    expect(rules('main/cli.ts', './cli/program')).toEqual([]);
    expect(rules('main/api/x.ts', '../sync/run-sync')).toEqual([]);
    expect(rules('main/sync/x.ts', './run-sync')).toEqual([]);
    expect(rules('main/newfolder/x.ts', '../db/schema')).toEqual(['main/newfolder has no place in the layer order (add it to LAYERS in scripts/layers.ts)']);
    expect(layerOf('main/cli.ts')).toBe('cli');
  });

  it('refuses SQL outside main/db, in a temporary copy (RegExp.exec is not SQL)', () => {
    const copy = copyOfProject();
    fs.writeFileSync(path.join(copy, 'main', 'sync', 'planted.ts'), "export const n = (db: any) => db.prepare('SELECT 1').get();\n");
    expect(checkBoundaries(copy)).toEqual([
      { file: 'main/sync/planted.ts', line: 1, specifier: '.prepare(', rule: 'SQL lives in main/db: move the statement into a main/db/queries module' },
    ]);
    expect(sqlViolations('main/config/x.ts', "sqlite.exec('DELETE FROM t')")).toHaveLength(1);
    expect(sqlViolations('main/config/x.ts', 'const m = RE.exec(text);')).toEqual([]);
    expect(sqlViolations('main/db/queries/x.ts', "sqlite.prepare('SELECT 1')")).toEqual([]);
  });
});
