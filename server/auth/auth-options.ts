import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import type { UserRole } from "@/db/schema/index";
import { getDb } from "@/server/db";
import { clientAddress } from "@/server/http/forwarded-headers";
import { endUserSessions } from "./end-user-sessions";
import { portalAuthSecret, sessionFromToken, SESSION_MAX_AGE_SECONDS } from "./session-token";
import { signInWithPassword } from "./sign-in-with-password";

declare module "next-auth" {
  interface User {
    role: UserRole;
    sessionVersion: number;
  }
  interface Session {
    user: { id: string; name: string; email: string; role: UserRole };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: UserRole;
    /** The user's `session_version` at sign-in (absent in sessions older than the column: 0). */
    sv?: number;
  }
}

/**
 * next-auth for the portal: email + password (users table), JWT sessions encrypted with the
 * instance's AUTH_SECRET (so sessions survive a restart), the role in the token. Built per
 * request because the secret lives in the data folder, which is only known at run time.
 */
export function authOptions(): NextAuthOptions {
  // Without NEXTAUTH_URL, next-auth would assume http://localhost:3000; take the portal's URL
  // from the request (Host, X-Forwarded-Proto) instead, so cookies get `Secure` behind https.
  if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "true";
  return {
    secret: portalAuthSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          const result = await signInWithPassword(getDb(), {
            email: credentials?.email ?? "",
            password: credentials?.password ?? "",
            // The socket's address, or a trusted proxy's client (server/portal-server.ts resolved it).
            ip: clientAddress(req.headers),
          });
          // next-auth hands a thrown message to the sign-in form as `error`.
          if (!result.ok) throw new Error(result.message);
          return { ...result.user, sessionVersion: result.sessionVersion };
        },
      }),
    ],
    events: {
      // Signing out ends every session of the user, not only this browser's cookie, which a
      // copy of could otherwise outlive the sign-out.
      signOut({ token }) {
        if (typeof token?.sub === "string" && sessionFromToken(getDb(), token)) endUserSessions(getDb(), token.sub);
      },
    },
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.role = user.role;
          token.sv = user.sessionVersion;
        }
        return token;
      },
      session({ session, token }) {
        session.user = { id: token.sub ?? "", name: token.name ?? "", email: token.email ?? "", role: token.role ?? "developer" };
        return session;
      },
    },
  };
}
