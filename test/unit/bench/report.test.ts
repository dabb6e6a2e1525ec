import { describe, expect, it } from 'vitest';
import { figure, missing } from '../../../bench/report/figure';
import { formatMarkdownTable, formatNumber, formatRatio, formatTable } from '../../../bench/report/format-table';

describe('benchmark figures and tables', () => {
  it('computes the ratio against the same-run reference and judges the target', () => {
    const f = figure({ section: '1', key: 'k', label: 'API calls', value: 252, unit: 'calls', reference: 245, check: (_, r) => r !== null && r <= 1.05 });
    expect(f.ratio).toBeCloseTo(252 / 245);
    expect(f.verdict).toBe('met');
    const g = figure({ section: '2', key: 'w', label: 'Wall', value: 26, unit: 's', reference: 12, check: (_, r) => r !== null && r <= 1.3 });
    expect(g.verdict).toBe('missed');
  });

  it('marks figures without a check as informational and missing ones as not measured', () => {
    expect(figure({ section: '4', key: 'i', label: 'Info', value: 3, unit: 'MB' }).verdict).toBe('info');
    const m = missing('5', 'logViewer', 'Log viewer', 'the script failed');
    expect(m.verdict).toBe('not measured');
    expect(m.value).toBeNull();
    expect(m.note).toBe('the script failed');
  });

  it('formats numbers and ratios for reading', () => {
    expect(formatNumber(117_600, 'rows')).toBe('117,600 rows');
    expect(formatNumber(1.2345, 's')).toBe('1.23 s');
    expect(formatNumber(null)).toBe('—');
    expect(formatRatio(1.0312)).toBe('1.03×');
    expect(formatRatio(null)).toBe('—');
  });

  it('prints one aligned table with the notes under it, and a Markdown table with escaped pipes', () => {
    const figs = [
      figure({
        section: '1',
        key: 'a',
        label: 'API calls',
        value: 10,
        unit: 'calls',
        reference: 10,
        referenceLabel: 'lower bound',
        target: '≤ 1.05 × bound',
        check: () => true,
        note: 'a | b',
      }),
      missing('6', 'peer', 'Peer', 'not run'),
    ];
    const text = formatTable(figs);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^#\s+Figure\s+Measured/);
    expect(lines[2]).toContain('10 calls (lower bound)');
    expect(lines[2]).toContain('1.00×');
    expect(lines[3]).toContain('NOT MEASURED');
    expect(text).toContain('[a] a | b');
    const md = formatMarkdownTable(figs);
    expect(md.split('\n')).toHaveLength(4);
    expect(md).toContain('| 1 | API calls | 10 calls |');
  });
});
