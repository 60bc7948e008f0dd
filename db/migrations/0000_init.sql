CREATE TABLE `apis` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`type` text DEFAULT 'websocket' NOT NULL,
	`service_url` text NOT NULL,
	`path` text NOT NULL,
	`protocols` text DEFAULT '["wss"]' NOT NULL,
	`subscription_required` integer DEFAULT true NOT NULL,
	`subscription_key_header_name` text DEFAULT 'Ocp-Apim-Subscription-Key' NOT NULL,
	`subscription_key_query_name` text DEFAULT 'subscription-key' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `apis_path_unique` ON `apis` (`path`);--> statement-breakpoint
CREATE TABLE `product_apis` (
	`product_id` text NOT NULL,
	`api_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`product_id`, `api_id`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`api_id`) REFERENCES `apis`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`subscription_required` integer DEFAULT true NOT NULL,
	`approval_required` integer DEFAULT false NOT NULL,
	`subscriptions_limit` integer,
	`state` text DEFAULT 'notPublished' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `gateway_apis` (
	`gateway_id` text NOT NULL,
	`api_id` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`gateway_id`, `api_id`),
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`api_id`) REFERENCES `apis`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `gateways` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`last_heartbeat_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `group_users` (
	`group_id` text NOT NULL,
	`user_id` text NOT NULL,
	PRIMARY KEY(`group_id`, `user_id`),
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `groups` (
	`id` text PRIMARY KEY NOT NULL,
	`display_name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`first_name` text DEFAULT '' NOT NULL,
	`last_name` text DEFAULT '' NOT NULL,
	`password_hash` text,
	`role` text DEFAULT 'developer' NOT NULL,
	`state` text DEFAULT 'active' NOT NULL,
	`last_login_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`scope` text NOT NULL,
	`display_name` text NOT NULL,
	`owner_id` text,
	`state` text DEFAULT 'submitted' NOT NULL,
	`state_comment` text,
	`primary_key_encrypted` text NOT NULL,
	`secondary_key_encrypted` text NOT NULL,
	`primary_key_hash` text NOT NULL,
	`secondary_key_hash` text NOT NULL,
	`allow_tracing` integer DEFAULT false NOT NULL,
	`start_date` integer,
	`expiration_date` integer,
	`end_date` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscriptions_primary_key_hash_unique` ON `subscriptions` (`primary_key_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `subscriptions_secondary_key_hash_unique` ON `subscriptions` (`secondary_key_hash`);--> statement-breakpoint
CREATE INDEX `subscriptions_owner_idx` ON `subscriptions` (`owner_id`);--> statement-breakpoint
CREATE TABLE `policies` (
	`scope` text NOT NULL,
	`scope_id` text DEFAULT '' NOT NULL,
	`format` text DEFAULT 'rawxml' NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`scope`, `scope_id`)
);
--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`role` text DEFAULT 'administrator' NOT NULL,
	`user_id` text,
	`gateway_id` text,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`expires_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`gateway_id`) REFERENCES `gateways`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `gateway_logs` (
	`id` text PRIMARY KEY NOT NULL,
	`time` integer NOT NULL,
	`gateway_id` text NOT NULL,
	`api_id` text,
	`operation_id` text,
	`product_id` text,
	`subscription_id` text,
	`user_id` text,
	`caller_ip` text NOT NULL,
	`method` text NOT NULL,
	`url` text NOT NULL,
	`response_code` integer NOT NULL,
	`backend_response_code` integer,
	`backend_url` text,
	`total_time_ms` integer NOT NULL,
	`backend_time_ms` integer,
	`last_error_reason` text,
	`last_error_message` text,
	`last_error_source` text,
	`trace_id` text,
	`closed_at` integer,
	`duration_ms` integer,
	`close_code` integer,
	`close_reason` text,
	`closed_by` text,
	`messages_inbound` integer DEFAULT 0 NOT NULL,
	`messages_outbound` integer DEFAULT 0 NOT NULL,
	`bytes_inbound` integer DEFAULT 0 NOT NULL,
	`bytes_outbound` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `gateway_logs_time_idx` ON `gateway_logs` (`time`);--> statement-breakpoint
CREATE INDEX `gateway_logs_api_time_idx` ON `gateway_logs` (`api_id`,`time`);--> statement-breakpoint
CREATE INDEX `gateway_logs_trace_idx` ON `gateway_logs` (`trace_id`);--> statement-breakpoint
CREATE TABLE `metrics_minute` (
	`minute` integer NOT NULL,
	`gateway_id` text NOT NULL,
	`api_id` text NOT NULL,
	`attempts_succeeded` integer DEFAULT 0 NOT NULL,
	`attempts_failed` integer DEFAULT 0 NOT NULL,
	`attempts_by_code` text DEFAULT '{}' NOT NULL,
	`messages_inbound` integer DEFAULT 0 NOT NULL,
	`messages_outbound` integer DEFAULT 0 NOT NULL,
	`bytes_inbound` integer DEFAULT 0 NOT NULL,
	`bytes_outbound` integer DEFAULT 0 NOT NULL,
	`active_connections_peak` integer DEFAULT 0 NOT NULL,
	`active_connections_last` integer DEFAULT 0 NOT NULL,
	`handshake_p50_ms` integer,
	`handshake_p95_ms` integer,
	PRIMARY KEY(`minute`, `gateway_id`, `api_id`)
);
--> statement-breakpoint
CREATE TABLE `config_revision` (
	`id` integer PRIMARY KEY NOT NULL,
	`revision` integer DEFAULT 0 NOT NULL
);
