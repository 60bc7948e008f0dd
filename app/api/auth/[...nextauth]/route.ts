import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/auth-options";

type Context = { params: Promise<{ nextauth: string[] }> };

/** next-auth's endpoints (/api/auth/csrf, /callback/credentials, /signout, /session …). */
function handler(request: Request, context: Context): Promise<Response> {
  // Options are built per request: the signing secret is read from the data folder at run time.
  return NextAuth(authOptions())(request, context);
}

export { handler as GET, handler as POST };
