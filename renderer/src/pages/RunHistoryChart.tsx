import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';
import type { RunDay } from '../../../shared/domain';
import { formatCalendarDate, formatCount, formatDuration } from '../lib/format';

// Only the bar chart's parts: keeps the bundle small (tree-shaken chart.js).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** One sentence for the canvas's accessible name: the chart's gist, the table below has every figure. */
export function chartSummary(days: RunDay[]): string {
  const sum = (k: keyof Omit<RunDay, 'day'>) => days.reduce((n, d) => n + d[k], 0);
  if (days.length === 0) return 'Runs per day: no data.';
  return (
    `Runs per day, ${formatCalendarDate(days[0]!.day)} to ${formatCalendarDate(days.at(-1)!.day)}: ${formatCount(sum('runs'))} runs ` +
    `(${formatCount(sum('success'))} successful, ${formatCount(sum('partial'))} partial, ${formatCount(sum('failed'))} failed, ${formatCount(sum('cancelled'))} cancelled), ` +
    `${formatCount(sum('created'))} created, ${formatCount(sum('updated'))} updated, ${formatCount(sum('errors'))} errors. The table below lists each day.`
  );
}

const cssVar = (name: string, fallback: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

/**
 * Created / updated / errors per day as grouped bars. The canvas is one image to assistive technology
 * (role img, a summary as its name); the table alternative carries every figure, keyboard-readable.
 */
export function RunHistoryChart({ days }: { days: RunDay[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const text = cssVar('--text', '#1f2933');
    const grid = cssVar('--border', '#dde2e8');
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: days.map((d) => formatCalendarDate(d.day).replace(/ \d{4}$/, '')),
        datasets: [
          { label: 'Created', data: days.map((d) => d.created), backgroundColor: cssVar('--green-text', '#2f7d32') },
          { label: 'Updated', data: days.map((d) => d.updated), backgroundColor: cssVar('--accent', '#2563eb') },
          { label: 'Errors', data: days.map((d) => d.errors), backgroundColor: cssVar('--red-text', '#b42318') },
        ],
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { ticks: { color: text }, grid: { color: grid } },
          y: { beginAtZero: true, ticks: { color: text, precision: 0 }, grid: { color: grid } },
        },
        plugins: { legend: { labels: { color: text } } },
      },
    });
    return () => chart.destroy();
  }, [days]);
  return (
    <div className="chart-box">
      <canvas ref={canvas} role="img" aria-label={chartSummary(days)} data-testid="runs-chart" />
    </div>
  );
}

/** The chart's table alternative: every day, every figure, outcomes counted apart. */
export function RunHistoryTable({ days }: { days: RunDay[] }) {
  return (
    <div className="table-wrap" role="region" aria-label="Runs per day, scrollable table" tabIndex={0}>
      <table className="data-table compact" data-testid="runs-per-day-table">
        <caption className="sr-only">Runs per day: the figures of the chart</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {['Runs', 'Successful', 'Partial', 'Failed', 'Cancelled', 'Created', 'Updated', 'Errors', 'API calls', 'Duration'].map((h) => (
              <th key={h} scope="col" className="num">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <th scope="row">{formatCalendarDate(d.day)}</th>
              {[d.runs, d.success, d.partial, d.failed, d.cancelled, d.created, d.updated, d.errors, d.apiCalls].map((n, i) => (
                <td key={i} className="num">
                  {formatCount(n)}
                </td>
              ))}
              <td className="num">{d.runs ? formatDuration(d.durationMs) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
