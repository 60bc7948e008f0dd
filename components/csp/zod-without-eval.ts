import { z } from "zod";

/**
 * zod 4 compiles object parsers with `new Function` when it may, and finds out by trying it,
 * which under the portal's CSP (no 'unsafe-eval') is itself a reported violation. Imported for
 * its effect by the client code that every portal page loads before it parses anything.
 */
z.config({ jitless: true });
