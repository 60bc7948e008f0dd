/**
 * glibc malloc settings for the gateway process. Node allocates a 64 KiB buffer for every
 * socket read; with glibc's defaults the heap top is trimmed and regrown hundreds of times a
 * second under load (brk calls and page faults), which doubled CPU per 4 KiB message in the
 * benchmark. A high trim threshold and top pad keep that memory mapped. glibc reads these
 * only at process start, so whoever starts the gateway sets them (launcher, `npm run
 * gateway` in package.json, the tests).
 */
export const GATEWAY_GLIBC_TUNABLES = "glibc.malloc.trim_threshold=268435456:glibc.malloc.top_pad=67108864";

/** The environment to start a gateway process with: `env` plus the allocator tunables. */
export function gatewayProcessEnv<E extends Record<string, string | undefined>>(env: E): E & { GLIBC_TUNABLES: string } {
  const existing = env.GLIBC_TUNABLES;
  return { ...env, GLIBC_TUNABLES: existing ? `${existing}:${GATEWAY_GLIBC_TUNABLES}` : GATEWAY_GLIBC_TUNABLES };
}
