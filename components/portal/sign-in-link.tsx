"use client";

import { usePathname } from "next/navigation";
import { ButtonLink } from "@/components/ui/button";

/** "Sign in", coming back to the page it was clicked on (the home page lets the role decide). */
export function SignInLink() {
  const pathname = usePathname();
  const back = pathname === "/" || pathname === "/signup" ? "" : `?callbackUrl=${encodeURIComponent(pathname)}`;
  return (
    <ButtonLink href={`/signin${back}`} variant="ghost" size="sm" data-testid="header-sign-in">
      Sign in
    </ButtonLink>
  );
}
