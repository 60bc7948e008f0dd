import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "Portcullis — WebSocket API management",
  description: "Self-hosted WebSocket API management: gateway, policies, subscriptions, admin and developer portals.",
};

/** Every page renders per request: its scripts carry that response's CSP nonce (proxy.ts), which a page built ahead of time could not. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900">{children}</body>
    </html>
  );
}
