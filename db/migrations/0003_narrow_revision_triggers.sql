-- Heartbeats (gateways.last_heartbeat_at) and sign-ins (users.last_login_at) are not configuration:
-- they must not make every gateway reload. Only changes to the columns a gateway reads bump the revision.
DROP TRIGGER `gateways_update_bumps_revision`;
--> statement-breakpoint
CREATE TRIGGER `gateways_update_bumps_revision` AFTER UPDATE OF `id`, `display_name`, `description` ON `gateways` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
DROP TRIGGER `users_update_bumps_revision`;
--> statement-breakpoint
CREATE TRIGGER `users_update_bumps_revision` AFTER UPDATE OF `id`, `email`, `role`, `state` ON `users` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
