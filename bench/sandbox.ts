// Sandbox benchmark: `npx tsx bench/sandbox.ts`. Prints how long the `large` tenant takes to generate and
// how fast the server answers 500-row TimeEntries pages of it over HTTP (first page, a deep `id gt`
// page, a nextPageUrl page), plus a count. Figures only — nothing here asserts a time.
import { startSandbox } from '../main/sandbox';
import { generateTenant } from '../main/sandbox/tenant/generate-tenant';
import { dayStart } from '../main/sandbox/date-format';

const ANCHOR = '2026-03-15';
const RUNS = 15;

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return `median ${pick(0.5).toFixed(1)} ms, p90 ${pick(0.9).toFixed(1)} ms, min ${s[0]!.toFixed(1)} ms (n=${s.length})`;
}

async function main(): Promise<void> {
  let t0 = performance.now();
  const tenant = generateTenant('large', 1, dayStart(ANCHOR));
  const genMs = performance.now() - t0;
  const rows = Object.values(tenant).reduce((n, r) => n + r.length, 0);
  console.log(`large tenant generation: ${genMs.toFixed(0)} ms (${rows.toLocaleString('en')} rows, ${tenant.TimeEntries.length.toLocaleString('en')} time entries)`);

  t0 = performance.now();
  const sb = await startSandbox({ size: 'large', anchorDate: ANCHOR, latencyScale: 0, hourlyLimit: 1_000_000 });
  console.log(`startSandbox({ size: 'large' }) until listening: ${(performance.now() - t0).toFixed(0)} ms`);
  const base = `${sb.zoneUrl()}V1.0/`;
  const headers = {
    UserName: sb.credentials.username,
    Secret: sb.credentials.secret,
    ApiIntegrationCode: sb.credentials.integrationCode,
    'content-type': 'application/json',
  };
  const windowStart = new Date(dayStart(ANCHOR) - 90 * 86_400_000).toISOString();
  const syncFilter = [
    { op: 'gte', field: 'dateWorked', value: windowStart },
    { op: 'eq', field: 'isNonBillable', value: false },
    { op: 'exist', field: 'billingApprovalDateTime' },
  ];
  const post = async (url: string, body: unknown): Promise<{ ms: number; json: any; bytes: number }> => {
    const start = performance.now();
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
    const text = await res.text();
    const ms = performance.now() - start;
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
    return { ms, json: JSON.parse(text), bytes: text.length };
  };
  const measure = async (label: string, url: string, body: unknown): Promise<void> => {
    await post(url, body); // warm-up
    const samples: number[] = [];
    let last = { count: 0, bytes: 0 };
    for (let i = 0; i < RUNS; i++) {
      const r = await post(url, body);
      samples.push(r.ms);
      last = { count: r.json.items?.length ?? r.json.queryCount, bytes: r.bytes };
    }
    console.log(`${label.padEnd(44)} ${stats(samples)}  [${last.count} rows, ${(last.bytes / 1024).toFixed(0)} KiB]`);
  };

  const firstBody = { filter: syncFilter, MaxRecords: 500 };
  await measure('TimeEntries first page (500, sync filter)', `${base}TimeEntries/query`, firstBody);

  const deepId = tenant.TimeEntries[190_000]!.id as number;
  await measure(`TimeEntries deep page (id gt ${deepId})`, `${base}TimeEntries/query`, {
    filter: [...syncFilter, { op: 'gt', field: 'id', value: deepId }],
    MaxRecords: 500,
  });

  const first = await post(`${base}TimeEntries/query`, firstBody);
  await measure('TimeEntries nextPageUrl page (page 2)', first.json.pageDetails.nextPageUrl, firstBody);

  let url: string = first.json.pageDetails.nextPageUrl;
  let pages = 1;
  t0 = performance.now();
  while (url && pages < 1000) {
    const r = await post(url, firstBody);
    pages++;
    if (pages === 150) await measure('TimeEntries nextPageUrl page (page 150)', url, firstBody);
    url = r.json.pageDetails.nextPageUrl;
  }
  console.log(`full nextPageUrl walk of the sync filter: ${pages} pages in ${(performance.now() - t0).toFixed(0)} ms`);

  await measure('TimeEntries query/count (sync filter)', `${base}TimeEntries/query/count`, { filter: syncFilter });
  await measure('TimeEntries by id in [500 ids]', `${base}TimeEntries/query`, {
    filter: [{ op: 'in', field: 'id', value: tenant.TimeEntries.slice(100_000, 100_500).map((r) => r.id) }],
  });

  await sb.close();
  const mem = process.memoryUsage();
  console.log(`process heap used at end: ${(mem.heapUsed / 1e6).toFixed(0)} MB, rss ${(mem.rss / 1e6).toFixed(0)} MB`);
}

await main();
