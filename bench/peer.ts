// Peer comparison (issue 9 point 6): the same full read of TimeEntries and Contracts (+ the customers the
// matching contracts need) on the same sandbox, by our client and by @apigrate/autotask-restapi driven the
// way its maintainers tell users to page (an `id gt last` loop) with a naive on-demand customer lookup (one
// Companies request per matching contract, as the seed's flow reads). Calls come from the sandbox's own
// request counter; wall time is measured with a fixed added latency per request.
import { createRequire } from 'node:module';
import { startSandbox, type SandboxHandle } from '../main/sandbox';
import { createAutotaskClient } from '../main/autotask';

const require = createRequire(import.meta.url);

interface PeerApi {
  TimeEntries: { query(q: unknown): Promise<{ items: Record<string, unknown>[] }> };
  Contracts: { query(q: unknown): Promise<{ items: Record<string, unknown>[] }> };
  Companies: { get(id: number): Promise<{ item: Record<string, unknown> | null } | null> };
}

export interface ReadResult {
  calls: number;
  wallMs: number;
  timeEntries: number;
  contracts: number;
  companies: number;
}

const PREFIX = 'PRACBILL';
const matches = (name: unknown) => typeof name === 'string' && name.trim().toUpperCase().startsWith(PREFIX);

async function peerRead(sb: SandboxHandle): Promise<ReadResult> {
  const { AutotaskRestApi } = require('@apigrate/autotask-restapi') as { AutotaskRestApi: new (u: string, s: string, c: string, o: object) => PeerApi };
  const api = new AutotaskRestApi(sb.credentials.username, sb.credentials.secret, sb.credentials.integrationCode, { base_url: sb.zoneLookupUrl });
  const t0 = performance.now();
  let timeEntries = 0;
  let last = -1;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await api.TimeEntries.query({ filter: [{ op: 'gt', field: 'id', value: last }], MaxRecords: 500 });
    timeEntries += page.items.length;
    if (page.items.length === 0) break;
    last = Number(page.items[page.items.length - 1]!.id);
    if (page.items.length < 500) break;
  }
  const contracts: Record<string, unknown>[] = [];
  last = -1;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await api.Contracts.query({ filter: [{ op: 'gt', field: 'id', value: last }], MaxRecords: 500 });
    contracts.push(...page.items.filter((c) => matches(c.contractName)));
    if (page.items.length === 0) break;
    last = Number(page.items[page.items.length - 1]!.id);
    if (page.items.length < 500) break;
  }
  let companies = 0;
  for (const c of contracts) {
    const r = await api.Companies.get(Number(c.companyID));
    if (r?.item) companies++;
  }
  return { calls: 0, wallMs: performance.now() - t0, timeEntries, contracts: contracts.length, companies };
}

async function ourRead(sb: SandboxHandle): Promise<ReadResult> {
  const client = createAutotaskClient({ credentials: sb.credentials, zoneLookupUrl: sb.zoneLookupUrl });
  const t0 = performance.now();
  let timeEntries = 0;
  const countEntries = (async () => {
    for await (const page of client.query('TimeEntries', { filter: [{ op: 'gte', field: 'id', value: 0 }] })) timeEntries += page.length;
  })();
  const contracts: Record<string, unknown>[] = [];
  const readContracts = (async () => {
    for await (const page of client.query('Contracts', {
      filter: [{ op: 'contains', field: 'contractName', value: PREFIX }],
      includeFields: ['id', 'contractName', 'companyID', 'status'],
    })) {
      contracts.push(...page.filter((c) => matches(c.contractName)));
    }
  })();
  await readContracts;
  let companies = 0;
  const ids = [...new Set(contracts.map((c) => Number(c.companyID)))];
  const readCompanies = (async () => {
    for await (const page of client.queryByIds('Companies', 'id', ids)) companies += page.length;
  })();
  await Promise.all([countEntries, readCompanies]);
  return { calls: 0, wallMs: performance.now() - t0, timeEntries, contracts: contracts.length, companies };
}

export interface PeerComparison {
  latencyMs: number;
  ours: ReadResult;
  theirs: ReadResult;
}

/** Runs both readers on one `large` sandbox, one after the other, with `latencyMs` added to every request. */
export async function comparePeer(opts: { latencyMs: number; seed?: number } = { latencyMs: 25 }): Promise<PeerComparison> {
  const sb = await startSandbox({ size: 'large', seed: opts.seed ?? 1, latencyScale: 0, hourlyLimit: 1_000_000 });
  try {
    sb.control.setLatency(opts.latencyMs);
    const measure = async (fn: (s: SandboxHandle) => Promise<ReadResult>) => {
      sb.control.resetStats();
      sb.control.resetHourlyCount();
      const r = await fn(sb);
      r.calls = sb.control.stats().total;
      return r;
    };
    const ours = await measure(ourRead);
    const theirs = await measure(peerRead);
    return { latencyMs: opts.latencyMs, ours, theirs };
  } finally {
    await sb.close();
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const latencyMs = Number(process.argv[2] ?? 25);
  const r = await comparePeer({ latencyMs });
  console.log(JSON.stringify(r, null, 2));
}
