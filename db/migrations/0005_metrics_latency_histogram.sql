ALTER TABLE `metrics_minute` ADD `handshake_p50_us` integer;--> statement-breakpoint
ALTER TABLE `metrics_minute` ADD `handshake_p95_us` integer;--> statement-breakpoint
ALTER TABLE `metrics_minute` ADD `handshake_p99_us` integer;--> statement-breakpoint
ALTER TABLE `metrics_minute` ADD `handshake_histogram` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `metrics_minute` ADD `log_rows_dropped` integer DEFAULT 0 NOT NULL;