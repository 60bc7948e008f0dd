import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import type { z } from "zod";

/** The cache file's mode: it holds the gateway's key-hash key and every subscription's key hash. */
const CONFIG_CACHE_MODE = 0o600;

/** What the cache file holds: the portal's answer and when it was saved. */
export interface CachedConfig<T> {
  savedAt: number;
  config: T;
}

export type CacheRead<T> = { ok: true; cached: CachedConfig<T> } | { ok: false; reason: string };

/**
 * The last configuration a self-hosted gateway received, kept in one file (DESIGN §6,
 * `GATEWAY_CONFIG_CACHE`) so that it can serve while the portal is away, even after a
 * restart. Every write is asynchronous and atomic (a private temp file, fsync, rename), so
 * the relay's event loop never waits on the disk and a crash mid-write leaves the previous
 * file whole. Writes are chained: the newest configuration is always the one left on disk.
 */
export class ConfigCache<T> {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  /** Reads and validates the file; a missing, unreadable or malformed file is a reason, not a throw. */
  async read(): Promise<CacheRead<T>> {
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { ok: false, reason: code === "ENOENT" ? `no cached configuration at ${this.file}` : `cannot read ${this.file}: ${String(error)}` };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { ok: false, reason: `${this.file} is not JSON` };
    }
    const savedAt = (json as { savedAt?: unknown } | null)?.savedAt;
    const config = this.schema.safeParse((json as { config?: unknown } | null)?.config);
    if (typeof savedAt !== "number" || !config.success) return { ok: false, reason: `${this.file} does not hold a gateway configuration` };
    return { ok: true, cached: { savedAt, config: config.data } };
  }

  /** Queues an atomic write of `config`; resolves when it (and every earlier one) is on disk. */
  write(config: T, savedAt = Date.now()): Promise<void> {
    const next = this.chain.then(() => this.writeNow({ savedAt, config }));
    // A failed write must not stop the next one; the caller of this write still sees the error.
    this.chain = next.catch(() => {});
    return next;
  }

  private async writeNow(content: CachedConfig<T>): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      const handle = await open(temp, "wx", CONFIG_CACHE_MODE);
      try {
        // The umask may have taken bits away but never adds any; chmod makes the mode exact.
        await handle.chmod(CONFIG_CACHE_MODE);
        await handle.writeFile(JSON.stringify(content));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}
