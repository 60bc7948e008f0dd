// What `server-only` resolves to outside Next.js (vitest, the CLI tests' portal process): nothing.
export {};
