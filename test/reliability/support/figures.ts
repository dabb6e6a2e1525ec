// The reliability suite's figures (issue 10: one per row of its list). Each test file runs in its own
// forked process, so figures are written as small JSON files under test-artifacts/reliability/parts/ and
// the global setup's teardown merges them into test-artifacts/reliability.json and prints the table.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type FigureValue = number | string;

export interface Figure {
  section: string;
  name: string;
  value: FigureValue;
  /** Optional detail printed next to the value (method used, breakdown). */
  note?: string;
}

const here = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS_DIR = path.resolve(here, '..', '..', '..', 'test-artifacts');
export const PARTS_DIR = path.join(ARTIFACTS_DIR, 'reliability', 'parts');
export const REPORT_FILE = path.join(ARTIFACTS_DIR, 'reliability.json');

/** Sections in the order of the list; figures print in this order. */
export const SECTIONS = ['crashes', 'hostile network', 'bad input', 'disk faults', 'secrets', 'under load', 'hardening'] as const;
export type Section = (typeof SECTIONS)[number];

function partFile(section: string, name: string): string {
  const slug = `${section}--${name}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 120);
  return path.join(PARTS_DIR, `${slug}.json`);
}

/** Records (or replaces) one figure. */
export function recordFigure(section: Section, name: string, value: FigureValue, note?: string): void {
  fs.mkdirSync(PARTS_DIR, { recursive: true });
  const figure: Figure = { section, name, value, ...(note ? { note } : {}) };
  fs.writeFileSync(partFile(section, name), JSON.stringify(figure));
}

export function readFigures(): Figure[] {
  if (!fs.existsSync(PARTS_DIR)) return [];
  const figures = fs
    .readdirSync(PARTS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(fs.readFileSync(path.join(PARTS_DIR, f), 'utf8')) as Figure);
  const order = (s: string) => {
    const i = (SECTIONS as readonly string[]).indexOf(s);
    return i < 0 ? SECTIONS.length : i;
  };
  return figures.sort((a, b) => order(a.section) - order(b.section) || a.name.localeCompare(b.name));
}

export function formatTable(figures: Figure[]): string {
  const rows = figures.map((f) => [f.section, f.name, typeof f.value === 'number' ? f.value.toLocaleString('en-US') : f.value, f.note ?? '']);
  const head = ['Area', 'Figure', 'Value', 'Note'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(head), sep, ...rows.map((r) => line(r.map(String)))].join('\n');
}
