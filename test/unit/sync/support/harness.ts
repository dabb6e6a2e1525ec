/** Sync tests: a sandbox over real HTTP, a temp billing database, and the CLI run in-process. */
import path from 'node:path';
import Database from 'better-sqlite3';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../../../main/sandbox';
import { jsonOf, runCliCaptured } from '../../../helpers/cli-runner';
import { toLocalDate, addDays } from '../../../../shared/dates';
import { makeTempDir } from '../../../helpers/temp-dir';

export const today = () => toLocalDate(new Date());
export const daysAgo = (n: number) => addDays(today(), -n);
/** A date-only Autotask value: midnight UTC of the calendar date. */
export const at = (date: string) => `${date}T00:00:00.000Z`;

export interface CliResult {
  code: number;
  out: string;
  err: string;
  json: any;
}

export interface SyncHarness {
  sb: SandboxHandle;
  dbFile: string;
  dir: string;
  env: Record<string, string>;
  /** Runs the CLI in-process on the harness database (or `dbFile`). */
  cli(args: string[], extraEnv?: Record<string, string>, dbFile?: string): Promise<CliResult>;
  /** A read connection to the billing database (closed by cleanup). */
  db(): Database.Database;
  rows<T = any>(sql: string, ...params: unknown[]): T[];
  one<T = any>(sql: string, ...params: unknown[]): T;
  cleanup(): Promise<void>;
}

export async function startHarness(opts: SandboxOptions = {}): Promise<SyncHarness> {
  const sb = await startSandbox({ size: 'empty', seed: 1, latencyScale: 0, ...opts });
  const tmp = makeTempDir('abs-sync-');
  const dbFile = path.join(tmp.dir, 'billing.db');
  const env = {
    AUTOTASK_SECRET_STORE: 'memory',
    AUTOTASK_USERNAME: sb.credentials.username,
    AUTOTASK_SECRET: sb.credentials.secret,
    AUTOTASK_INTEGRATION_CODE: sb.credentials.integrationCode,
    AUTOTASK_ZONE_LOOKUP_URL: sb.zoneLookupUrl,
  };
  let conn: Database.Database | null = null;
  const h: SyncHarness = {
    sb,
    dbFile,
    dir: tmp.dir,
    env,
    async cli(args, extraEnv = {}, file = dbFile) {
      const { code, out, err } = await runCliCaptured([...args, '--db', file], { ...env, ...extraEnv });
      const json: any = jsonOf(out);
      return { code, out, err, json };
    },
    db() {
      conn ??= new Database(dbFile);
      return conn;
    },
    rows: (sql, ...params) =>
      h
        .db()
        .prepare(sql)
        .all(...params) as any[],
    one: (sql, ...params) =>
      h
        .db()
        .prepare(sql)
        .get(...params) as any,
    async cleanup() {
      conn?.close();
      conn = null;
      await sb.close();
      tmp.cleanup();
    },
  };
  return h;
}

/** Builds scenario records in the sandbox (wire names; dates as ISO strings). */
export class Scenario {
  private nextCompany = 100;
  private nextService = 500;
  constructor(private readonly sb: SandboxHandle) {}

  company(name: string, extra: Record<string, unknown> = {}): number {
    const id = this.nextCompany++;
    this.sb.control.insert('Companies', { id, companyName: name, phone: '0400 000 000', city: 'Sydney', companyNumber: `C-${id}`, isActive: true, ...extra });
    return id;
  }

  service(name: string): number {
    const id = this.nextService++;
    this.sb.control.insert('Services', { id, name, unitPrice: 100, periodType: 1, billingCodeID: 1, isActive: true });
    return id;
  }

  contract(companyID: number, contractName: string, extra: Record<string, unknown> = {}): number {
    const row = this.sb.control.insert('Contracts', {
      companyID,
      contractName,
      status: 1,
      contractType: 7,
      startDate: at(daysAgo(200)),
      endDate: at(addDays(today(), 365)),
      ...extra,
    });
    return row.id as number;
  }

  line(contractID: number, serviceID: number, extra: Record<string, unknown> = {}): number {
    const row = this.sb.control.insert('ContractServices', {
      contractID,
      serviceID,
      unitPrice: 49.95,
      invoiceDescription: 'Monthly service',
      internalDescription: '0412345678',
      ...extra,
    });
    return row.id as number;
  }

  /** A billable, approved entry unless told otherwise. */
  entry(contractID: number | null, date: string, hours: number, extra: Record<string, unknown> = {}): number {
    const row = this.sb.control.insert('TimeEntries', {
      resourceID: 29682885,
      contractID,
      dateWorked: at(date),
      hoursWorked: hours,
      isNonBillable: false,
      billingApprovalDateTime: new Date().toISOString(),
      summaryNotes: 'Work done',
      ...extra,
    });
    return row.id as number;
  }
}

/** Customers, services and items without local ids or timestamps: equal databases dump equal. */
export { canonicalDumpOf as canonicalDump } from '../../../helpers/canonical-dump';
