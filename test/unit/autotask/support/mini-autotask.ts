// A small scripted imitation of Autotask for unit tests (the full sandbox lives in main/sandbox).
// It implements just enough: zone lookup, header auth, ThresholdInformation, fields, POST query with
// keyset-friendly filters and a POST-only nextPageUrl cursor, count, get by id; plus a hook for faults.
import type http from 'node:http';
import { sendJson, startStubServer, type RecordedRequest, type StubServer } from './stub-server';

export const CREDS = {
  username: 'api-user@msp.example',
  secret: 'S3cr3t-Very-Private-42',
  integrationCode: 'INTCODE-ABCDEF-123',
};

type Row = Record<string, unknown> & { id: number };
type Filter = { op: string; field?: string; value?: unknown; items?: Filter[] };

export interface MiniAutotask {
  server: StubServer;
  origin: string;
  lookupUrl: string;
  zoneUrl: string;
  rows: Record<string, Row[]>;
  /** Calls counted against the hourly threshold (everything but the zone lookup). */
  threshold: { limit: number; used: number };
  /** Return true when the request was answered (fault injection). */
  intercept: ((req: RecordedRequest, res: http.ServerResponse) => boolean | Promise<boolean>) | null;
  peakInFlight: Record<string, number>;
  /** Milliseconds each query waits before answering (to observe concurrency). */
  queryDelayMs: number;
  /** Path under the origin that the zone lookup announces. */
  zonePath: string;
  apiRequests(entity?: string): RecordedRequest[];
  close(): Promise<void>;
}

const FIELDS: Record<string, Array<{ name: string; dataType: string; isQueryable?: boolean }>> = {
  Companies: [
    { name: 'id', dataType: 'long' },
    { name: 'companyName', dataType: 'string' },
    { name: 'isActive', dataType: 'boolean' },
    { name: 'assetValue', dataType: 'double', isQueryable: false },
  ],
  Contracts: [
    { name: 'id', dataType: 'long' },
    { name: 'companyID', dataType: 'integer' },
    { name: 'contractName', dataType: 'string' },
    { name: 'contractType', dataType: 'integer' },
  ],
  TimeEntries: [
    { name: 'id', dataType: 'long' },
    { name: 'contractID', dataType: 'integer' },
    { name: 'hoursWorked', dataType: 'double' },
  ],
};

function matches(row: Row, f: Filter): boolean {
  const key = Object.keys(row).find((k) => k.toLowerCase() === (f.field ?? '').toLowerCase());
  const v = key ? row[key] : undefined;
  switch (f.op.toLowerCase()) {
    case 'and':
      return (f.items ?? []).every((i) => matches(row, i));
    case 'or':
      return (f.items ?? []).some((i) => matches(row, i));
    case 'eq':
      return v === f.value;
    case 'gt':
      return (v as number) > (f.value as number);
    case 'gte':
      return (v as number) >= (f.value as number);
    case 'lt':
      return (v as number) < (f.value as number);
    case 'in':
      return (f.value as unknown[]).includes(v);
    case 'exist':
      return v !== undefined && v !== null;
    default:
      return true; // like Autotask: an unknown operator is silently ignored
  }
}

export function makeRows(n: number, extra: (i: number) => Record<string, unknown> = () => ({})): Row[] {
  // Gaps in the ids, like a real tenant after deletions; id 0 exists (the MSP's own company).
  return Array.from({ length: n }, (_, i) => ({ id: i * 3, ...extra(i) }));
}

