import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ExcludedContract, ExcludedReport, ExcludedTime } from '../../../../shared/excluded';
import { call } from '../../api';
import { ContractName } from '../../components/ContractName';
import { DataTable } from '../../components/DataTable';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage, formatCalendarDate, formatCount, formatDateTime, formatHours } from '../../lib/format';

const contract = createColumnHelper<ExcludedContract>();
const time = createColumnHelper<ExcludedTime>();

function contractColumns() {
  return [
    contract.accessor('contractName', {
      header: 'Contract',
      cell: (c) => (
        <span className="cell-stack">
          <ContractName name={c.getValue()} />
          <span className="cell-sub">contract {c.row.original.autotaskContractId}</span>
        </span>
      ),
      meta: { className: 'col-contract' },
    }),
    contract.accessor('customer', { header: 'Customer', cell: (c) => c.getValue() ?? <span className="muted">Unknown</span>, meta: { className: 'col-customer' } }),
    contract.accessor('status', { header: 'Status', cell: (c) => c.getValue(), meta: { className: 'excluded-status' } }),
    contract.accessor('reason', { header: 'Why it is left out', cell: (c) => c.getValue(), meta: { className: 'excluded-reason' } }),
  ];
}

function timeColumns() {
  return [
    time.accessor('contractName', {
      header: 'Contract',
      cell: (c) => (
        <span className="cell-stack">
          {c.getValue() === null ? <span className="muted">Not returned by Autotask</span> : <ContractName name={c.getValue()!} />}
          <span className="cell-sub">contract {c.row.original.autotaskContractId}</span>
        </span>
      ),
      meta: { className: 'col-contract' },
    }),
    time.accessor('customer', { header: 'Customer', cell: (c) => c.getValue() ?? <span className="muted">Unknown</span>, meta: { className: 'col-customer' } }),
    time.accessor('entries', { header: 'Entries', cell: (c) => formatCount(c.getValue()), meta: { numeric: true } }),
    time.accessor('hours', { header: 'Hours', cell: (c) => <span className="strong">{formatHours(c.getValue())}</span>, meta: { numeric: true } }),
  ];
}

/** Sum of exact decimal hour strings in hundredths (no float sums). */
function totalHours(rows: readonly ExcludedTime[]): string {
  let hundredths = 0;
  for (const r of rows) {
    const [whole = '0', frac = ''] = r.hours.replace('-', '').split('.');
    const value = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
    hundredths += r.hours.startsWith('-') ? -value : value;
  }
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * "Excluded" (issue #15 point 3): what the sync leaves out, as last read from Autotask. Opening the page shows
 * the cached read without calling Autotask; "Refresh from Autotask" reads again (a failed read keeps the
 * previous result on screen, with the error above it).
 */
export function ExcludedPage() {
  const [report, setReport] = useState<ExcludedReport | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    let live = true;
    call('excluded:get')
      .then((r) => live && setReport(r))
      .catch((e: unknown) => live && setError(`Could not load the last read: ${errorMessage(e)}`))
      .finally(() => live && setLoaded(true));
    return () => {
      live = false;
    };
  }, []);

  const refresh = useCallback(async () => {
    setBusy(true);
    setError(null);
    setAnnouncement('Reading Autotask…');
    try {
      const r = await call('excluded:refresh');
      setReport(r);
      setAnnouncement(`Read from Autotask: ${formatCount(r.contracts.length)} excluded contract(s), ${formatCount(r.timeByContract.length)} contract(s) with billable time.`);
    } catch (e) {
      const text = errorMessage(e);
      setError(`The refresh failed: ${text}${report ? ' The previous read is still shown.' : ''}`);
      setAnnouncement(''); // the error notice is an alert: it is announced once, there
    } finally {
      setBusy(false);
    }
  }, [report]);

  const cCols = useMemo(() => contractColumns(), []);
  const tCols = useMemo(() => timeColumns(), []);

  return (
    <div className="page excluded-page">
      <PageHeader
        title="Excluded from sync"
        subtitle="Contracts the sync leaves out, and billable, approved time that no synced contract carries."
        actions={
          <button type="button" className="btn btn-primary" onClick={() => void refresh()} disabled={busy} aria-busy={busy} data-testid="excluded-refresh">
            {busy ? 'Reading Autotask…' : 'Refresh from Autotask'}
          </button>
        }
      />
      <p className="sr-only" role="status" aria-live="polite" data-testid="excluded-announcer">
        {announcement}
      </p>
      {error && (
        <Notice tone="error" onDismiss={() => setError(null)}>
          {error}
        </Notice>
      )}
      {!loaded && <div aria-busy="true" aria-label="Loading the last read" className="card skeleton" />}
      {loaded && !report && !error && <Notice tone="info">Nothing has been read yet. Refresh from Autotask to see which contracts and which time the sync leaves out.</Notice>}
      {report && (
        <>
          <p className="muted excluded-read-at" data-testid="excluded-read-at">
            Read <time dateTime={report.readAt}>{formatDateTime(report.readAt)}</time>; time dated{' '}
            <time dateTime={report.window.from}>{formatCalendarDate(report.window.from)}</time> to <time dateTime={report.window.to}>{formatCalendarDate(report.window.to)}</time>{' '}
            (the scheduled sync's window).
          </p>
          {report.noContract.entries > 0 && (
            <div data-testid="excluded-no-contract">
              <Notice tone="warning">
                {formatCount(report.noContract.entries)} billable, approved time {report.noContract.entries === 1 ? 'entry' : 'entries'} ({formatHours(report.noContract.hours)} h){' '}
                {report.noContract.entries === 1 ? 'is' : 'are'} on no contract: nobody invoices {report.noContract.entries === 1 ? 'it' : 'them'}.
              </Notice>
            </div>
          )}
          <section className="panel" aria-labelledby="excluded-time-title">
            <h2 id="excluded-time-title" className="panel-title">
              Billable time on contracts that are not synced: {formatCount(report.timeByContract.reduce((n, r) => n + r.entries, 0))} entries,{' '}
              {formatHours(totalHours(report.timeByContract))} h
            </h2>
            <p className="muted panel-note">
              A contract is synced once the contract sync has imported a service line of it; until then (or when it has no service lines) its time is listed here even if its name
              has the prefix.
            </p>
            <DataTable
              caption="Billable, approved time on contracts that are not synced, by contract"
              columns={tCols}
              data={report.timeByContract}
              getRowId={(r) => String(r.autotaskContractId)}
              empty="None: all billable, approved time in the window is on synced contracts (or on no contract)."
              testId="excluded-time"
              busy={busy}
              className="compact"
            />
          </section>
          <section className="panel" aria-labelledby="excluded-contracts-title">
            <h2 id="excluded-contracts-title" className="panel-title">
              Contracts left out: {formatCount(report.contracts.length)}
            </h2>
            <DataTable
              caption="Contracts the sync leaves out, with the reason"
              columns={cCols}
              data={report.contracts}
              getRowId={(r) => String(r.autotaskContractId)}
              empty="None: every contract in Autotask is synced."
              testId="excluded-contracts"
              busy={busy}
              className="compact"
            />
          </section>
        </>
      )}
    </div>
  );
}
