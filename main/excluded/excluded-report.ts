// The "Excluded" view's read (issue #15 point 3): what the sync leaves out, read on demand from Autotask.
//  - Contracts (all of them) that the contract sync does not import, by its own rules (contract-plan's
//    `exclusionReason`): outside the SKU prefix, or not active; with customer, status and reason.
//  - Billable, approved time entries dated in the scheduled run's window (the time sync's own
//    `qualifyingFilter`) on a contract that is not synced — synced meaning what the time sync reads: a
//    contract with a local service line (`syncedContractBatches`) — grouped by contract, so the figures
//    match the sync's "… on contracts that are not synced were not imported; see Excluded" row. Asked as
//    `contractID exist` + `contractID notIn [synced ids]` (a `notIn` never matches NULL, hence the separate
//    read below). With more than 500 synced contracts one query would need several lists, over the 500
//    OR conditions a query may hold (reference §3.2); then the time is read by `contractID in` batches of
//    the contracts that are not synced instead (every contract is read first, so none is missed).
//  - The same entries on no contract at all (`contractID notExist`): revenue nobody invoices.
// Hours are hoursToBill when present, else hoursWorked (SPEC §1), summed exactly in integer hundredths.
import type Database from 'better-sqlite3';
import type { ExcludedContract, ExcludedReport, ExcludedTime } from '../../shared/excluded';
import { centsToDecimal } from '../../shared/money';
import type { Settings } from '../../shared/settings';
import type { AutotaskClient, Filter } from '../autotask';
import { CONTRACT_FIELDS, COMPANY_FIELDS, companySchema, contractSchema, parseRecord, type AutotaskContract } from '../sync/autotask-payloads';
import { exclusionReason, statusLabel } from '../sync/contract-plan';
import { resolveActiveStatus } from '../sync/contract-sync';
import { loadLocalCustomers } from '../sync/customer-import';
import { numberToCents } from '../sync/money';
import { loadLocalServices } from '../sync/local-services';
import { qualifyingFilter, syncedContractBatches } from '../sync/time-entry-sync';

export const EXCLUDED_TIME_FIELDS = ['id', 'contractID', 'hoursToBill', 'hoursWorked'];

export interface ExcludedReadInput {
  client: AutotaskClient;
  sqlite: Database.Database;
  settings: Pick<Settings, 'skuPrefix'>;
  /** The scheduled run's window (local calendar dates). */
  window: { from: string; to: string };
  readAt: string;
  progress?: (phase: string) => void;
}

/** One entry's billed hours in hundredths (hoursToBill when present, else hoursWorked); null when unreadable. */
export function entryHundredths(raw: Record<string, unknown>): number | null {
  const h = typeof raw.hoursToBill === 'number' ? raw.hoursToBill : raw.hoursWorked;
  return typeof h === 'number' && Number.isFinite(h) ? numberToCents(h) : null;
}

/** Reads the report from Autotask (nothing is written). */
export async function readExcludedReport(input: ExcludedReadInput): Promise<ExcludedReport> {
  const { client } = input;
  const prefix = input.settings.skuPrefix.trim();
  input.progress?.('Reading contracts');
  const activeStatus = await resolveActiveStatus(client);
  const contracts: AutotaskContract[] = [];
  const returnedIds = new Set<number>(); // readable or not
  for await (const page of client.query('Contracts', { filter: [{ op: 'exist', field: 'id' }], includeFields: CONTRACT_FIELDS })) {
    for (const raw of page) {
      const parsed = parseRecord(contractSchema, 'Contract', raw);
      if (parsed.ok) contracts.push(parsed.value);
      const id = parsed.ok ? parsed.value.id : parsed.id;
      if (id !== null) returnedIds.add(id);
    }
  }
  contracts.sort((a, b) => a.id - b.id);
  const byId = new Map(contracts.map((c) => [c.id, c]));
  const excluded = contracts.filter((c) => exclusionReason(c, prefix, activeStatus) !== null);

  input.progress?.('Reading time entries');
  const base = qualifyingFilter(input.window.from, input.window.to);
  const synced = syncedContractBatches(loadLocalServices(input.sqlite));
  const syncedIds = new Set(synced.flat());
  const pages =
    synced.length <= 1
      ? client.query('TimeEntries', {
          filter: [...base, { op: 'exist', field: 'contractID' }, ...synced.map((b): Filter => ({ op: 'notIn', field: 'contractID', value: b }))],
          includeFields: EXCLUDED_TIME_FIELDS,
        })
      : client.queryByIds(
          'TimeEntries',
          'contractID',
          [...returnedIds].filter((id) => !syncedIds.has(id)),
          { filter: base, includeFields: EXCLUDED_TIME_FIELDS },
        );
  const time = new Map<number, { entries: number; hundredths: number }>();
  for await (const page of pages) {
    for (const raw of page) {
      const contractId = raw.contractID;
      const h = entryHundredths(raw);
      if (typeof contractId !== 'number' || h === null || syncedIds.has(contractId)) continue;
      const t = time.get(contractId) ?? { entries: 0, hundredths: 0 };
      t.entries += 1;
      t.hundredths += h;
      time.set(contractId, t);
    }
  }
  const noContract = { entries: 0, hundredths: 0 };
  for await (const page of client.query('TimeEntries', { filter: [...base, { op: 'notExist', field: 'contractID' }], includeFields: EXCLUDED_TIME_FIELDS })) {
    for (const raw of page) {
      const h = entryHundredths(raw);
      if (h === null) continue;
      noContract.entries += 1;
      noContract.hundredths += h;
    }
  }

  input.progress?.('Reading customers');
  const companyIds = [...new Set([...excluded, ...[...time.keys()].flatMap((id) => byId.get(id) ?? [])].map((c) => c.companyID))];
  const customers = await customerNames(input, companyIds);
  const customerOf = (c: AutotaskContract | undefined) => (c ? (customers.get(c.companyID) ?? null) : null);

  const contractRows: ExcludedContract[] = excluded.map((c) => ({
    autotaskContractId: c.id,
    contractName: c.contractName,
    customer: customerOf(c),
    status: statusLabel(c, activeStatus),
    reason: exclusionReason(c, prefix, activeStatus)!,
  }));
  const timeRows: ExcludedTime[] = [...time.entries()]
    .sort(([a, x], [b, y]) => y.hundredths - x.hundredths || a - b)
    .map(([id, t]) => ({
      autotaskContractId: id,
      contractName: byId.get(id)?.contractName ?? null,
      customer: customerOf(byId.get(id)),
      entries: t.entries,
      hours: centsToDecimal(t.hundredths),
    }));
  return {
    readAt: input.readAt,
    window: { ...input.window },
    contracts: contractRows,
    timeByContract: timeRows,
    noContract: { entries: noContract.entries, hours: centsToDecimal(noContract.hundredths) },
  };
}

/** Customer names per company id: local customers first, then Companies by id for the missing ones. */
async function customerNames(input: ExcludedReadInput, companyIds: number[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for (const row of loadLocalCustomers(input.sqlite, companyIds)) names.set(row.autotask_company_id, row.name);
  const missing = companyIds.filter((id) => !names.has(id));
  if (missing.length === 0) return names;
  for await (const page of input.client.queryByIds('Companies', 'id', missing, { includeFields: COMPANY_FIELDS })) {
    for (const raw of page) {
      const parsed = parseRecord(companySchema, 'Company', raw);
      if (parsed.ok) names.set(parsed.value.id, parsed.value.companyName);
    }
  }
  return names;
}
