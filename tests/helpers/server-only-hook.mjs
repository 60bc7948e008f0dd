// `node --import ./tests/helpers/server-only-hook.mjs`: lets a plain Node process load the
// portal's route modules, which `import "server-only"` (Next.js resolves that package itself;
// it is not installed on its own): the import resolves to an empty module.
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(
      'export async function resolve(specifier, context, next) { return specifier === "server-only" ? { url: "data:text/javascript,", shortCircuit: true } : next(specifier, context); }',
    ),
);
