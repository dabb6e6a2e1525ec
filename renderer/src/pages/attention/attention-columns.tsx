import { createColumnHelper } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import type { Acknowledgement, AttentionRun, FlaggedItem } from '../../../../shared/attention';
import { ContractName } from '../../components/ContractName';
import { StatusBadge } from '../../components/StatusBadge';
import { formatAmount, formatCalendarDate, formatDateTime, formatHours, RUN_STATUS_LABEL, RUN_TYPE_LABEL, TRIGGER_LABEL } from '../../lib/format';
import { formatHash } from '../../lib/route';

const item = createColumnHelper<FlaggedItem>();

/** A cell's lines kept together (one grid item when narrow windows stack rows as label: value). */
function Stack({ children }: { children: ReactNode }) {
  return <span className="cell-stack">{children}</span>;
}

function Instant({ iso }: { iso: string | null }) {
  if (!iso) return <span className="muted">Not recorded</span>;
  return <time dateTime={iso}>{formatDateTime(iso)}</time>;
}

function AckText({ ack, prefix }: { ack: Acknowledgement; prefix: string }) {
  return (
    <>
      {prefix} <strong>{ack.by}</strong>, <Instant iso={ack.at} />
    </>
  );
}

/** "Acknowledged time entry 105716 (Contoso Pharmacy) as alice, Dec 2, 2026, 10:22 PM." */
export function acknowledgedText(item: FlaggedItem): string {
  const a = item.acknowledged;
  const who = a ? ` as ${a.by}, ${formatDateTime(a.at)}` : '';
  return `Acknowledged time entry ${item.autotaskTimeEntryId} (${item.customerName})${who}. It is kept in the Acknowledged list below.`;
}

/** The columns both item lists share: what the item is and why it was flagged. */
function itemColumns() {
  return [
    item.accessor('customerName', {
      header: 'Customer',
      cell: (c) => (
        <Stack>
          {c.getValue()}
          <span className="cell-sub">
            worked <time dateTime={c.row.original.dateWorked}>{formatCalendarDate(c.row.original.dateWorked)}</time>
          </span>
        </Stack>
      ),
      meta: { className: 'col-customer' },
    }),
    item.accessor('contractName', {
      header: 'Contract',
      cell: (c) => (
        <Stack>
          <ContractName name={c.getValue()} />
          <span className="cell-sub">
            {c.row.original.serviceName} · time entry {c.row.original.autotaskTimeEntryId}
          </span>
        </Stack>
      ),
      meta: { className: 'col-contract' },
    }),
    item.accessor('hours', { header: 'Hours', cell: (c) => formatHours(c.getValue()), meta: { numeric: true } }),
    item.accessor('amount', { header: 'Amount', cell: (c) => <span className="strong">{formatAmount(c.getValue())}</span>, meta: { numeric: true } }),
    item.accessor('flagReason', {
      header: 'Reason',
      cell: (c) => (
        <Stack>
          <span data-testid="flag-reason">{c.getValue() || 'No longer qualifies in Autotask'}</span>
          <span className="cell-sub">
            {c.row.original.flaggedAt ? (
              <>
                Flagged <Instant iso={c.row.original.flaggedAt} />
              </>
            ) : (
              'Flag time not recorded'
            )}
          </span>
          {c.row.original.previous && !c.row.original.acknowledged && (
            <span className="cell-sub" data-testid="previous-ack">
              Flagged again: <AckText ack={c.row.original.previous} prefix="an earlier flag was acknowledged by" /> ({c.row.original.previous.reason || 'no reason'})
            </span>
          )}
        </Stack>
      ),
      meta: { className: 'col-reason' },
    }),
  ];
}

export function openColumns(onAcknowledge: (row: FlaggedItem) => void, busyId: number | null) {
  return [
    ...itemColumns(),
    item.display({
      id: 'action',
      header: 'Action',
      meta: { className: 'nowrap' },
      cell: (c) => (
        <button
          type="button"
          className="btn btn-small"
          data-ack-item={c.row.original.itemId}
          aria-disabled={busyId !== null || undefined}
          aria-label={`Acknowledge time entry ${c.row.original.autotaskTimeEntryId} of ${c.row.original.customerName}`}
          onClick={() => busyId === null && onAcknowledge(c.row.original)}
        >
          Acknowledge
        </button>
      ),
    }),
  ];
}

export function acknowledgedColumns() {
  return [
    ...itemColumns(),
    item.accessor((r) => r.acknowledged?.at ?? '', {
      id: 'acknowledged',
      header: 'Acknowledged',
      cell: (c) =>
        c.row.original.acknowledged ? (
          <span data-testid="ack-who-when">
            <AckText ack={c.row.original.acknowledged} prefix="by" />
          </span>
        ) : null,
      meta: { className: 'col-ack' },
    }),
  ];
}

const run = createColumnHelper<AttentionRun>();

export function runColumns() {
  return [
    run.accessor('startedAt', {
      header: 'Started',
      cell: (c) => (
        <Stack>
          <Instant iso={c.getValue()} />
          <span className="cell-sub">{TRIGGER_LABEL[c.row.original.trigger] ?? c.row.original.trigger}</span>
        </Stack>
      ),
      meta: { className: 'nowrap' },
    }),
    run.accessor('type', { header: 'Sync', cell: (c) => RUN_TYPE_LABEL[c.getValue()], meta: { className: 'nowrap' } }),
    run.accessor('status', { header: 'Status', cell: (c) => <StatusBadge status={c.getValue()} label={RUN_STATUS_LABEL[c.getValue()]} /> }),
    run.accessor('message', { header: 'Reason', cell: (c) => c.getValue() ?? <span className="muted">No reason recorded</span>, meta: { className: 'col-flag' } }),
    run.accessor('resolved', {
      header: 'Since then',
      cell: (c) => (c.getValue() ? 'A later run succeeded' : <strong>Not yet succeeded</strong>),
    }),
    run.display({
      id: 'open',
      header: 'Run',
      cell: (c) => <a href={formatHash('logs', { run: c.row.original.runId })}>Open run {c.row.original.runId}</a>,
      meta: { className: 'nowrap' },
    }),
  ];
}
