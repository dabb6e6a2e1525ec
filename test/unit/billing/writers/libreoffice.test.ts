// A real spreadsheet round trip (issue #19): LibreOffice headless reads the billing csv, the Xero file and the sync-log CSV export
// (UTF-8 with BOM), saves them as xlsx, and the xlsx is converted again to flat ODS XML, which we read
// back. No cell of the csv working file may have become a formula (even cells crafted to start with = + - @,
// tab, CR or NUL), non-ASCII names survive, and amounts are numbers. Skipped where soffice is absent;
// scripts/setup.mjs installs libreoffice-calc-nogui so CI has it.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { exportWriters } from '../../../../main/billing/writers';
import { writeLogsCsv } from '../../../../main/export/log-csv';
import { makeTestDatabase } from '../../../helpers/test-database';
import { doc, goldenDoc, invoice, line } from './doc';
import { recountLogCounts } from '../../../../main/db/queries/log-writes';

const soffice = ['soffice', 'libreoffice'].find((b) => spawnSync('which', [b]).status === 0);
const hasSoffice = soffice !== undefined;

function roundTrip(files: Record<string, Buffer>): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-writers-'));
  try {
    const profile = `file://${path.join(dir, 'profile')}`;
    const names = Object.keys(files);
    for (const n of names) fs.writeFileSync(path.join(dir, `${n}.csv`), files[n]!);
    const run = (args: string[]) => execFileSync(soffice!, [`-env:UserInstallation=${profile}`, '--headless', ...args], { cwd: dir, timeout: 90_000, stdio: 'pipe' });
    // 44 = comma, 34 = double quote, 76 = UTF-8, 1 = start at row 1.
    run(['--infilter=CSV:44,34,76,1', '--convert-to', 'xlsx', '--outdir', dir, ...names.map((n) => `${n}.csv`)]);
    run(['--convert-to', 'fods', '--outdir', path.join(dir, 'back'), ...names.map((n) => `${n}.xlsx`)]);
    return Object.fromEntries(names.map((n) => [n, fs.readFileSync(path.join(dir, 'back', `${n}.fods`), 'utf8')]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const crafted = ['=1+1', '+2+3', '-4+5', '@SUM(1,2)', '\t=6+7', '\r=8+9', '\u0000=10+11'];

describe.runIf(hasSoffice)('LibreOffice round trip (csv → xlsx → back)', () => {
  it('keeps names and amounts, and evaluates no cell as a formula', () => {
    const hostile = doc([
      invoice(
        9,
        'Café Müller & Söhne',
        crafted.map((d, i) => line({ description: d, quantity: '1', unitPriceCents: 100 + i, amountCents: 100 + i })),
      ),
      ...goldenDoc().invoices,
    ]);
    const clean = goldenDoc();
    clean.invoices = clean.invoices.filter((i) => !/^[=+\-@]/.test(i.accountingName));
    const back = roundTrip({
      csv: exportWriters.csv(hostile).files[0]!.bytes,
      xero: exportWriters.xero(clean).files[0]!.bytes,
    });
    for (const [name, xml] of Object.entries(back)) {
      expect(xml, name).not.toContain('table:formula');
      expect(xml, name).toContain('Café Müller &amp; Söhne');
      expect(xml, name).toMatch(/office:value-type="float" (?:calcext:value-type="float" )?office:value="45"|office:value="45"/);
    }
    expect(back.csv).toContain('@Home Networks');
    expect(back.csv).toMatch(/office:value="-75"/);
    expect(back.csv).toContain('=cmd|calc');
    expect(back.xero).toMatch(/office:value="37.99"/);
    expect(back.xero).toMatch(/office:value="1.25"/);
  }, 120_000);

  it('opens the sync-log CSV export the same way: crafted Autotask texts stay text, names intact', async () => {
    const db = makeTestDatabase();
    try {
      const insert = db.database.sqlite.prepare(
        `INSERT INTO sync_logs (run_id, sync_type, operation, status, message, duration_ms, details, created_at)
         VALUES (NULL, 'contract', 'error', 'error', ?, 3, NULL, ?)`,
      );
      crafted.forEach((m, i) => insert.run(m, `2026-11-0${i + 1}T10:00:00.000Z`));
      insert.run('Customer "Café Müller & Söhne" created', '2026-11-09T10:00:00.000Z');
      recountLogCounts(db.database.sqlite);
      const out = new PassThrough();
      const chunks: Buffer[] = [];
      out.on('data', (c: Buffer) => chunks.push(c));
      await writeLogsCsv(db.database.sqlite, {}, out);
      const back = roundTrip({ logs: Buffer.concat(chunks) }).logs!;
      expect(back).not.toContain('table:formula');
      expect(back).toContain('Café Müller &amp; Söhne');
      // Each crafted text is still there as text (after the leading apostrophe that disarms it).
      for (const c of ['=1+1', '+2+3', '-4+5', '@SUM(1,2)']) expect(back).toContain(c);
      // The duration column is still a number.
      expect(back).toMatch(/office:value="3"/);
    } finally {
      db.cleanup();
    }
  }, 120_000);
});
