import { describe, expect, it } from 'vitest';
import { fullSyncBound, nameMatches, pagesFor, rowsNeeded, timeEntryNeeded, wallBoundMs, type WireRecord } from '../../../bench/lower-bound';

const tenant = (rows: Record<string, WireRecord[]>) => ({ list: (e: string) => rows[e] ?? [] });
const rules = { skuPrefix: 'PRACBILL', activeStatus: 1, from: '2026-08-26', to: '2026-11-24' };

describe('benchmark lower bound of API calls', () => {
  it('counts pages of 500, rounding up', () => {
    expect(pagesFor(0)).toBe(0);
    expect(pagesFor(1)).toBe(1);
    expect(pagesFor(500)).toBe(1);
    expect(pagesFor(501)).toBe(2);
    expect(pagesFor(117_600)).toBe(236);
  });

  it('matches the SKU prefix like the sync: trimmed, any case, at the start only', () => {
    expect(nameMatches('  pracbill-Backup-365', 'PRACBILL')).toBe(true);
    expect(nameMatches('XPRACBILL-Test', 'PRACBILL')).toBe(false);
    expect(nameMatches(null, 'PRACBILL')).toBe(false);
  });

  it('needs only billable, approved entries whose worked date is inside the window', () => {
    const base = { isNonBillable: false, billingApprovalDateTime: '2026-10-02T10:00:00.000Z', dateWorked: '2026-10-01T00:00:00.000Z' };
    expect(timeEntryNeeded(base, rules)).toBe(true);
    expect(timeEntryNeeded({ ...base, isNonBillable: true }, rules)).toBe(false);
    expect(timeEntryNeeded({ ...base, billingApprovalDateTime: null }, rules)).toBe(false);
    expect(timeEntryNeeded({ ...base, dateWorked: '2026-08-25T00:00:00.000Z' }, rules)).toBe(false);
    expect(timeEntryNeeded({ ...base, dateWorked: '2026-11-24T00:00:00.000Z' }, rules)).toBe(true);
  });

  it('derives rows needed per entity from the tenant data with the sync rules', () => {
    const need = rowsNeeded(
      tenant({
        Contracts: [
          { id: 1, contractName: 'PRACBILL-A', status: 1, companyID: 10 },
          { id: 2, contractName: ' pracbill-B', status: 0, companyID: 11 }, // inactive: read, but no lines/companies needed
          { id: 3, contractName: 'Other', status: 1, companyID: 12 },
          { id: 4, contractName: 'PRACBILL-C', status: 1, companyID: 10 }, // active but no lines
        ],
        ContractServices: [
          { id: 100, contractID: 1, serviceID: 7 },
          { id: 101, contractID: 1, serviceID: 8 },
          { id: 102, contractID: 2, serviceID: 9 },
          { id: 103, contractID: 3, serviceID: 9 },
        ],
        TimeEntries: [
          { id: 1, contractID: 1, isNonBillable: false, billingApprovalDateTime: 'x', dateWorked: '2026-10-01T00:00:00Z' },
          { id: 2, contractID: 1, isNonBillable: false, billingApprovalDateTime: null, dateWorked: '2026-10-01T00:00:00Z' },
          { id: 3, contractID: 3, isNonBillable: false, billingApprovalDateTime: 'x', dateWorked: '2026-10-01T00:00:00Z' }, // not synced: counted, not read
          { id: 4, contractID: null, isNonBillable: false, billingApprovalDateTime: 'x', dateWorked: '2026-10-02T00:00:00Z' }, // no contract
        ],
      }),
      rules,
    );
    expect(need).toEqual({ contracts: 3, contractServices: 2, services: 2, companies: 1, timeEntries: 1, timeEntryBatches: [1], timeEntriesLeftOut: 2 });
    const bound = fullSyncBound(need);
    expect(bound.pages).toBe(5);
    // counts: one per batch of synced contracts + contractID exist + contractID notExist
    // field lists: only the ones whose picklists the sync needs (Contracts here: no BillingItems read)
    expect(bound.fixed).toEqual({ zone: 1, threshold: 1, fieldMetadata: 1, counts: 3 });
    expect(bound.total).toBe(11);
  });

  it('with the run date, bounds the billing reads too: unit rows per batch of 500 lines and labour postings of the window', () => {
    const lines = Array.from({ length: 501 }, (_, i) => ({ id: 1000 + i, contractID: 1, serviceID: 7 }));
    const unit = (id: number, line: number, start: string, end: string) => ({ id, contractServiceID: line, startDate: `${start}T00:00:00Z`, endDate: `${end}T00:00:00Z` });
    const posting = (id: number, type: number, entry: number | null, day: string) => ({ id, billingItemType: type, timeEntryID: entry, itemDate: `${day}T00:00:00Z` });
    const need = rowsNeeded(
      tenant({
        Contracts: [{ id: 1, contractName: 'PRACBILL-A', status: 1, companyID: 10 }],
        ContractServices: [...lines, { id: 5000, contractID: 99, serviceID: 7 }],
        ContractServiceUnits: [
          unit(1, 1000, '2026-11-01', '2026-11-30'), // batch 1
          unit(2, 1000, '2025-09-01', '2025-09-30'), // before the window (2025-10-01 … 2027-01-31)
          unit(3, 1500, '2027-01-01', '2027-01-31'), // batch 2, last month of the window
          unit(4, 1500, '2027-02-01', '2027-02-28'), // after it
          unit(5, 5000, '2026-11-01', '2026-11-30'), // a line of a contract that is not synced
        ],
        BillingItems: [
          posting(1, 1, 11, '2026-10-01'),
          posting(2, 2, 12, '2026-08-25'), // the read's day of margin before the window
          posting(3, 1, null, '2026-10-01'), // names no time entry
          posting(4, 3, 13, '2026-10-01'), // not labour
          posting(5, 1, 14, '2026-11-27'), // after the margin (window ends 2026-11-24, read to < 11-26)
        ],
      }),
      { ...rules, today: '2026-11-24' },
    );
    expect(need.unitRowBatches).toEqual([1, 1]);
    expect(need.labourPostings).toBe(2);
    const bound = fullSyncBound(need);
    expect(bound.entities.find((e) => e.entity === 'ContractServiceUnits')).toEqual({ entity: 'ContractServiceUnits', rows: 2, pages: 2 });
    expect(bound.entities.find((e) => e.entity === 'BillingItems')).toEqual({ entity: 'BillingItems', rows: 2, pages: 1 });
  });

  it('counts the Contracts field list (its status picklist) even with nothing else to read', () => {
    const bound = fullSyncBound({ contracts: 1200, contractServices: 0, services: 0, companies: 0, timeEntries: 0 });
    expect(bound.pages).toBe(3);
    expect(bound.fixed.fieldMetadata).toBe(1);
    expect(bound.total).toBe(6);
  });

  it('bounds wall time by latency and requests in flight', () => {
    expect(wallBoundMs(240, 100, 2)).toBe(12_000);
    expect(wallBoundMs(240, 100, 0)).toBe(24_000);
  });
});
