CREATE TABLE `gateway_instances` (
	`gateway_id` text NOT NULL,
	`instance_id` text NOT NULL,
	`host` text NOT NULL,
	`version` text NOT NULL,
	`revision` integer NOT NULL,
	`connections` integer NOT NULL,
	`workers` integer NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_heartbeat_at` integer NOT NULL,
	PRIMARY KEY(`gateway_id`, `instance_id`),
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `gateways` ADD `location_data` text;--> statement-breakpoint
ALTER TABLE `gateways` ADD `primary_key_encrypted` text;--> statement-breakpoint
ALTER TABLE `gateways` ADD `secondary_key_encrypted` text;--> statement-breakpoint
ALTER TABLE `gateways` ADD `retired_keys_encrypted` text DEFAULT '[]' NOT NULL;