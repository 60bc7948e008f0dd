import type { UserRole } from "@/db/schema/index";

/** The admin portal's sections, in sidebar order; `roles` limits who sees (and may open) one. */
export const ADMIN_SECTIONS = [
  { href: "/admin/dashboard", label: "Dashboard", icon: "dashboard", roles: ["administrator", "publisher"] },
  { href: "/admin/apis", label: "APIs", icon: "apis", roles: ["administrator", "publisher"] },
  { href: "/admin/products", label: "Products", icon: "products", roles: ["administrator", "publisher"] },
  { href: "/admin/policies", label: "Policies", icon: "policies", roles: ["administrator", "publisher"] },
  { href: "/admin/gateways", label: "Gateways", icon: "gateways", roles: ["administrator", "publisher"] },
  { href: "/admin/subscriptions", label: "Subscriptions", icon: "subscriptions", roles: ["administrator", "publisher"] },
  { href: "/admin/logs", label: "Gateway logs", icon: "logs", roles: ["administrator", "publisher"] },
  { href: "/admin/connections", label: "Live connections", icon: "connections", roles: ["administrator", "publisher"] },
  { href: "/admin/users", label: "Users", icon: "users", roles: ["administrator"] },
  { href: "/admin/api-tokens", label: "API tokens", icon: "tokens", roles: ["administrator"] },
  { href: "/admin/audit-log", label: "Audit log", icon: "audit", roles: ["administrator"] },
] as const satisfies readonly { href: string; label: string; icon: string; roles: readonly UserRole[] }[];

