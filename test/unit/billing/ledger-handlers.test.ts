// The billing channels through the real handler table (test core = the same wiring as create-core):
// refusals as 'invalid-argument', export saved by the transport's sink and audited with its sha256; the
// browser bridge's download tickets hand out exactly the audited bytes once.
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/api/dispatch';
import type { ApiResult, BillingExportResult } from '../../../shared/api-contract';
import { createBillingDownloads } from '../../../main/bridge/billing-downloads';
import { makeTestCore, type TestCore } from '../../helpers/test-core';
import { insertCustomer, insertService } from '../../helpers/row-factories';

let core: TestCore;
afterEach(() => core.cleanup());

function seed(c: TestCore) {
  const s = c.deps.database.sqlite;
  insertCustomer(s, { id: 1, autotask_company_id: 101, name: 'Café Müller & Söhne' });
  insertService(s, {
    id: 10,
    customer_id: 1,
    autotask_contract_id: 900,
    autotask_contract_service_id: 9001,
    contract_name: 'PRACBILL-Cafe',
    unit_price_cents: 10000,
    start_date: '2026-01-01',
  });
}

describe('billing handlers', () => {
  it('close twice: the second answer is invalid-argument with the reason; export is saved and audited', async () => {
    core = makeTestCore({ now: () => new Date('2026-12-02T10:00:00Z') });
    seed(core);
    const ok = await dispatch(core.handlers, 'billing:close', { period: '2026-11' });
    expect(ok).toMatchObject({ ok: true, value: { period: '2026-11', total: '100.00' } });
    const again = await dispatch(core.handlers, 'billing:close', { period: '2026-11' });
    expect(again).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringContaining('already closed') } });
    const exp = (await dispatch(core.handlers, 'billing:export', { period: '2026-11', format: 'csv' })) as ApiResult<BillingExportResult>;
    if (!exp.ok || exp.value.status !== 'saved') throw new Error(JSON.stringify(exp));
    const f = exp.value.files[0]!;
    const bytes = fs.readFileSync(f.path!);
    expect(bytes.toString('utf8')).toContain('Café Müller & Söhne');
    expect(f.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    const audit = core.deps.database.sqlite.prepare("SELECT format, file, sha256 FROM billing_audit WHERE action = 'export'").all();
    expect(audit).toEqual([{ format: 'csv', file: f.fileName, sha256: f.sha256 }]);
  });

  it('browser downloads: one single-use ticket per file with the exported bytes', async () => {
    const downloads = createBillingDownloads();
    core = makeTestCore({ now: () => new Date('2026-12-02T10:00:00Z'), saveBillingFiles: downloads.saveFiles, billing: undefined });
    seed(core);
    const exp = (await dispatch(core.handlers, 'billing:export', { period: '2026-11', format: 'csv', draft: true })) as ApiResult<BillingExportResult>;
    if (!exp.ok || exp.value.status !== 'download') throw new Error(JSON.stringify(exp));
    const url = exp.value.files[0]!.url!;
    const got = downloads.take(url.split('/').pop()!);
    expect(got).not.toBeNull();
    expect(createHash('sha256').update(got!.bytes).digest('hex')).toBe(exp.value.files[0]!.sha256);
    expect(got!.bytes.toString('utf8')).toContain('DRAFT-0001');
    expect(downloads.take(url.split('/').pop()!)).toBeNull();
  });
});
