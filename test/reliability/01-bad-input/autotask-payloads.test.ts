// Bad input, target "Autotask payloads": records as Autotask might send them — wrong types, nulls,
// missing fields, huge strings, unicode, dates in odd formats, negative and absurd numbers, ids at 0 and
// 2^53 — through the sync engine's record parsing (`parseRecord` with each entity's schema) and on into
// what the engine does with a readable record (pricing a contract line; planning a page of time entries
// against a real database). A record must become either a usable value or a record-level error naming
// the field; nothing may throw out of the engine (a throw fails the whole run).
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { companySchema, contractSchema, contractServiceSchema, parseRecord, serviceSchema, timeEntrySchema } from '../../../main/sync/autotask-payloads';
import { numberToDecimal } from '../../../main/sync/money';
import { planTimeEntryPage, type TimeEntryRules } from '../../../main/sync/time-entry-plan';
import type { LocalService } from '../../../main/sync/local-services';
import { makeTestDatabase } from '../../helpers/test-database';
import { absurdNumber, hugeText, NUM_RUNS, oddDate, unicodeText } from '../support/arbitraries';
import { recordFigure } from '../support/figures';

const ids = fc.oneof(fc.constantFrom(0, 1, -1, 2 ** 53, 2 ** 53 - 1, 2 ** 31, 1.5, '42', null), fc.nat());
const payloadValue = fc.oneof(
  { weight: 3, arbitrary: absurdNumber },
  { weight: 2, arbitrary: unicodeText },
  { weight: 2, arbitrary: oddDate },
  { weight: 2, arbitrary: ids },
  { weight: 1, arbitrary: hugeText },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, false, [], {}, { id: 1 }, [1, 2]) },
);

const CONTRACT = { id: 100, contractName: 'PRACBILL Managed', companyID: 0, status: 1, startDate: '2026-01-01T00:00:00.000Z', endDate: '2026-12-31T00:00:00Z' };
const CONTRACT_SERVICE = { id: 500, contractID: 100, serviceID: 7, unitPrice: 54.95, invoiceDescription: 'Managed desktop', internalDescription: '+1 555 0100' };
const SERVICE = { id: 7, name: 'Managed desktop' };
const COMPANY = { id: 0, companyName: 'Acme Pty', companyNumber: 'C-1', phone: null, address1: '1 Main St', city: 'Perth', postalCode: '6000', isActive: true };
const TIME_ENTRY = {
  id: 9000,
  contractID: 100,
  contractServiceID: 500,
  dateWorked: '2026-03-02T00:00:00',
  hoursWorked: 1.25,
  hoursToBill: 1.5,
  isNonBillable: false,
  billingApprovalDateTime: '2026-03-03T10:00:00.1234567Z',
  lastModifiedDateTime: '2026-03-03T10:00:00Z',
  summaryNotes: 'Fixed the printer',
};

function record(template: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(template);
  return fc
    .tuple(
      fc.array(
        fc.oneof(
          { weight: 3, arbitrary: fc.constant('keep' as const) },
          { weight: 2, arbitrary: payloadValue.map((v) => ({ v })) },
          { weight: 1, arbitrary: fc.constant('drop' as const) },
        ),
        { minLength: keys.length, maxLength: keys.length },
      ),
      fc.option(fc.tuple(unicodeText, payloadValue)),
    )
    .map(([choices, extra]) => {
      const out: Record<string, unknown> = {};
      keys.forEach((k, i) => {
        const c = choices[i]!;
        if (c === 'drop') return;
        out[k] = c === 'keep' ? template[k] : c.v;
      });
      if (extra) Object.defineProperty(out, extra[0], { value: extra[1], enumerable: true, writable: true, configurable: true });
      return out;
    });
}

const ENTITIES = {
  Contract: { schema: contractSchema, template: CONTRACT },
  ContractService: { schema: contractServiceSchema, template: CONTRACT_SERVICE },
  Service: { schema: serviceSchema, template: SERVICE },
  Company: { schema: companySchema, template: COMPANY },
  'Time entry': { schema: timeEntrySchema, template: TIME_ENTRY },
} as const;
type EntityLabel = keyof typeof ENTITIES;

