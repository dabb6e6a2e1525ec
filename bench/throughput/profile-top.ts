// The top of a V8 CPU profile (.cpuprofile, as `node --cpu-prof` or the inspector writes it): self time
// per function (name + file:line), summed over every node of that function, as a share of all samples.
export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  fn: string;
  ms: number;
  share: number;
}

export function selfTimes(p: CpuProfile): SelfTime[] {
  const byNode = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) byNode.set(p.samples[i]!, (byNode.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const total = [...byNode.values()].reduce((a, b) => a + b, 0) || 1;
  const byFn = new Map<string, number>();
  for (const n of p.nodes) {
    const us = byNode.get(n.id) ?? 0;
    if (!us) continue;
    const file = n.callFrame.url.replace(/^.*\/(node_modules\/)?/, (m) => (m.includes('node_modules') ? 'node_modules/' : ''));
    const where = file ? ` ${file}:${n.callFrame.lineNumber + 1}` : '';
    const key = `${n.callFrame.functionName || '(anonymous)'}${where}`;
    byFn.set(key, (byFn.get(key) ?? 0) + us);
  }
  return [...byFn.entries()].map(([fn, us]) => ({ fn, ms: us / 1000, share: us / total })).sort((a, b) => b.ms - a.ms);
}

export function topSelfTime(p: CpuProfile, n: number): string[] {
  return selfTimes(p)
    .slice(0, n)
    .map((s) => `${(100 * s.share).toFixed(1).padStart(5)} %  ${s.ms.toFixed(0).padStart(6)} ms  ${s.fn}`);
}
