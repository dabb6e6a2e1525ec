// Golden files: the exact bytes of every format for the golden month (doc.ts). Set UPDATE_GOLDEN=1 to
// rewrite them after an intended change, then review the diff.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportFileName, exportWriters } from '../../../../main/billing/writers';
import { BILLING_EXPORT_FORMATS } from '../../../../shared/settings';
import { goldenDoc } from './doc';

const dir = path.resolve(__dirname, '../../../fixtures/billing-golden');

describe('golden files', () => {
  for (const format of BILLING_EXPORT_FORMATS) {
    it(`${format} matches its golden file byte for byte`, () => {
      const out = exportWriters[format](goldenDoc());
      expect(out.files).toHaveLength(1);
      const file = out.files[0]!;
      const name = exportFileName('2026-11', format, file.suffix, file.extension);
      const golden = path.join(dir, name);
      if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(golden, file.bytes);
      expect(file.bytes.equals(fs.readFileSync(golden))).toBe(true);
      // Pure: the same document gives the same bytes.
      expect(exportWriters[format](goldenDoc()).files[0]!.bytes.equals(file.bytes)).toBe(true);
    });
  }
});
