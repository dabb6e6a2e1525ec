// Issue 9 point 6: the same full read of TimeEntries and Contracts (+ the customers the matching contracts
// need) by our client and by @apigrate/autotask-restapi, on one sandbox, one after the other — the lead's
// `comparePeer` in bench/peer.ts. Calls come from the sandbox's counter; wall time includes a fixed added
// latency per request, which is what makes the calls matter.
import { comparePeer, type PeerComparison } from '../peer';
import { figure, missing, type Figure } from '../report/figure';
import type { Progress } from './progress';

export async function runPeerSection(opts: { latencyMs: number; progress: Progress }): Promise<{ figures: Figure[]; details: PeerComparison | null }> {
  opts.progress.step(`peer: our client vs @apigrate/autotask-restapi, ${opts.latencyMs} ms latency per request`);
  try {
    const r = await comparePeer({ latencyMs: opts.latencyMs });
    opts.progress.step(`  ours ${r.ours.calls} calls ${(r.ours.wallMs / 1000).toFixed(1)} s; theirs ${r.theirs.calls} calls ${(r.theirs.wallMs / 1000).toFixed(1)} s`);
    return { figures: peerFigures(r), details: r };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { figures: [missing('6', 'peer', 'Peer comparison', why)], details: null };
  }
}

export function peerFigures(r: PeerComparison): Figure[] {
  const what = (x: PeerComparison['ours']) =>
    `${x.timeEntries.toLocaleString('en')} time entries, ${x.contracts.toLocaleString('en')} matching contracts, ${x.companies.toLocaleString('en')} companies`;
  return [
    figure({
      section: '6',
      key: 'peer.calls',
      label: 'Peer read: API calls, ours',
      value: r.ours.calls,
      unit: 'calls',
      reference: r.theirs.calls,
      referenceLabel: '@apigrate/autotask-restapi',
      target: 'fewer (ours / theirs < 1)',
      check: (_, ratio) => ratio !== null && ratio < 1,
      note: `Ours read ${what(r.ours)}; theirs read ${what(r.theirs)} (id > last loop over every TimeEntry and Contract, one Companies GET per matching contract).`,
    }),
    figure({
      section: '6',
      key: 'peer.wallTime',
      label: `Peer read: wall time, ours, ${r.latencyMs} ms latency`,
      value: r.ours.wallMs / 1000,
      unit: 's',
      reference: r.theirs.wallMs / 1000,
      referenceLabel: '@apigrate/autotask-restapi',
      target: 'faster (ours / theirs < 1)',
      check: (_, ratio) => ratio !== null && ratio < 1,
    }),
  ];
}
