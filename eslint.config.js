import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** The gateway is a plain Node process: it must never pull in the portal. */
const gatewayBoundary = {
  files: ["gateway/**/*.ts"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          { group: ["next", "next/*", "react", "react-dom", "react/*", "react-dom/*"], message: "gateway/ is a plain Node process: no Next.js or React." },
          { group: ["@/app/*", "@/components/*", "@/server/auth", "@/server/auth/*", "**/app/*", "**/components/*", "**/server/auth", "**/server/auth/*"], message: "gateway/ must not import the portal (app/, components/, server/auth)." },
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
);
