import path from 'node:path';
import ts from 'typescript';

// The layer order of main/ (README "Layout"), top to bottom. A module may import its own folder and any
// folder of a LOWER tier, never one of its own tier or above; main/x.ts files count as folder x.
//   electron | cli → demo → app | bridge → api → attention | excluded → billing → sync
//     → autotask | config | export | schedule | sandbox → db | secrets → paths | app-version → shared
//   renderer → shared, preload → shared (see boundaries.ts)
// Nothing imports electron/ or cli/ (they are the top tier). Import cycles are refused everywhere.
export const LAYERS: readonly (readonly string[])[] = [
  ['electron', 'cli'],
  ['demo'],
  ['app', 'bridge'],
  ['api'],
  ['attention', 'excluded'],
  ['billing'],
  ['sync'],
  ['autotask', 'config', 'export', 'schedule', 'sandbox'],
  ['db', 'secrets'],
  ['paths', 'app-version'],
];

export const LAYER_ORDER =
  'electron | cli → demo → app | bridge → api → attention | excluded → billing → sync → autotask | config | export | schedule | sandbox → db | secrets → paths | app-version → shared';

const tierOf = new Map(LAYERS.flatMap((names, tier) => names.map((n) => [n, tier] as const)));

/** main/sync/run-sync.ts → 'sync'; main/cli.ts → 'cli'; null outside main/. */
export function layerOf(rel: string): string | null {
  const [top, name, ...rest] = rel.split('/');
  if (top !== 'main' || name === undefined) return null;
  return rest.length === 0 ? name.replace(/\.[cm]?[jt]sx?$/, '') : name;
}

/** The rule an import from `rel` to `target` (both root-relative) breaks, or null. */
export function layerRule(rel: string, target: string): string | null {
  const from = layerOf(rel);
  const to = layerOf(target);
  if (from === null || to === null || from === to) return null;
  const a = tierOf.get(from);
  const b = tierOf.get(to);
  if (a === undefined) return `main/${from} has no place in the layer order (add it to LAYERS in scripts/layers.ts)`;
  if (b === undefined) return `main/${to} has no place in the layer order (add it to LAYERS in scripts/layers.ts)`;
  if (b <= a) return `main/${from} may not import main/${to} (layer order: ${LAYER_ORDER})`;
  return null;
}

export interface ImportEdge {
  from: string;
  to: string;
  line: number;
  specifier: string;
}

/** Every cycle among the files' relative imports (each strongly connected group once, as one concrete loop). */
export function findCycles(edges: ImportEdge[]): ImportEdge[][] {
  const out = new Map<string, ImportEdge[]>();
  for (const e of edges) out.set(e.from, [...(out.get(e.from) ?? []), e]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: Set<string>[] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const e of out.get(v) ?? []) {
      if (!index.has(e.to)) {
        visit(e.to);
        low.set(v, Math.min(low.get(v)!, low.get(e.to)!));
      } else if (onStack.has(e.to)) low.set(v, Math.min(low.get(v)!, index.get(e.to)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group = new Set<string>();
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.add(w);
    } while (w !== v);
    if (group.size > 1 || (out.get(v) ?? []).some((e) => e.to === v)) groups.push(group);
  };
  for (const v of [...out.keys()].sort()) if (!index.has(v)) visit(v);
  return groups.map((g) => loopWithin(g, out));
}

/** A shortest path from the group's first file back to itself, staying inside the group. */
function loopWithin(group: Set<string>, out: Map<string, ImportEdge[]>): ImportEdge[] {
  const start = [...group].sort()[0];
  const via = new Map<string, ImportEdge>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const e of out.get(v) ?? []) {
      if (!group.has(e.to)) continue;
      if (e.to === start) {
        const loop = [e];
        for (let at = v; at !== start; at = via.get(at)!.from) loop.unshift(via.get(at)!);
        return loop;
      }
      if (!via.has(e.to)) {
        via.set(e.to, e);
        queue.push(e.to);
      }
    }
  }
  return [];
}

/** The relative imports of one file, resolved to project files by `resolve` (null: not a project file). */
export function importEdges(rel: string, text: string, resolve: (relNoExt: string) => string | null): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const imp of ts.preProcessFile(text, true, true).importedFiles) {
    if (!imp.fileName.startsWith('.')) continue;
    const to = resolve(path.posix.normalize(path.posix.join(path.posix.dirname(rel), imp.fileName)));
    if (to) edges.push({ from: rel, to, line: text.slice(0, imp.pos).split('\n').length, specifier: imp.fileName });
  }
  return edges;
}
