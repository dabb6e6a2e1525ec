import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { logViewFromParams, paramsFromLogView } from '../../renderer/src/lib/log-filter-params';
import { formatHash, parseHash } from '../../renderer/src/lib/route';
import { LogFilters, draftFromFilter, filterFromDraft } from '../../renderer/src/pages/logs/LogFilters';

afterEach(cleanup);

describe('log filter state in the address', () => {
  it('round-trips a filter, page and page size through the hash', () => {
    const view = { filter: { type: 'time_entry' as const, status: 'error' as const, from: '2026-11-01', to: '2026-11-24', runId: 12 }, page: 3, perPage: 50 };
    const hash = formatHash('logs', paramsFromLogView(view));
    expect(hash).toBe('#/logs?type=time_entry&status=error&from=2026-11-01&to=2026-11-24&run=12&perPage=50&page=3');
    const route = parseHash(hash);
    expect(route.page).toBe('logs');
    expect(logViewFromParams(route.params)).toEqual(view);
  });

  it('keeps the defaults out of the address and falls back to them', () => {
    expect(formatHash('logs', paramsFromLogView({ filter: {}, page: 1, perPage: 25 }))).toBe('#/logs');
    expect(logViewFromParams(new URLSearchParams())).toEqual({ filter: {}, page: 1, perPage: 25 });
  });

  it('ignores values a hand-edited address could carry', () => {
    const view = logViewFromParams(new URLSearchParams('type=invoice&status=exploded&from=yesterday&to=2026-13&page=-2&perPage=7&run=abc'));
    expect(view).toEqual({ filter: {}, page: 1, perPage: 25 });
  });

  it('paging keeps the filter: only the page changes', () => {
    const applied = logViewFromParams(new URLSearchParams('status=error&type=contract&perPage=10'));
    const next = parseHash(formatHash('logs', paramsFromLogView({ ...applied, page: 2 })));
    expect(logViewFromParams(next.params)).toEqual({ ...applied, page: 2 });
  });
});

describe('LogFilters form', () => {
  const applied = draftFromFilter({ status: 'error' }, 25);

  it('shows the applied filter and changes nothing until Apply Filters', () => {
    const onApply = vi.fn();
    render(<LogFilters applied={applied} onApply={onApply} onReset={() => undefined} />);
    const status = screen.getByLabelText('Status') as HTMLSelectElement;
    expect(status.value).toBe('error');
    expect([...(screen.getByLabelText('Sync Type') as HTMLSelectElement).options].map((o) => o.text)).toEqual(['All Types', 'Contract', 'Time Entry', 'Company']);
    expect([...status.options].map((o) => o.text).slice(0, 4)).toEqual(['All Statuses', 'Success', 'Warning', 'Error']);
    expect((screen.getByLabelText('Per Page') as HTMLSelectElement).value).toBe('25');

    fireEvent.change(screen.getByLabelText('Sync Type'), { target: { value: 'contract' } });
    fireEvent.change(screen.getByLabelText('Start Date'), { target: { value: '2026-11-17' } });
    fireEvent.change(screen.getByLabelText('Per Page'), { target: { value: '50' } });
    expect(onApply).not.toHaveBeenCalled();
    expect(screen.getByText('Changed filters apply when you press Apply Filters.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Apply Filters' }));
    expect(onApply).toHaveBeenCalledTimes(1);
    const draft = onApply.mock.calls[0]![0];
    expect(draft).toEqual({ type: 'contract', status: 'error', from: '2026-11-17', to: '', perPage: 50 });
    expect(filterFromDraft(draft)).toEqual({ type: 'contract', status: 'error', from: '2026-11-17' });
  });

  it('refuses a start date after the end date with a message next to the field', () => {
    const onApply = vi.fn();
    render(<LogFilters applied={applied} onApply={onApply} onReset={() => undefined} />);
    fireEvent.change(screen.getByLabelText('Start Date'), { target: { value: '2026-11-20' } });
    fireEvent.change(screen.getByLabelText('End Date'), { target: { value: '2026-11-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply Filters' }));
    expect(onApply).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toBe('The start date must not be after the end date');
    expect(screen.getByLabelText('Start Date').getAttribute('aria-invalid')).toBe('true');
  });

  it('follows a newly applied filter (pagination, Back, a notification click)', () => {
    const { rerender } = render(<LogFilters applied={applied} onApply={() => undefined} onReset={() => undefined} />);
    fireEvent.change(screen.getByLabelText('Sync Type'), { target: { value: 'company' } });
    rerender(<LogFilters applied={draftFromFilter({ type: 'time_entry', status: 'warning' }, 10)} onApply={() => undefined} onReset={() => undefined} />);
    expect((screen.getByLabelText('Sync Type') as HTMLSelectElement).value).toBe('time_entry');
    expect((screen.getByLabelText('Status') as HTMLSelectElement).value).toBe('warning');
    expect((screen.getByLabelText('Per Page') as HTMLSelectElement).value).toBe('10');
  });
});
