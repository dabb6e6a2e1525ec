// One benchmark figure: a measured value, what it is compared with (a lower bound or a peer, measured in
// the same run), the ratio, and whether the target is met. Ratios are what we publish, because
// absolute times on these shared 2-core machines move by tens of percent between runs.

export type Verdict = 'met' | 'missed' | 'info' | 'not measured';

export interface Figure {
  /** Issue 9 point: "1" … "6". */
  section: string;
  /** Stable key for the JSON output, e.g. `fullSync.apiCalls`. */
  key: string;
  label: string;
  /** What was measured; null when it could not be (see `note`). */
  value: number | null;
  unit: string;
  /** The bound or peer figure it is compared with (same run), if any. */
  reference: number | null;
  referenceLabel: string;
  /** value / reference (or the figure's own ratio definition, see `ratioLabel`). */
  ratio: number | null;
  /** The target in words, e.g. "≤ 1.05 × bound". */
  target: string;
  verdict: Verdict;
  /** What limits the figure, how it was measured, or why it is missing. */
  note: string;
}

export interface FigureInput {
  section: string;
  key: string;
  label: string;
  value: number | null;
  unit: string;
  reference?: number | null;
  referenceLabel?: string;
  ratio?: number | null;
  target?: string;
  /** Decides the verdict from the value and ratio; omitted = informational. */
  check?: (value: number, ratio: number | null) => boolean;
  note?: string;
}

export function figure(f: FigureInput): Figure {
  const reference = f.reference ?? null;
  const ratio = f.ratio !== undefined ? f.ratio : f.value !== null && reference ? f.value / reference : null;
  let verdict: Verdict = 'info';
  if (f.value === null) verdict = 'not measured';
  else if (f.check) verdict = f.check(f.value, ratio) ? 'met' : 'missed';
  return {
    section: f.section,
    key: f.key,
    label: f.label,
    value: f.value,
    unit: f.unit,
    reference,
    referenceLabel: f.referenceLabel ?? '',
    ratio,
    target: f.target ?? '',
    verdict,
    note: f.note ?? '',
  };
}

/** A figure that could not be measured in this run, with the reason. */
export function missing(section: string, key: string, label: string, reason: string, target = ''): Figure {
  return figure({ section, key, label, value: null, unit: '', target, note: reason });
}
