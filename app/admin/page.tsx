import { redirect } from "next/navigation";

/** /admin opens the APIs list (the layout has already checked the role). */
export default function AdminHome() {
  redirect("/admin/apis");
}
