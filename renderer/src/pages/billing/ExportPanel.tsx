import { useEffect, useRef, useState } from 'react';
import type { BillingExportResult } from '../../../../shared/api-contract';
import { BILLING_EXPORT_FORMATS, type BillingExportFormat } from '../../../../shared/settings';
import { call } from '../../api';
import { errorMessage, formatMoney } from '../../lib/format';
import { FORMAT_HINT, FORMAT_LABEL, plural, settingLabel } from './billing-text';

export interface ExportPanelProps {
  period: string;
  monthLabel: string;
  open: boolean;
  currency: string;
  format: BillingExportFormat;
  onFormat: (f: BillingExportFormat) => void;
  missing: string[];
  /** After a file was written (the month's history gains the export). */
  onExported: () => void;
}

/**
 * The format chooser (remembered in the `billingExportFormat` setting), the export button and its result:
 * the files with their SHA-256, and for QuickBooks Online the credits left out for entry by hand. An open
 * month exports as a draft.
 */
export function ExportPanel({ period, monthLabel, open, currency, format, onFormat, missing, onExported }: ExportPanelProps) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ format: BillingExportFormat; value: BillingExportResult } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    setResult(null);
    setError(null);
  }, [period]);

  const run = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const value = await call('billing:export', { period, format, ...(open ? { draft: true } : {}) });
      setResult({ format, value });
      if (value.status === 'download') {
        for (const f of value.files) if (f.url) triggerDownload(f.url, f.fileName);
      }
      if (value.status !== 'cancelled') onExported();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel export-panel" aria-labelledby="export-title">
      <h2 id="export-title" className="panel-title">
        Export {monthLabel}
      </h2>
      <fieldset className="format-choice">
        <legend>Format</legend>
        {BILLING_EXPORT_FORMATS.map((f) => (
          <label key={f} className="format-option">
            <input type="radio" name="billing-format" value={f} checked={format === f} onChange={() => onFormat(f)} />
            <span>
              <span className="strong">{FORMAT_LABEL[f]}</span>
              <span className="cell-sub">{FORMAT_HINT[f]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {missing.length > 0 && (
        <p className="feedback feedback-warning" id="export-missing">
          {FORMAT_LABEL[format]} needs {missing.map(settingLabel).join(' and ')} before it can export. Set {missing.length === 1 ? 'it' : 'them'} in{' '}
          <a href="#/config">Configuration → Billing</a>.
        </p>
      )}
      <div className="panel-actions">
        <button
          type="button"
          className="btn btn-primary"
          aria-disabled={busy || undefined}
          aria-describedby={missing.length > 0 ? 'export-missing' : undefined}
          onClick={() => void run()}
        >
          {busy ? 'Exporting…' : open ? `Export draft (${FORMAT_LABEL[format]})` : `Export ${FORMAT_LABEL[format]}`}
        </button>
        {open && <span className="cell-sub">A draft: the month stays open and its invoices are not numbered.</span>}
      </div>
      <div role="status" ref={resultRef} className="export-result" data-testid="export-result">
        {result && <ExportResultView result={result.value} format={result.format} currency={currency} />}
      </div>
      <div role="alert">
        {error && (
          <p className="feedback feedback-error" data-testid="export-error">
            Not exported: {error}
          </p>
        )}
      </div>
    </section>
  );
}

function ExportResultView({ result, format, currency }: { result: BillingExportResult; format: BillingExportFormat; currency: string }) {
  if (result.status === 'cancelled') return <p className="feedback">Export cancelled; no file was written.</p>;
  return (
    <div className="feedback feedback-success">
      <p>
        {result.status === 'download' ? 'Downloaded' : 'Saved'} {plural(result.files.length, 'file')} for {FORMAT_LABEL[format]}:
      </p>
      <ul className="export-files">
        {result.files.map((f) => (
          <li key={f.fileName}>
            {f.url ? (
              <a href={f.url} download={f.fileName}>
                {f.fileName}
              </a>
            ) : (
              <span className="strong">{f.fileName}</span>
            )}{' '}
            <span className="cell-sub">
              {plural(f.invoices, 'invoice')}, {plural(f.rows, 'row')}
              {f.path ? ` · ${f.path}` : ''}
            </span>
            <span className="cell-sub">
              SHA-256 <code className="sha">{f.sha256}</code>
            </span>
          </li>
        ))}
      </ul>
      {result.leftOut.length > 0 && (
        <div className="left-out" data-testid="export-left-out">
          <p className="strong">
            {plural(result.leftOut.length, 'credit')} left out of the file — enter {result.leftOut.length === 1 ? 'it' : 'them'} by hand:
          </p>
          <table className="data-table compact">
            <caption className="sr-only">Credits to enter by hand</caption>
            <thead>
              <tr>
                <th scope="col">Invoice</th>
                <th scope="col">Customer</th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {result.leftOut.map((c) => (
                <tr key={c.invoiceNumber}>
                  <td className="mono">{c.invoiceNumber}</td>
                  <td>{c.customer}</td>
                  <td className="num">{formatMoney(c.total, currency)}</td>
                  <td>{c.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function triggerDownload(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
