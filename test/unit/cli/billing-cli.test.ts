// docs/product-rules.md#billing-commands through the CLI against a sandbox-synced database: preview JSON shape, close JSON, exit 2
// refusals, export files (BOM, sha256 in the audit) and byte-identical re-export of a closed month.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scenario, startHarness, today, type SyncHarness } from '../sync/support/harness';

let h: SyncHarness;
const thisMonth = today().slice(0, 7);
const prev = (() => {
  const [y, m] = thisMonth.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();

beforeAll(async () => {
  h = await startHarness({ size: 'empty' });
  const s = new Scenario(h.sb);
  const c = s.contract(s.company('Acme Corporation'), 'PRACBILL-Managed-Services');
  s.line(c, s.service('Managed Services'));
  s.entry(c, `${prev}-15`, 5);
  expect((await h.cli(['config', 'set', 'hourlyRate', '150'])).code).toBe(0);
  expect((await h.cli(['sync', 'contracts', '--json'])).code).toBe(0);
  expect((await h.cli(['sync', 'time', '--from', `${prev}-01`, '--to', today(), '--json'])).code).toBe(0);
}, 60_000);
afterAll(async () => {
  await h?.cleanup();
});

describe('billing CLI', () => {
  it('preview --json has the docs/product-rules.md#billing-commands shape: the time line of 5 h × 150.00 = 750.00 and the monthly fee', async () => {
    const r = await h.cli(['billing', 'preview', '--period', prev, '--json']);
    expect(r.code).toBe(0);
    const p = r.json;
    expect(p.period).toEqual({ month: prev, from: `${prev}-01`, to: expect.stringMatching(new RegExp(`^${prev}-(28|29|30|31)$`)) });
    expect(p.state).toBe('open');
    expect(typeof p.currency).toBe('string');
    expect(Array.isArray(p.excluded)).toBe(true);
    expect(p.invoices).toHaveLength(1);
    const inv = p.invoices[0];
    expect(inv).toMatchObject({ customer: 'Acme Corporation', invoiceNumber: null });
    const time = inv.lines.find((l: any) => l.kind === 'time');
    expect(time).toMatchObject({ date: `${prev}-15`, quantity: '5.00', unitPrice: '150.00', amount: '750.00', late: false });
    expect(typeof time.source.timeEntryId).toBe('number');
    expect(inv.lines.some((l: any) => l.kind === 'recurring' && l.amount === '49.95')).toBe(true);
    expect(inv.total).toBe('799.95');
    expect(p.total).toBe('799.95');
    expect(r.err).toBe('');
  });

  it('preview without --json prints a table of the customer, its lines and total', async () => {
    const r = await h.cli(['billing', 'preview', '--period', prev]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Acme Corporation');
    expect(r.out).toContain('750.00');
    expect(r.out).toContain('Total: 799.95');
  });

  it('refusals exit 2: an open month exported without --draft, a month not ended, bad usage', async () => {
    const open = await h.cli(['billing', 'export', '--period', prev, '--format', 'csv', '--out', path.join(h.dir, 'x.csv')]);
    expect(open.code).toBe(2);
    expect(open.err).toContain('not closed');
    expect(fs.existsSync(path.join(h.dir, 'x.csv'))).toBe(false);
    const notEnded = await h.cli(['billing', 'close', '--period', thisMonth]);
    expect(notEnded.code).toBe(2);
    expect(notEnded.err).toContain('has not ended yet');
    expect((await h.cli(['billing', 'preview', '--period', '2026-13'])).code).toBe(2);
    expect((await h.cli(['billing', 'hold', '--item', '1', '--customer', '1'])).code).toBe(2);
    expect((await h.cli(['billing', 'export', '--period', prev, '--format', 'pdf', '--out', 'x'])).code).toBe(2);
  });

  it('close --json locks the month with numbers; a second close exits 2; export writes a BOM file, audited with its sha256, byte-identical again', async () => {
    const c = await h.cli(['billing', 'close', '--period', prev, '--json']);
    expect(c.code).toBe(0);
    expect(c.json).toEqual({ runId: expect.any(Number), period: prev, invoices: [{ invoiceNumber: 'ATS-0001', customer: 'Acme Corporation', total: '799.95' }], total: '799.95' });
    const again = await h.cli(['billing', 'close', '--period', prev, '--json']);
    expect(again.code).toBe(2);
    expect(again.err).toContain('already closed');
    expect(again.out).toBe('');

    const missing = await h.cli(['billing', 'export', '--period', prev, '--format', 'xero', '--out', path.join(h.dir, 'x.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('incomeAccount');
    expect(fs.existsSync(path.join(h.dir, 'x.csv'))).toBe(false);

    const out1 = path.join(h.dir, 'one.csv');
    const out2 = path.join(h.dir, 'two.csv');
    const e1 = await h.cli(['billing', 'export', '--period', prev, '--format', 'csv', '--out', out1, '--json']);
    expect(e1.code).toBe(0);
    const bytes = fs.readFileSync(out1);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(bytes.toString('utf8')).toContain('ATS-0001');
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(e1.json.files).toEqual([{ fileName: 'one.csv', path: out1, sha256: sha, invoices: 1, rows: expect.any(Number) }]);
    expect((await h.cli(['billing', 'export', '--period', prev, '--format', 'csv', '--out', out2])).code).toBe(0);
    expect(Buffer.compare(fs.readFileSync(out2), bytes)).toBe(0);

    const runs = await h.cli(['billing', 'runs', '--json']);
    expect(runs.code).toBe(0);
    expect(runs.json).toHaveLength(1);
    expect(runs.json[0]).toMatchObject({ period: prev, reopenedAt: null, invoices: 1, total: '799.95' });
    expect(runs.json[0].exports.map((x: any) => [x.format, x.file, x.sha256])).toEqual([
      ['csv', 'one.csv', sha],
      ['csv', 'two.csv', sha],
    ]);
    expect(h.rows('SELECT action FROM billing_audit ORDER BY id').map((r) => r.action)).toEqual(['close', 'export', 'export']);
  });
});
