/** @type {import('next').NextConfig} */
const nextConfig = {
  // The portal shares the SQLite file with the gateway through this native module.
  serverExternalPackages: ["better-sqlite3"],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
};

export default nextConfig;
