// Renders figures as one plain-text table (stdout) and as a Markdown table (bench/RESULTS.md).
import type { Figure } from './figure';

export function formatNumber(v: number | null, unit = ''): string {
  if (v === null || !Number.isFinite(v)) return '—';
  const abs = Math.abs(v);
  const digits = abs >= 1000 || Number.isInteger(v) ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  const text = v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${text} ${unit}` : text;
}

export function formatRatio(r: number | null): string {
  if (r === null || !Number.isFinite(r)) return '—';
  return `${r.toFixed(r >= 100 ? 0 : r >= 10 ? 1 : 2)}×`;
}

const VERDICT_TEXT: Record<Figure['verdict'], string> = {
  met: 'met',
  missed: 'MISSED',
  info: '',
  'not measured': 'NOT MEASURED',
};

export interface Row {
  cells: string[];
}

export function figureCells(f: Figure): string[] {
  const reference = f.reference === null ? f.referenceLabel || '—' : `${formatNumber(f.reference, f.unit)}${f.referenceLabel ? ` (${f.referenceLabel})` : ''}`;
  return [f.section, f.label, formatNumber(f.value, f.unit), reference, formatRatio(f.ratio), f.target, VERDICT_TEXT[f.verdict]];
}

const HEADER = ['#', 'Figure', 'Measured', 'Bound / peer (same run)', 'Ratio', 'Target', 'Verdict'];

/** Fixed-width text table; notes are listed under it, numbered, so the columns stay readable. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map(figureCells);
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [line(HEADER), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of rows) out.push(line(r));
  const notes = figures.filter((f) => f.note);
  if (notes.length) {
    out.push('', 'Notes:');
    for (const f of notes) out.push(`  [${f.key}] ${f.note}`);
  }
  return out.join('\n');
}

const md = (s: string) => s.replace(/\|/g, '\\|');

export function formatMarkdownTable(figures: readonly Figure[]): string {
  const out = [`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => '---').join('|')}|`];
  for (const f of figures) out.push(`| ${figureCells(f).map(md).join(' | ')} |`);
  return out.join('\n');
}
