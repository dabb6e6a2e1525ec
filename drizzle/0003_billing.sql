CREATE TABLE `billing_audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`action` text NOT NULL,
	`period` text,
	`run_id` integer,
	`os_user` text,
	`format` text,
	`file` text,
	`sha256` text,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `billing_audit_run_idx` ON `billing_audit` (`run_id`);--> statement-breakpoint
CREATE INDEX `billing_audit_period_idx` ON `billing_audit` (`period`);--> statement-breakpoint
CREATE TABLE `billing_holds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`item_id` integer,
	`customer_id` integer,
	`service_id` integer,
	`note` text,
	`created_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`released_at` text,
	`released_by` text,
	FOREIGN KEY (`item_id`) REFERENCES `engineering_items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`service_id`) REFERENCES `engineering_services`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `billing_holds_item_idx` ON `billing_holds` (`item_id`);--> statement-breakpoint
CREATE INDEX `billing_holds_customer_idx` ON `billing_holds` (`customer_id`);--> statement-breakpoint
CREATE INDEX `billing_holds_service_idx` ON `billing_holds` (`service_id`);--> statement-breakpoint
CREATE TABLE `billing_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period` text NOT NULL,
	`closed_at` text NOT NULL,
	`closed_by` text,
	`reopened_at` text,
	`reopened_by` text,
	`currency` text NOT NULL,
	`total_cents` integer NOT NULL,
	`invoice_count` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `billing_runs_period_idx` ON `billing_runs` (`period`);--> statement-breakpoint
CREATE TABLE `contract_service_units` (
	`id` integer PRIMARY KEY NOT NULL,
	`autotask_contract_id` integer NOT NULL,
	`autotask_contract_service_id` integer NOT NULL,
	`autotask_service_id` integer,
	`units` integer NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text NOT NULL,
	`price_cents` integer,
	`approve_and_post_date` text,
	`removed_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `csu_contract_service_idx` ON `contract_service_units` (`autotask_contract_service_id`,`start_date`);--> statement-breakpoint
CREATE INDEX `csu_dates_idx` ON `contract_service_units` (`start_date`,`end_date`);--> statement-breakpoint
CREATE TABLE `hourly_rates` (
	`effective_from` text PRIMARY KEY NOT NULL,
	`rate_cents` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `invoice_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invoice_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`date_to` text,
	`description` text NOT NULL,
	`service_num` text,
	`quantity` text NOT NULL,
	`unit_price_cents` integer NOT NULL,
	`amount_cents` integer NOT NULL,
	`late` integer DEFAULT false NOT NULL,
	`item_id` integer,
	`autotask_time_entry_id` integer,
	`service_id` integer,
	`autotask_contract_service_id` integer,
	`unit_row_id` integer,
	`corrects_invoice` text,
	`corrects_line_id` integer,
	`billed_quantity` text,
	FOREIGN KEY (`invoice_id`) REFERENCES `invoices`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `invoice_lines_invoice_idx` ON `invoice_lines` (`invoice_id`,`position`);--> statement-breakpoint
CREATE INDEX `invoice_lines_item_idx` ON `invoice_lines` (`item_id`);--> statement-breakpoint
CREATE INDEX `invoice_lines_unit_row_idx` ON `invoice_lines` (`unit_row_id`);--> statement-breakpoint
CREATE INDEX `invoice_lines_service_idx` ON `invoice_lines` (`service_id`,`date`);--> statement-breakpoint
CREATE TABLE `invoices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` integer NOT NULL,
	`customer_id` integer NOT NULL,
	`invoice_number` text NOT NULL,
	`customer_name` text NOT NULL,
	`accounting_name` text NOT NULL,
	`autotask_company_id` integer NOT NULL,
	`total_cents` integer NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `billing_runs`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invoices_number_uq` ON `invoices` (`invoice_number`);--> statement-breakpoint
CREATE INDEX `invoices_run_idx` ON `invoices` (`run_id`);--> statement-breakpoint
CREATE TABLE `labour_postings` (
	`id` integer PRIMARY KEY NOT NULL,
	`autotask_time_entry_id` integer NOT NULL,
	`billing_item_type` integer NOT NULL,
	`posted_date` text,
	`autotask_invoice_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `labour_postings_te_idx` ON `labour_postings` (`autotask_time_entry_id`);--> statement-breakpoint
ALTER TABLE `customers` ADD `accounting_name` text;