CREATE TABLE `customers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`autotask_company_id` integer NOT NULL,
	`name` text NOT NULL,
	`company_number` text,
	`phone` text,
	`address1` text,
	`city` text,
	`postal_code` text,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_autotask_company_id_uq` ON `customers` (`autotask_company_id`);--> statement-breakpoint
CREATE INDEX `customers_name_idx` ON `customers` (`name`);--> statement-breakpoint
CREATE TABLE `engineering_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`service_id` integer NOT NULL,
	`autotask_time_entry_id` integer NOT NULL,
	`autotask_contract_id` integer,
	`date_worked` text NOT NULL,
	`hours` text NOT NULL,
	`rate_cents` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`summary` text,
	`autotask_last_modified` text,
	`flagged` integer DEFAULT false NOT NULL,
	`flag_reason` text,
	`flagged_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`service_id`) REFERENCES `engineering_services`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `eng_items_autotask_te_id_uq` ON `engineering_items` (`autotask_time_entry_id`);--> statement-breakpoint
CREATE INDEX `eng_items_service_idx` ON `engineering_items` (`service_id`);--> statement-breakpoint
CREATE INDEX `eng_items_date_idx` ON `engineering_items` (`date_worked`);--> statement-breakpoint
CREATE INDEX `eng_items_flagged_idx` ON `engineering_items` (`flagged`);--> statement-breakpoint
CREATE TABLE `engineering_services` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`customer_id` integer NOT NULL,
	`autotask_contract_id` integer NOT NULL,
	`autotask_contract_service_id` integer NOT NULL,
	`autotask_service_id` integer,
	`contract_name` text NOT NULL,
	`service_name` text NOT NULL,
	`unit_price_cents` integer NOT NULL,
	`invoice_description` text,
	`service_num` text,
	`start_date` text,
	`end_date` text,
	`ended` integer DEFAULT false NOT NULL,
	`ended_at` text,
	`ended_reason` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `eng_services_autotask_cs_id_uq` ON `engineering_services` (`autotask_contract_service_id`);--> statement-breakpoint
CREATE INDEX `eng_services_contract_idx` ON `engineering_services` (`autotask_contract_id`);--> statement-breakpoint
CREATE INDEX `eng_services_customer_idx` ON `engineering_services` (`customer_id`);--> statement-breakpoint
CREATE INDEX `eng_services_ended_idx` ON `engineering_services` (`ended`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_lock` (
	`name` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`run_id` integer,
	`acquired_at` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_log_counts` (
	`hour` text NOT NULL,
	`sync_type` text NOT NULL,
	`status` text NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`hour`, `sync_type`, `status`)
);
--> statement-breakpoint
CREATE TABLE `sync_logs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer,
	`sync_type` text NOT NULL,
	`operation` text NOT NULL,
	`status` text NOT NULL,
	`message` text NOT NULL,
	`duration_ms` integer DEFAULT 0 NOT NULL,
	`details` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `sync_runs`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `sync_logs_created_idx` ON `sync_logs` (`created_at`);--> statement-breakpoint
CREATE INDEX `sync_logs_type_created_idx` ON `sync_logs` (`sync_type`,`created_at`);--> statement-breakpoint
CREATE INDEX `sync_logs_status_created_idx` ON `sync_logs` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `sync_logs_type_status_created_idx` ON `sync_logs` (`sync_type`,`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `sync_logs_run_idx` ON `sync_logs` (`run_id`);--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`trigger` text NOT NULL,
	`options` text DEFAULT '{}' NOT NULL,
	`dry_run` integer DEFAULT false NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`status` text NOT NULL,
	`count_create` integer DEFAULT 0 NOT NULL,
	`count_update` integer DEFAULT 0 NOT NULL,
	`count_unchanged` integer DEFAULT 0 NOT NULL,
	`count_skip` integer DEFAULT 0 NOT NULL,
	`count_error` integer DEFAULT 0 NOT NULL,
	`count_warning` integer DEFAULT 0 NOT NULL,
	`api_calls` integer DEFAULT 0 NOT NULL,
	`api_details` text,
	`message` text,
	`owner_pid` integer,
	`heartbeat_at` text
);
--> statement-breakpoint
CREATE INDEX `sync_runs_started_idx` ON `sync_runs` (`started_at`);--> statement-breakpoint
CREATE INDEX `sync_runs_status_idx` ON `sync_runs` (`status`);--> statement-breakpoint
CREATE INDEX `sync_runs_type_status_idx` ON `sync_runs` (`type`,`status`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `zone_cache` (
	`username` text PRIMARY KEY NOT NULL,
	`zone_name` text NOT NULL,
	`url` text NOT NULL,
	`web_url` text NOT NULL,
	`ci` integer NOT NULL,
	`fetched_at` text NOT NULL
);
