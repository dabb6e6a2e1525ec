// Regression tests for two defects the reliability suite found in the sync engine's payload parsing:
// D-SYNC-1  an absurd but well-typed amount (unitPrice 1e15, hoursToBill 1e15) passed the schema and then
//           threw out of planning, failing the whole run instead of one record-level error naming the field;
// D-SYNC-2  a record error quoted the received value in full, so one 1 MB field made a 1 MB log message.
import { describe, expect, it } from 'vitest';
import { contractServiceSchema, parseRecord, timeEntrySchema } from '../../../main/sync/autotask-payloads';
import { planTimeEntryPage } from '../../../main/sync/time-entry-plan';
import type { LocalService } from '../../../main/sync/local-services';
import { makeTestDatabase } from '../../helpers/test-database';

const LINE = {
  id: 1,
  customerName: 'Acme',
  customerAutotaskId: 0,
  autotaskContractId: 100,
  autotaskContractServiceId: 500,
  autotaskServiceId: 7,
  contractName: 'PRACBILL A',
  serviceName: 'S',
  unitPrice: '1.00',
  invoiceDescription: null,
  serviceNum: null,
  startDate: null,
  endDate: null,
  ended: false,
  endedReason: null,
} as LocalService;

describe('D-SYNC-1: absurd amounts are one record-level error', () => {
  it('a contract line priced at 1e15 is a record-level error naming unitPrice', () => {
    const parsed = parseRecord(contractServiceSchema, 'ContractService', {
      id: 1,
      contractID: 2,
      serviceID: 3,
      unitPrice: 1e15,
      invoiceDescription: null,
      internalDescription: null,
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain('unitPrice');
  });

  it('a time entry of 1e15 hours becomes an error action naming hoursToBill, not a throw', () => {
    const db = makeTestDatabase();
    try {
      const raw = {
        id: 9000,
        contractID: 100,
        contractServiceID: 500,
        dateWorked: '2026-03-02',
        hoursWorked: 1,
        hoursToBill: 1e15,
        isNonBillable: false,
        billingApprovalDateTime: '2026-03-03T10:00:00Z',
        lastModifiedDateTime: null,
        summaryNotes: null,
      };
      const plan = planTimeEntryPage(db.database.sqlite, [raw], { from: '2026-01-01', to: '2026-12-31', rate: '150.00', servicesByContract: new Map([[100, [LINE]]]) }, true);
      expect(plan.actions.map((a) => a.kind)).toEqual(['error']);
      expect(plan.actions[0]!.log?.message).toContain('hoursToBill');
    } finally {
      db.cleanup();
    }
  });
});

describe('D-SYNC-2: record errors quote huge values clipped', () => {
  it('keeps the message of a record with a 1 MB field under 5,000 characters', () => {
    const parsed = parseRecord(timeEntrySchema, 'Time entry', { id: 5, dateWorked: 'x'.repeat(1_000_000) });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toContain('dateWorked');
      expect(parsed.message.length).toBeLessThan(5_000);
    }
  });
});
