// KNOWN DEFECTS (sync engine, main/sync/ — another helper's folder, being changed while this suite was
// written): these regression tests FAIL until the engine is fixed. They live in the reliability suite so
// that `npm test` stays green; see the reliability report for the full description.
//
// D-SYNC-1  An absurd but well-typed amount (ContractServices.unitPrice ≥ ~9.0e13, or time-entry hours
//           above ~6e11 at $150/h) passes the payload schema, then `numberToDecimal`/`amountCents` throw
//           "Money amount out of range" out of planning: the whole run fails with "unexpected error"
//           instead of one record-level error row naming the field.
// D-SYNC-2  `parseRecord` quotes the received value in full: one 1 MB string field makes a 1 MB log
//           message (and the UI's log row), instead of a clipped excerpt.
import { describe, expect, it } from 'vitest';
import { contractServiceSchema, parseRecord, timeEntrySchema } from '../../../main/sync/autotask-payloads';
import { planTimeEntryPage } from '../../../main/sync/time-entry-plan';
import type { LocalService } from '../../../main/sync/local-services';
import { makeTestDatabase } from '../../helpers/test-database';

const LINE = {
  id: 1, customerName: 'Acme', customerAutotaskId: 0, autotaskContractId: 100, autotaskContractServiceId: 500, autotaskServiceId: 7,
  contractName: 'PRACBILL A', serviceName: 'S', unitPrice: '1.00', invoiceDescription: null, serviceNum: null, startDate: null, endDate: null,
  ended: false, endedReason: null,
} as LocalService;

describe('KNOWN DEFECT D-SYNC-1: absurd amounts fail the whole run', () => {
  it('a contract line priced at 1e15 is a record-level error naming unitPrice', () => {
    const parsed = parseRecord(contractServiceSchema, 'ContractService', { id: 1, contractID: 2, serviceID: 3, unitPrice: 1e15, invoiceDescription: null, internalDescription: null });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain('unitPrice');
  });

  it('a time entry of 1e15 hours becomes an error action naming hoursToBill, not a throw', () => {
    const db = makeTestDatabase();
    try {
      const raw = { id: 9000, contractID: 100, contractServiceID: 500, dateWorked: '2026-03-02', hoursWorked: 1, hoursToBill: 1e15, isNonBillable: false, billingApprovalDateTime: '2026-03-03T10:00:00Z', lastModifiedDateTime: null, summaryNotes: null };
      const plan = planTimeEntryPage(db.database.sqlite, [raw], { from: '2026-01-01', to: '2026-12-31', rate: '150.00', servicesByContract: new Map([[100, [LINE]]]) }, true);
      expect(plan.actions.map((a) => a.kind)).toEqual(['error']);
      expect(plan.actions[0]!.log?.message).toContain('hoursToBill');
    } finally {
      db.cleanup();
    }
  });
});

describe('KNOWN DEFECT D-SYNC-2: record errors quote huge values in full', () => {
  it('keeps the message of a record with a 1 MB field under 5,000 characters', () => {
    const parsed = parseRecord(timeEntrySchema, 'Time entry', { id: 5, dateWorked: 'x'.repeat(1_000_000) });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.message).toContain('dateWorked');
      expect(parsed.message.length).toBeLessThan(5_000);
    }
  });
});
