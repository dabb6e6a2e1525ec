import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import ts from 'typescript';
import { findCycles, importEdges, layerRule, type ImportEdge } from './layers';

// The import rules of ARCHITECTURE.md, checked on every `npm run lint`:
// - only main/electron/** and preload/** may import 'electron' (it throws at import time where the
//   Electron binary is absent, which is everywhere tests run);
// - renderer/ never imports main/ (or Node built-ins); it talks to the core only through window.api;
// - shared/ imports no Node built-ins, no Electron, nothing from main/, renderer/ or preload/;
// - nothing outside main/electron/ imports main/electron/ (tests only its modules that never reach
//   'electron'), and nothing outside renderer/ imports renderer/;
// - inside main/, imports point down the layer order of scripts/layers.ts, and no source file (main/,
//   shared/, renderer/, preload/) is part of an import cycle.

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  rule: string;
}

const SOURCE_DIRS = ['main', 'shared', 'preload', 'renderer', 'test', 'scripts', 'bench'];
const EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx']);
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function* walk(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (EXTENSIONS.has(path.extname(entry.name))) yield full;
  }
}

const under = (rel: string, dir: string) => rel === dir || rel.startsWith(`${dir}/`);

function resolveRelative(fromFileRel: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return path.posix.normalize(path.posix.join(path.posix.dirname(fromFileRel), specifier));
}

/** Reads a project file by its root-relative path (no extension needed); null when it does not exist. */
export type SourceReader = (relPathWithoutExtension: string) => string | null;

/** Whether a module reaches 'electron', directly or through the relative imports it follows. */
function reachesElectron(relNoExt: string, readSource: SourceReader, seen = new Set<string>()): boolean {
  if (seen.has(relNoExt)) return false;
  seen.add(relNoExt);
  const text = readSource(relNoExt);
  if (text === null) return false;
  for (const imp of ts.preProcessFile(text, true, true).importedFiles) {
    if (imp.fileName === 'electron' || imp.fileName.startsWith('electron/')) return true;
    const next = resolveRelative(`${relNoExt}.ts`, imp.fileName);
    if (next && reachesElectron(next, readSource, seen)) return true;
  }
  return false;
}

export function checkFile(rel: string, text: string, readSource?: SourceReader): Violation[] {
  const out: Violation[] = [];
  const info = ts.preProcessFile(text, true, true);
  for (const imp of info.importedFiles) {
    const spec = imp.fileName;
    const line = text.slice(0, imp.pos).split('\n').length;
    const target = resolveRelative(rel, spec);
    const add = (rule: string) => out.push({ file: rel, line, specifier: spec, rule });
    const isElectron = spec === 'electron' || spec.startsWith('electron/');
    if (isElectron && !under(rel, 'main/electron') && !under(rel, 'preload')) {
      add("only main/electron/** and preload/** may import 'electron'");
    }
    if (under(rel, 'renderer')) {
      if (target && under(target, 'main')) add('renderer/ must not import main/ (use window.api)');
      if (NODE_BUILTINS.has(spec) && !rel.endsWith('vite.config.ts')) add('renderer/ must not import Node built-ins');
    }
    if (under(rel, 'shared')) {
      if (NODE_BUILTINS.has(spec) || isElectron) add('shared/ must not import Node built-ins or electron');
      if (target && (under(target, 'main') || under(target, 'renderer') || under(target, 'preload'))) {
        add('shared/ must not import main/, renderer/ or preload/');
      }
    }
    if (target && under(target, 'main/electron') && !under(rel, 'main/electron')) {
      // Tests may import the Electron-free (pure) modules of main/electron/, never one that imports
      // 'electron' (it throws without the binary).
      const source = under(rel, 'test') && readSource ? readSource(target) : null;
      if (source === null || !readSource) add('nothing outside main/electron/ may import it');
      else if (reachesElectron(target, readSource)) add("tests may import only the modules of main/electron/ that do not import 'electron'");
    }
    // (main/electron/ has its own rule above.)
    const layered = target && !under(target, 'main/electron') ? layerRule(rel, target) : null;
    if (layered) add(layered);
    if (target && under(target, 'renderer') && !under(rel, 'renderer') && !under(rel, 'test')) {
      add('nothing outside renderer/ (and its tests) may import renderer/');
    }
  }
  return out;
}

/** The project file a relative import names (root-relative, with its extension), or null. */
function resolveProjectFile(rootDir: string, relNoExt: string): string | null {
  for (const candidate of [relNoExt, ...[...EXTENSIONS].map((e) => relNoExt + e), `${relNoExt}/index.ts`]) {
    const full = path.join(rootDir, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return candidate;
  }
  return null;
}

function readProjectSource(rootDir: string, relNoExt: string): string | null {
  const file = resolveProjectFile(rootDir, relNoExt);
  return file === null ? null : fs.readFileSync(path.join(rootDir, file), 'utf8');
}

const CYCLE_CHECKED = ['main', 'shared', 'renderer', 'preload'];

function cycleViolations(edges: ImportEdge[]): Violation[] {
  return findCycles(edges).flatMap(([first, ...rest]) =>
    first ? [{ file: first.from, line: first.line, specifier: first.specifier, rule: `import cycle: ${[first.from, first.to, ...rest.map((e) => e.to)].join(' → ')}` }] : [],
  );
}

// SQL lives in main/db (issue #13.5): a prepared statement or an exec of SQL text anywhere else in main/ is refused.
const SQL_CALL = /\.prepare\(|\.exec\(\s*['"`]|\bcachedStatement\(/g;
export function sqlViolations(rel: string, text: string): Violation[] {
  if (!under(rel, 'main') || under(rel, 'main/db')) return [];
  return [...text.matchAll(SQL_CALL)].map((m) => ({
    file: rel,
    line: text.slice(0, m.index).split('\n').length,
    specifier: m[0],
    rule: 'SQL lives in main/db: move the statement into a main/db/queries module',
  }));
}

export function checkBoundaries(rootDir: string): Violation[] {
  const violations: Violation[] = [];
  const edges: ImportEdge[] = [];
  for (const dir of SOURCE_DIRS) {
    for (const file of walk(path.join(rootDir, dir))) {
      const rel = path.relative(rootDir, file).split(path.sep).join('/');
      const text = fs.readFileSync(file, 'utf8');
      violations.push(...checkFile(rel, text, (target) => readProjectSource(rootDir, target)), ...sqlViolations(rel, text));
      if (CYCLE_CHECKED.includes(dir)) edges.push(...importEdges(rel, text, (target) => resolveProjectFile(rootDir, target)));
    }
  }
  return [...violations, ...cycleViolations(edges)];
}
