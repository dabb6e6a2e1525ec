-- sync_log_counts is kept by the code that writes and deletes log rows (main/db/queries/log-writes.ts: one
-- grouped upsert per page instead of one per row), so the per-row triggers of 0001 go. The counts are then
-- rebuilt from sync_logs, so an upgraded database starts exact whatever its history.
DROP TRIGGER IF EXISTS `sync_logs_count_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `sync_logs_count_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `sync_logs_count_update`;
--> statement-breakpoint
DELETE FROM `sync_log_counts`;
--> statement-breakpoint
INSERT INTO `sync_log_counts` (`hour`, `sync_type`, `status`, `count`)
  SELECT substr(`created_at`, 1, 13), `sync_type`, `status`, COUNT(*) FROM `sync_logs` GROUP BY 1, 2, 3;
