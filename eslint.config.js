import { builtinModules } from "node:module";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** The gateway is a plain Node process: it must never pull in the portal. */
const gatewayPatterns = [
  { group: ["next", "next/*", "react", "react-dom", "react/*", "react-dom/*"], message: "gateway/ is a plain Node process: no Next.js or React." },
  { group: ["@/app/*", "@/components/*", "@/server/auth", "@/server/auth/*", "**/app/*", "**/components/*", "**/server/auth", "**/server/auth/*"], message: "gateway/ must not import the portal (app/, components/, server/auth)." },
];

const gatewayBoundary = {
  files: ["gateway/**/*.ts"],
  rules: {
    "no-restricted-imports": ["error", { patterns: gatewayPatterns }],
  },
};

/**
 * gateway/policies/ also runs in the browser (the policy editor compiles documents as they are typed):
 * no Node built-ins there; what a policy needs from the outside comes in through its context's services.
 */
const policiesInTheBrowser = {
  files: ["gateway/policies/**/*.ts"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          ...gatewayPatterns,
          {
            group: ["node:*", ...builtinModules, ...builtinModules.map((name) => `${name}/*`)],
            message: "gateway/policies/ runs in the browser too (the policy editor): no Node built-ins; pass the capability in through PolicyServices.",
          },
        ],
      },
    ],
  },
};

/** The CLI is an HTTP client of the management API: nothing of the portal's server side. */
const cliBoundary = {
  files: ["cli/**/*.ts"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          { group: ["next", "next/*", "react", "react-dom", "react/*", "react-dom/*", "server-only"], message: "cli/ is a plain Node HTTP client: no Next.js, React or server-only modules." },
          { group: ["@/server", "@/server/*", "@/app/*", "@/components/*", "**/server/*", "**/app/*", "**/components/*"], message: "cli/ talks to the portal over HTTP only: it must not import server/, app/ or components/." },
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: [".next/**", ".next-*/**", "node_modules/**", "data/**", "db/migrations/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  gatewayBoundary,
  cliBoundary,
  policiesInTheBrowser,
);
