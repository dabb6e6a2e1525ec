CREATE TABLE `flag_acknowledgements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`flag_reason` text NOT NULL,
	`flagged_at` text NOT NULL,
	`acknowledged_by` text NOT NULL,
	`acknowledged_at` text NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `engineering_items`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `flag_acks_episode_uq` ON `flag_acknowledgements` (`item_id`,`flagged_at`,`flag_reason`);--> statement-breakpoint
CREATE INDEX `flag_acks_acknowledged_idx` ON `flag_acknowledgements` (`acknowledged_at`);