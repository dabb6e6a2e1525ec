/** Everything a running sandbox knows: tenant tables, clock, zone, limits, faults, switches, counters. */
import { ENTITIES, ENTITY_NAMES, type EntityName } from './entity-schema';
import { EntityTable } from './entity-table';
import type { Predicate } from './query-engine';
import type { DateOutput } from './record-codec';
import { SandboxClock } from './sandbox-clock';
import { RequestStats } from './request-stats';
import { HourlyWindow, ThreadLimiter } from './rate-limits';
import { FaultRegistry } from './fault-registry';
import { Prng } from './prng';
import type { TenantRows } from './tenant/tenant-spec';
import type { SandboxBehaviour, SandboxCredentials } from './types';

export const DEFAULT_BEHAVIOUR: SandboxBehaviour = {
  unknownOperator: 'ignore',
  emptyFilter: 'error',
  missingById: '404',
  overLimit: '429',
  maxRecordsOutOfRange: 'error',
  dateTimeStyle: 'ms',
  dateTimeZulu: 'always',
  approvalBumpsLastModified: false,
  hideNonBillable: false,
  maxUrlLength: 2048,
  impersonationBreaksReads: true,
};

export interface StateInit {
  tenant: TenantRows;
  seed: number;
  clockStartMs: number | undefined;
  credentials: SandboxCredentials;
  behaviour: SandboxBehaviour;
  latencyScale: number;
  hourlyLimit: number;
  threadLimit: number;
}

/** 0 → "a", 25 → "z", 26 → "aa". */
function zoneLetters(index: number): string {
  let s = '';
  let n = index;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

export class SandboxState {
  readonly tables = {} as Record<EntityName, EntityTable>;
  readonly clock: SandboxClock;
  readonly stats = new RequestStats();
  readonly hourly: HourlyWindow;
  readonly threads: ThreadLimiter;
  readonly faults: FaultRegistry;
  readonly credentials: SandboxCredentials;
  readonly ci: number;
  behaviour: SandboxBehaviour;
  latencyScale: number;
  latencyAll = 0;
  latencyPerRoute = new Map<string, number>();
  origin = '';
  private zoneIndex = 0;

  constructor(init: StateInit) {
    for (const name of ENTITY_NAMES) {
      const table = new EntityTable();
      table.loadSorted(init.tenant[name]);
      this.tables[name] = table;
    }
    this.clock = new SandboxClock(init.clockStartMs);
    this.hourly = new HourlyWindow(init.hourlyLimit);
    this.threads = new ThreadLimiter(init.threadLimit);
    const prng = new Prng(init.seed);
    this.ci = prng.fork('ci').int(100000, 999999);
    this.faults = new FaultRegistry(prng.fork('faults'));
    this.credentials = init.credentials;
    this.behaviour = init.behaviour;
    this.latencyScale = init.latencyScale;
  }

  zoneName(): string {
    return `zone-${zoneLetters(this.zoneIndex)}`;
  }

  zoneBase(): string {
    return `${this.origin}/${this.zoneName()}/ATServicesRest/`;
  }

  moveZone(): string {
    this.zoneIndex += 1;
    return this.zoneBase();
  }

  dateOutput(): DateOutput {
    return { style: this.behaviour.dateTimeStyle, zulu: this.behaviour.dateTimeZulu };
  }

  /** Rows the API user may see (hidden non-billable time when that switch is on). */
  visibility(entity: EntityName): Predicate | undefined {
    if (entity === 'TimeEntries' && this.behaviour.hideNonBillable) return (row) => row.isNonBillable !== true;
    return undefined;
  }

  latencyFor(route: string): number {
    return this.latencyAll + (this.latencyPerRoute.get(route.toLowerCase()) ?? 0);
  }

  def(entity: EntityName) {
    return ENTITIES[entity];
  }
}