const caseArb = fc
  .constantFrom(...(Object.keys(ENTITIES) as EntityLabel[]))
  .chain((entity) => fc.oneof({ weight: 6, arbitrary: record(ENTITIES[entity].template) }, { weight: 1, arbitrary: payloadValue }).map((raw) => ({ entity, raw: raw as unknown })));

/** A readable record became a clean error message bounded in size (it is stored as a log row). */
const MAX_MESSAGE = Number(process.env.REL_MAX_MESSAGE ?? 5_000);

describe('bad input: Autotask payloads', () => {
  const db = makeTestDatabase();
  afterAll(() => db.cleanup());
  const line: LocalService = {
    id: 1,
    customerName: 'Acme Pty',
    customerAutotaskId: 0,
    autotaskContractId: 100,
    autotaskContractServiceId: 500,
    autotaskServiceId: 7,
    contractName: 'PRACBILL Managed',
    serviceName: 'Managed desktop',
    unitPrice: '54.95',
    invoiceDescription: null,
    serviceNum: null,
    startDate: '2026-01-01',
    endDate: null,
    ended: false,
    endedReason: null,
  } as LocalService;
  const rules: TimeEntryRules = { from: '2000-01-01', to: '2100-12-31', rate: '150.00', servicesByContract: new Map([[100, [line]]]) };

  it(`turns ${NUM_RUNS.toLocaleString('en-US')} generated records into values or record-level errors`, () => {
    const failures: { entity: string; raw: string; problem: string }[] = [];
    const outcome = { readable: 0, refused: 0 };
    let cases = 0;
    fc.assert(
      fc.property(caseArb, ({ entity, raw }) => {
        cases++;
        const fail = (problem: string) => failures.push({ entity, raw: (JSON.stringify(raw) ?? String(raw)).slice(0, 160), problem });
        let parsed;
        try {
          parsed = parseRecord(ENTITIES[entity].schema as never, entity, raw);
        } catch (error) {
          fail(`parseRecord threw: ${(error as Error).message}`);
          return;
        }
        if (!parsed.ok) {
          outcome.refused++;
          if (parsed.problems.length === 0) fail('refused without naming a problem');
          for (const p of parsed.problems) if (!/^[\w.()]+: /.test(p)) fail(`problem without a field name: ${p.slice(0, 80)}`);
          if (parsed.message.length > MAX_MESSAGE) fail(`error message of ${parsed.message.length.toLocaleString('en-US')} characters`);
        } else outcome.readable++;

        // What the engine does next with the record must not throw either.
        try {
          if (entity === 'ContractService' && parsed.ok) numberToDecimal((parsed.value as { unitPrice: number }).unitPrice);
          if (entity === 'Time entry') {
            const plan = planTimeEntryPage(db.database.sqlite, [raw], rules, true);
            for (const a of plan.actions) if (a.log && a.log.message.length > MAX_MESSAGE) fail(`log message of ${a.log.message.length} characters`);
          }
        } catch (error) {
          fail(`the sync engine threw on a readable record: ${(error as Error).message}`);
        }
      }),
      { numRuns: NUM_RUNS, seed: 10_005 },
    );
    recordFigure('bad input', 'Autotask payloads: cases', cases, `${outcome.readable} readable, ${outcome.refused} record-level errors`);
    const oversized = failures.filter((f) => /characters$/.test(f.problem)).length;
    recordFigure(
      'bad input',
      'Autotask payloads: crashes',
      failures.length - oversized,
      'a throw out of parsing or planning would fail the whole run (D-SYNC-1, fixed: bounded prices and hours)',
    );
    recordFigure(
      'bad input',
      'Autotask payloads: oversized error messages',
      oversized,
      `record errors/log messages over ${MAX_MESSAGE.toLocaleString('en-US')} characters (D-SYNC-2, fixed: received values clipped)`,
    );
    expect(cases).toBeGreaterThanOrEqual(NUM_RUNS);
    const distinct = [...new Map(failures.map((f) => [`${f.entity}:${f.problem.slice(0, 25)}`, f])).values()];
    expect(distinct.slice(0, 15)).toEqual([]);
  });
});
