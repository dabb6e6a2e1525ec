/** `YYYYMMDD_HHMMSS` in local time: the file-name-safe timestamp of every CSV export's name. */
export function localFileStamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}_${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
}

/** docs/product-rules.md#log-csv: `autotask_logs_{department_id}_{timestamp}.csv`, timestamp in local time, file-name safe. */
export function logExportFileName(departmentId: string, now: Date): string {
  return `autotask_logs_${departmentId}_${localFileStamp(now)}.csv`;
}

export const LOG_CSV_HEADER = ['ID', 'Sync Type', 'Operation', 'Status', 'Message', 'Duration (ms)', 'Created At'] as const;

/** The Engineering Items export (issue #14): `engineering_items_{timestamp}.csv`, like the log export's name. */
export function itemExportFileName(now: Date): string {
  return `engineering_items_${localFileStamp(now)}.csv`;
}

export const ITEM_CSV_HEADER = ['ID', 'Date Worked', 'Customer', 'Contract', 'Service', 'Time Entry ID', 'Hours', 'Rate', 'Amount', 'State', 'Flag Reason'] as const;
