-- Log viewer at scale: (run_id, created_at) replaces (run_id) so a run's rows page without a sort, and a
-- covering index on the summary table makes dashboard breakdowns and filtered totals index range scans.
DROP INDEX `sync_logs_run_idx`;--> statement-breakpoint
CREATE INDEX `sync_logs_run_created_idx` ON `sync_logs` (`run_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `sync_log_counts_type_status_hour_idx` ON `sync_log_counts` (`sync_type`,`status`,`hour`,`count`);