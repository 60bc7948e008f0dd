CREATE TABLE `connection_close_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`log_id` text NOT NULL,
	`gateway_id` text NOT NULL,
	`reason` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_at` integer NOT NULL,
	`done_at` integer,
	`outcome` text
);
--> statement-breakpoint
CREATE INDEX `connection_close_requests_pending_idx` ON `connection_close_requests` (`gateway_id`,`done_at`);--> statement-breakpoint
CREATE INDEX `gateway_logs_open_idx` ON `gateway_logs` (`gateway_id`,`time`) WHERE response_code = 101 AND closed_at IS NULL;--> statement-breakpoint
ALTER TABLE `metrics_minute` DROP COLUMN `handshake_p50_ms`;--> statement-breakpoint
ALTER TABLE `metrics_minute` DROP COLUMN `handshake_p95_ms`;