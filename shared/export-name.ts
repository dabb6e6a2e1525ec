/** docs/product-rules.md#log-csv: `autotask_logs_{department_id}_{timestamp}.csv`, timestamp in local time, file-name safe. */
export function logExportFileName(departmentId: string, now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}_${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `autotask_logs_${departmentId}_${stamp}.csv`;
}

export const LOG_CSV_HEADER = ['ID', 'Sync Type', 'Operation', 'Status', 'Message', 'Duration (ms)', 'Created At'] as const;
