-- Keep sync_log_counts in step with sync_logs so dashboard totals and log-viewer counts read a few
-- hundred summary rows instead of scanning millions of log rows. Buckets are UTC hours (the first 13
-- characters of the ISO created_at plus ':00'), fine enough for date filters in any whole-hour time zone.
CREATE TRIGGER `sync_logs_count_insert` AFTER INSERT ON `sync_logs`
BEGIN
  INSERT INTO `sync_log_counts` (`hour`, `sync_type`, `status`, `count`)
  VALUES (substr(NEW.`created_at`, 1, 13), NEW.`sync_type`, NEW.`status`, 1)
  ON CONFLICT (`hour`, `sync_type`, `status`) DO UPDATE SET `count` = `count` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `sync_logs_count_delete` AFTER DELETE ON `sync_logs`
BEGIN
  UPDATE `sync_log_counts` SET `count` = `count` - 1
  WHERE `hour` = substr(OLD.`created_at`, 1, 13) AND `sync_type` = OLD.`sync_type` AND `status` = OLD.`status`;
END;
--> statement-breakpoint
CREATE TRIGGER `sync_logs_count_update` AFTER UPDATE OF `sync_type`, `status`, `created_at` ON `sync_logs`
BEGIN
  UPDATE `sync_log_counts` SET `count` = `count` - 1
  WHERE `hour` = substr(OLD.`created_at`, 1, 13) AND `sync_type` = OLD.`sync_type` AND `status` = OLD.`status`;
  INSERT INTO `sync_log_counts` (`hour`, `sync_type`, `status`, `count`)
  VALUES (substr(NEW.`created_at`, 1, 13), NEW.`sync_type`, NEW.`status`, 1)
  ON CONFLICT (`hour`, `sync_type`, `status`) DO UPDATE SET `count` = `count` + 1;
END;
