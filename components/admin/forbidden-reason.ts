import type { UserRole } from "@/db/schema/index";
import { ADMIN_SECTIONS } from "./nav";

const PLURAL: Record<UserRole, string> = { administrator: "Administrators", publisher: "Publishers", developer: "Developers" };

/** What the 403 page says about a path: who may open it, and what the signed-in role lacks. */
export function forbiddenReason(pathname: string, role: UserRole | null): { title: string; detail: string } {
  const path = pathname.split("?")[0] ?? pathname;
  const section = ADMIN_SECTIONS.find((s) => path === s.href || path.startsWith(`${s.href}/`));
  const roles: readonly UserRole[] = section?.roles ?? ["administrator", "publisher"];
  const who = roles.map((r) => PLURAL[r]);
  const title = `${who.length === 1 ? who[0] : `${who.slice(0, -1).join(", ")} and ${who[who.length - 1]!.toLowerCase()}`} only`;
  const what = section ? section.label : "The admin portal";
  if (role === null) return { title, detail: `${what} is open to ${who.join(" and ").toLowerCase()}.` };
  return { title, detail: `${what} is open to ${who.join(" and ").toLowerCase()}; ${PLURAL[role].toLowerCase()} cannot open it.` };
}
