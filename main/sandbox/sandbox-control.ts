/** The in-process control API over a SandboxState (see SandboxControl in ./types for the contract). */
import { DAY_MS, dayStart } from './date-format';
import { requireEntity, type EntityDef } from './entity-schema';
import type { Row } from './entity-table';
import { CANONICAL_DATES, applyWirePatch, emptyRow, toWire } from './record-codec';
import type { SandboxState } from './sandbox-state';
import type { SandboxBehaviour, SandboxControl } from './types';
import { MSP_OWNER_RESOURCE } from './tenant/tenant-spec';

/** Fields stamped with "now" on insert, and on update unless the patch sets them. */
const CREATED_FIELDS: Record<string, string[]> = {
  Companies: ['createDate'],
  Services: ['createDate'],
  TimeEntries: ['createDateTime'],
};
const MODIFIED_FIELDS: Record<string, string[]> = {
  Companies: ['lastActivityDate', 'lastTrackedModifiedDateTime'],
  Services: ['lastModifiedDate'],
  TimeEntries: ['lastModifiedDateTime'],
};

function patchTouches(def: EntityDef, patch: Record<string, unknown>, field: string): boolean {
  return Object.keys(patch).some((k) => def.byLowerName.get(k.toLowerCase())?.name === field);
}

/** Sensible non-null defaults for inserted rows, as the real API never returns null for these. */
function applyInsertDefaults(def: EntityDef, row: Row, nowMs: number): void {
  for (const f of def.fields) {
    if (f.type === 'boolean' && row[f.name] === null) row[f.name] = f.name === 'isActive';
  }
  for (const f of [...(CREATED_FIELDS[def.name] ?? []), ...(MODIFIED_FIELDS[def.name] ?? [])]) row[f] ??= nowMs;
  if (def.name === 'Companies') row.companyType ??= 1;
  if (def.name === 'Contracts') row.status ??= 1;
  if (def.name === 'TimeEntries') {
    row.dateWorked ??= Math.floor(nowMs / DAY_MS) * DAY_MS;
    row.hoursToBill ??= row.hoursWorked;
    row.offsetHours ??= 0;
    row.billingApprovalLevelMostRecent ??= row.billingApprovalDateTime === null ? 0 : 1;
    if (row.showOnInvoice === false && row.isNonBillable === false) row.showOnInvoice = true;
  }
}

export function createControl(state: SandboxState): SandboxControl {
  const wire = (def: EntityDef, row: Row) => toWire(def, row, CANONICAL_DATES);
  const mustGet = (entity: string, id: number): [EntityDef, Row] => {
    const def = requireEntity(entity);
    const row = state.tables[def.name].get(id);
    if (!row) throw new Error(`${def.name} ${id} does not exist`);
    return [def, row];
  };

  const control: SandboxControl = {
    clock: {
      now: () => new Date(state.clock.nowMs()),
      advance: (ms) => new Date(state.clock.advance(ms)),
      set: (iso) => {
        const t = Date.parse(iso);
        if (Number.isNaN(t)) throw new Error(`Invalid instant "${iso}"`);
        return new Date(state.clock.set(t));
      },
    },
    insert(entity, partial) {
      const def = requireEntity(entity);
      const table = state.tables[def.name];
      const row = emptyRow(def);
      applyWirePatch(def, row, partial);
      if (row.id === null || row.id === undefined) row.id = table.maxId() + 1;
      if (!Number.isInteger(row.id)) throw new Error('id must be an integer');
      if (table.get(row.id as number)) throw new Error(`${def.name} ${String(row.id)} already exists`);
      applyInsertDefaults(def, row, state.clock.nowMs());
      table.insert(row);
      return wire(def, row);
    },
    update(entity, id, patch) {
      const [def, row] = mustGet(entity, id);
      if (patchTouches(def, patch, 'id') && Number(Object.entries(patch).find(([k]) => k.toLowerCase() === 'id')?.[1]) !== id) {
        throw new Error('update cannot change the id');
      }
      applyWirePatch(def, row, patch);
      const now = state.clock.nowMs();
      for (const f of MODIFIED_FIELDS[def.name] ?? []) if (!patchTouches(def, patch, f)) row[f] = now;
      return wire(def, row);
    },
    remove(entity, id) {
      const def = requireEntity(entity);
      return state.tables[def.name].remove(id);
    },
    get(entity, id) {
      const def = requireEntity(entity);
      const row = state.tables[def.name].get(id);
      return row ? wire(def, row) : undefined;
    },
    list(entity, where) {
      const def = requireEntity(entity);
      const out: Record<string, unknown>[] = [];
      for (const row of state.tables[def.name].all()) {
        const rec = wire(def, row);
        if (!where || where(rec)) out.push(rec);
      }
      return out;
    },
    count(entity) {
      return state.tables[requireEntity(entity).name].size;
    },
    approveTimeEntry(id) {
      const [def, row] = mustGet('TimeEntries', id);
      const now = state.clock.nowMs();
      row.billingApprovalDateTime = now;
      row.billingApprovalLevelMostRecent = 1;
      row.billingApprovalResourceID = MSP_OWNER_RESOURCE;
      if (state.behaviour.approvalBumpsLastModified) row.lastModifiedDateTime = now;
      return wire(def, row);
    },
    unapproveTimeEntry(id) {
      const [def, row] = mustGet('TimeEntries', id);
      row.billingApprovalDateTime = null;
      row.billingApprovalLevelMostRecent = 0;
      row.billingApprovalResourceID = null;
      if (state.behaviour.approvalBumpsLastModified) row.lastModifiedDateTime = state.clock.nowMs();
      return wire(def, row);
    },
    endContract(id, endDate) {
      const [def, row] = mustGet('Contracts', id);
      row.endDate = endDate ? dayStart(endDate) : Math.floor(state.clock.nowMs() / DAY_MS) * DAY_MS;
      row.status = 0;
      return wire(def, row);
    },
    moveZone: () => state.moveZone(),
    zoneUrl: () => state.zoneBase(),
    injectFault: (spec) => state.faults.add(spec),
    clearFaults: () => state.faults.clear(),
    setLatency(ms) {
      state.latencyAll = 0;
      state.latencyPerRoute.clear();
      if (typeof ms === 'number') state.latencyAll = Math.max(0, ms);
      else for (const [route, v] of Object.entries(ms)) state.latencyPerRoute.set(route.toLowerCase(), Math.max(0, v));
    },
    setBehaviour(patch: Partial<SandboxBehaviour>) {
      state.behaviour = { ...state.behaviour, ...patch };
      return { ...state.behaviour };
    },
    behaviour: () => ({ ...state.behaviour }),
    stats: () => state.stats.snapshot(),
    resetStats: () => state.stats.reset(),
    hourlyCount: () => state.hourly.count(state.clock.nowMs()),
    resetHourlyCount: () => state.hourly.reset(),
  };
  return control;
}
