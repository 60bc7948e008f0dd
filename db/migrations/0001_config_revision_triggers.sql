-- Every change to configuration bumps config_revision.revision; gateways poll that one row
-- to reload their snapshot within a second.
INSERT INTO `config_revision` (`id`, `revision`) VALUES (1, 1);
--> statement-breakpoint
CREATE TRIGGER `apis_insert_bumps_revision` AFTER INSERT ON `apis` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `apis_update_bumps_revision` AFTER UPDATE ON `apis` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `apis_delete_bumps_revision` AFTER DELETE ON `apis` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `products_insert_bumps_revision` AFTER INSERT ON `products` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `products_update_bumps_revision` AFTER UPDATE ON `products` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `products_delete_bumps_revision` AFTER DELETE ON `products` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `product_apis_insert_bumps_revision` AFTER INSERT ON `product_apis` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `product_apis_update_bumps_revision` AFTER UPDATE ON `product_apis` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `product_apis_delete_bumps_revision` AFTER DELETE ON `product_apis` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `gateways_insert_bumps_revision` AFTER INSERT ON `gateways` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `gateways_update_bumps_revision` AFTER UPDATE ON `gateways` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `gateways_delete_bumps_revision` AFTER DELETE ON `gateways` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `gateway_apis_insert_bumps_revision` AFTER INSERT ON `gateway_apis` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `gateway_apis_update_bumps_revision` AFTER UPDATE ON `gateway_apis` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `gateway_apis_delete_bumps_revision` AFTER DELETE ON `gateway_apis` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `users_insert_bumps_revision` AFTER INSERT ON `users` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `users_update_bumps_revision` AFTER UPDATE ON `users` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `users_delete_bumps_revision` AFTER DELETE ON `users` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `subscriptions_insert_bumps_revision` AFTER INSERT ON `subscriptions` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `subscriptions_update_bumps_revision` AFTER UPDATE ON `subscriptions` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `subscriptions_delete_bumps_revision` AFTER DELETE ON `subscriptions` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `policies_insert_bumps_revision` AFTER INSERT ON `policies` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `policies_update_bumps_revision` AFTER UPDATE ON `policies` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `policies_delete_bumps_revision` AFTER DELETE ON `policies` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `groups_insert_bumps_revision` AFTER INSERT ON `groups` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `groups_update_bumps_revision` AFTER UPDATE ON `groups` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `groups_delete_bumps_revision` AFTER DELETE ON `groups` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `group_users_insert_bumps_revision` AFTER INSERT ON `group_users` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `group_users_update_bumps_revision` AFTER UPDATE ON `group_users` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `group_users_delete_bumps_revision` AFTER DELETE ON `group_users` BEGIN UPDATE `config_revision` SET `revision` = `revision` + 1 WHERE `id` = 1; END;
--> statement-breakpoint
-- The co-deployed gateway always exists (DESIGN.md §2).
INSERT INTO `gateways` (`id`, `display_name`, `description`, `created_at`, `updated_at`) VALUES ('managed', 'Managed gateway', 'The gateway co-deployed with the portal', unixepoch() * 1000, unixepoch() * 1000);
