// A canonical dump of the billing data — customers, engineering services, engineering items — keyed by
// Autotask ids and without volatile columns (local row ids, created/updated/ended/flagged timestamps), so
// two databases that hold the same billing data compare equal however they got there.
import Database from 'better-sqlite3';

export interface CanonicalDump {
  customers: unknown[];
  services: unknown[];
  items: unknown[];
}

/** The dump of an open connection (the sync tests keep one open). */
export function canonicalDumpOf(db: Database.Database): CanonicalDump {
  return {
    customers: db.prepare('SELECT autotask_company_id, name, company_number, phone, address1, city, postal_code, is_active FROM customers ORDER BY autotask_company_id').all(),
    services: db
      .prepare(
        `SELECT s.autotask_contract_service_id, c.autotask_company_id, s.autotask_contract_id, s.autotask_service_id, s.contract_name,
                s.service_name, s.unit_price_cents, s.invoice_description, s.service_num, s.start_date, s.end_date, s.ended, s.ended_reason
           FROM engineering_services s JOIN customers c ON c.id = s.customer_id ORDER BY s.autotask_contract_service_id`,
      )
      .all(),
    items: db
      .prepare(
        `SELECT i.autotask_time_entry_id, s.autotask_contract_service_id, i.autotask_contract_id, i.date_worked, i.hours, i.rate_cents,
                i.amount_cents, i.summary, i.autotask_last_modified, i.flagged, i.flag_reason
           FROM engineering_items i JOIN engineering_services s ON s.id = i.service_id ORDER BY i.autotask_time_entry_id`,
      )
      .all(),
  };
}

/** The dump of a database file, opened and closed here. */
export function canonicalDump(file: string): CanonicalDump {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return canonicalDumpOf(db);
  } finally {
    db.close();
  }
}

/** Rows in `actual` missing from `expected`'s keys and vice versa, and keys present more than once. */
export function compareDumps(expected: CanonicalDump, actual: CanonicalDump): { lost: number; extra: number; duplicated: number; changed: number } {
  let lost = 0;
  let extra = 0;
  let duplicated = 0;
  let changed = 0;
  const keyOf = { customers: 'autotask_company_id', services: 'autotask_contract_service_id', items: 'autotask_time_entry_id' } as const;
  for (const table of ['customers', 'services', 'items'] as const) {
    const key = keyOf[table];
    const index = (rows: unknown[]) => {
      const m = new Map<unknown, string[]>();
      for (const r of rows as Record<string, unknown>[]) m.set(r[key], [...(m.get(r[key]) ?? []), JSON.stringify(r)]);
      return m;
    };
    const e = index(expected[table]);
    const a = index(actual[table]);
    for (const [k, rows] of a) {
      if (rows.length > 1) duplicated += rows.length - 1;
      if (!e.has(k)) extra += rows.length;
      else if (e.get(k)![0] !== rows[0]) changed += 1;
    }
    for (const k of e.keys()) if (!a.has(k)) lost += 1;
  }
  return { lost, extra, duplicated, changed };
}

export function integrityCheck(file: string): string {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}
