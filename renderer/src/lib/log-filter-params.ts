import { LOG_STATUSES, SYNC_TYPES, type LogFilter, type LogStatus, type SyncType } from '../../../shared/domain';
import type { RouteParams } from './route';

// The log viewer's applied filter lives in the address (`#/logs?type=contract&status=error&page=3`), so
// pagination, Back/Forward and a reload all keep it. These two functions are the only translation.

export const PER_PAGE_OPTIONS = [10, 25, 50, 100] as const;
export const DEFAULT_PER_PAGE = 25;

export interface LogViewState {
  filter: LogFilter;
  page: number;
  perPage: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function logViewFromParams(params: URLSearchParams): LogViewState {
  const filter: LogFilter = {};
  const type = params.get('type');
  if (type && (SYNC_TYPES as readonly string[]).includes(type)) filter.type = type as SyncType;
  const status = params.get('status');
  if (status && (LOG_STATUSES as readonly string[]).includes(status)) filter.status = status as LogStatus;
  const from = params.get('from');
  if (from && DATE.test(from)) filter.from = from;
  const to = params.get('to');
  if (to && DATE.test(to)) filter.to = to;
  const run = Number(params.get('run'));
  if (Number.isInteger(run) && run > 0) filter.runId = run;
  const page = Number(params.get('page'));
  const perPage = Number(params.get('perPage'));
  return {
    filter,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    perPage: (PER_PAGE_OPTIONS as readonly number[]).includes(perPage) ? perPage : DEFAULT_PER_PAGE,
  };
}

export function paramsFromLogView(view: LogViewState): RouteParams {
  return {
    type: view.filter.type,
    status: view.filter.status,
    from: view.filter.from,
    to: view.filter.to,
    run: view.filter.runId,
    perPage: view.perPage === DEFAULT_PER_PAGE ? undefined : view.perPage,
    page: view.page === 1 ? undefined : view.page,
  };
}
