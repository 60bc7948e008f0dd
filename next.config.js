/* global process -- Next.js evaluates this file in Node */
/** @type {import('next').NextConfig} */
const nextConfig = {
  // The portal shares the SQLite file with the gateway through this native module.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  // Lets two builds of one checkout live side by side (parallel e2e work); `.next` otherwise.
  distDir: process.env.PORTCULLIS_NEXT_DIST_DIR || ".next",
  reactStrictMode: true,
  typedRoutes: false,
  // The build type-checks the portal's own code; `npm run typecheck` covers the whole repository
  // (gateway, tests), so a test's typing error cannot break `npm start`'s first build.
  typescript: { tsconfigPath: "tsconfig.portal.json" },
  // `forbidden()` (a real 403 page) for a signed-in user whose role may not open a page.
  experimental: { authInterrupts: true },
};

export default nextConfig;
