import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBoundaries, checkFile } from '../../../scripts/boundaries';

const root = path.resolve(__dirname, '..', '..', '..');
const sources: Record<string, string> = {
  'main/electron/pure-model': "import path from 'node:path';\nexport const x = path.sep;\n",
  'main/electron/uses-electron': "import { app } from 'electron';\nexport const a = app;\n",
  'main/electron/reexports': "export * from './uses-electron';\n",
};
const read = (rel: string) => sources[rel] ?? null;

describe('tests and main/electron', () => {
  it('lets tests import the pure modules of main/electron/, never one that reaches electron', () => {
    expect(checkFile('test/unit/electron/a.test.ts', "import { x } from '../../../main/electron/pure-model';", read)).toEqual([]);
    expect(checkFile('test/unit/electron/a.test.ts', "import { a } from '../../../main/electron/uses-electron';", read).map((v) => v.rule)).toEqual([
      "tests may import only the modules of main/electron/ that do not import 'electron'",
    ]);
    expect(checkFile('test/unit/electron/a.test.ts', "import { a } from '../../../main/electron/reexports';", read)).toHaveLength(1);
    // The core still may not import main/electron/ at all.
    expect(checkFile('main/sync/x.ts', "import { x } from '../electron/pure-model';", read)).toHaveLength(1);
  });

  it('the project as it is passes', () => {
    expect(checkBoundaries(root)).toEqual([]);
  });
});