export async function startMiniAutotask(init: { rows?: Record<string, Row[]>; zonePath?: string } = {}): Promise<MiniAutotask> {
  const server = await startStubServer();
  const inFlight: Record<string, number> = {};
  const m: MiniAutotask = {
    server,
    origin: server.origin,
    lookupUrl: `${server.origin}/ATServicesRest/`,
    zoneUrl: '',
    rows: init.rows ?? { Companies: makeRows(1234, (i) => ({ companyName: `Company ${i}`, isActive: i % 2 === 0 })) },
    threshold: { limit: 10_000, used: 0 },
    intercept: null,
    peakInFlight: {},
    queryDelayMs: 0,
    zonePath: init.zonePath ?? '/zone-a/ATServicesRest/',
    apiRequests: (entity) => server.requests.filter((r) => !/zoneinformation/i.test(r.url) && (!entity || r.url.toLowerCase().includes(`/v1.0/${entity.toLowerCase()}`))),
    close: () => server.close(),
  };
  m.zoneUrl = `${server.origin}${m.zonePath}`;

  server.setHandler(async (req, res) => {
    if (m.intercept && (await m.intercept(req, res))) return;
    const url = new URL(req.url, server.origin);
    const path = url.pathname;
    if (/\/v1\.0\/zoneinformation$/i.test(path)) {
      if (url.searchParams.get('user') !== CREDS.username) {
        return sendJson(res, 500, { errors: ['Zone information could not be determined'] });
      }
      return sendJson(res, 200, { zoneName: 'Test Zone A', url: `${server.origin}${m.zonePath}`, webUrl: `${server.origin}/web/`, ci: 424242 });
    }
    if (!path.toLowerCase().startsWith(m.zonePath.toLowerCase())) return sendJson(res, 401, {});
    if (req.headers['apiintegrationcode'] !== CREDS.integrationCode) return sendJson(res, 500, { errors: ['IntegrationCode is invalid.'] });
    if (req.headers['username'] !== CREDS.username || req.headers['secret'] !== CREDS.secret) return void res.writeHead(401).end();
    m.threshold.used += 1;
    const rest = path.slice(m.zonePath.length).replace(/^V1\.0\//i, '');
    if (/^thresholdinformation$/i.test(rest)) {
      return sendJson(res, 200, { externalRequestThreshold: m.threshold.limit, requestThresholdTimeframe: 60, currentTimeframeRequestCount: m.threshold.used });
    }
    const [entity = '', ...tail] = rest.split('/');
    const rows = m.rows[entity] ?? [];
    if (tail.join('/') === 'entityInformation/fields') return sendJson(res, 200, { fields: FIELDS[entity] ?? [{ name: 'id', dataType: 'long' }] });
    if (req.method === 'GET' && tail.length === 1 && /^\d+$/.test(tail[0]!)) {
      const row = rows.find((r) => r.id === Number(tail[0]));
      return row ? sendJson(res, 200, { item: row }) : sendJson(res, 404, { errors: ['not found'] });
    }
    if (tail[0] !== 'query') return sendJson(res, 404, { Message: 'No HTTP resource was found' });
    if (req.method !== 'POST') return sendJson(res, 405, { Message: "The requested resource does not support http method 'GET'." });
    if (!req.body) return sendJson(res, 500, { errors: ['Value cannot be null. Parameter name: queryModel'] });
    const model = JSON.parse(req.body) as { filter: Filter[]; MaxRecords?: number; IncludeFields?: string[] };
    let matching = rows.filter((r) => model.filter.every((f) => matches(r, f))).sort((a, b) => a.id - b.id);
    if (tail[1] === 'count') return sendJson(res, 200, { queryCount: matching.length });
    const size = Math.min(500, model.MaxRecords ?? 500);
    if (tail[1] === 'next') {
      const after = Number(url.searchParams.get('after'));
      matching = matching.filter((r) => r.id > after);
    }
    inFlight[entity] = (inFlight[entity] ?? 0) + 1;
    m.peakInFlight[entity] = Math.max(m.peakInFlight[entity] ?? 0, inFlight[entity]!);
    if (m.queryDelayMs) await new Promise((r) => setTimeout(r, m.queryDelayMs));
    inFlight[entity]! -= 1;
    const page = matching
      .slice(0, size)
      .map((r) => (model.IncludeFields ? Object.fromEntries(Object.entries(r).filter(([k]) => model.IncludeFields!.some((f) => f.toLowerCase() === k.toLowerCase()))) : r));
    const last = page[page.length - 1];
    const nextPageUrl = matching.length > size && last ? `${server.origin}${m.zonePath}V1.0/${entity}/query/next?after=${last.id}` : null;
    return sendJson(res, 200, { items: page, pageDetails: { count: page.length, requestCount: size, prevPageUrl: null, nextPageUrl } });
  });
  return m;
}
