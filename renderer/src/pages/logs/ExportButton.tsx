import { useState } from 'react';
import type { ExportResult, LogFilter } from '../../../../shared/domain';
import { call } from '../../api';
import { errorMessage, formatCount } from '../../lib/format';

/** Starts a browser download of `url` under `fileName` (browser mode: the bridge streams the CSV). */
export function startDownload(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/**
 * Export CSV of the filtered rows. In the desktop app the core shows the native save dialog and says
 * where it saved; in browser mode it hands back a download link with the same file name.
 */
export function ExportButton({
  filter,
  onResult,
  export: exportRows,
  noun = 'log rows',
}: {
  filter?: LogFilter;
  onResult: (r: { tone: 'success' | 'error' | 'info'; text: string }) => void;
  /** Another list's export through the same path (the Engineering Items CSV); default: the log CSV of `filter`. */
  export?: () => Promise<ExportResult>;
  noun?: string;
}) {
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const result = await (exportRows ? exportRows() : call('logs:export', filter ?? {}));
      if (result.status === 'saved') {
        onResult({ tone: 'success', text: `Exported ${formatCount(result.rows)} ${noun} to ${result.path}` });
      } else if (result.status === 'download') {
        startDownload(result.url, result.fileName);
        onResult({ tone: 'success', text: `Downloading ${result.fileName}` });
      } else {
        onResult({ tone: 'info', text: 'Export cancelled.' });
      }
    } catch (e) {
      onResult({ tone: 'error', text: `Export failed: ${errorMessage(e)}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="btn btn-primary" onClick={() => !busy && void run()} aria-disabled={busy || undefined}>
      {busy ? 'Exporting…' : 'Export CSV'}
    </button>
  );
}
