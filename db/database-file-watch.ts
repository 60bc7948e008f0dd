import { stat } from "node:fs/promises";

/** What the path of an open database holds now: the open file, nothing, or another file. */
export type DatabaseFileState = "ok" | "missing" | "replaced";

/** Tells a file apart from another one at the same path: device and inode. */
interface FileIdentity {
  dev: bigint;
  ino: bigint;
}

export interface DatabaseFileWatchOptions {
  /** How often the path is compared with the open file (default 2 s). */
  intervalMs?: number;
  /** Called once when the state changes (a problem appears, or the open file is back at its path). */
  onChange?: (state: DatabaseFileState, watch: DatabaseFileWatch) => void;
}

/** The reason readiness reports for a database file in `state` (null when it is fine). */
export function databaseFileProblem(file: string, state: DatabaseFileState): string | null {
  return state === "ok" ? null : `database file ${file} was removed or replaced while open`;
}

async function identify(file: string): Promise<FileIdentity | null> {
  try {
    const found = await stat(file, { bigint: true });
    return { dev: found.dev, ino: found.ino };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Notices when the SQLite file a process has open is deleted or replaced under it (SQLite
 * then goes on writing to the unlinked inode, and every change is lost): it remembers the
 * file's device and inode at start and compares them with `stat(path)` every few seconds.
 * The stat is asynchronous (libuv's thread pool), so the event loop that relays frames never
 * waits on it. The inode is taken from the path when the watch starts, so start it right
 * after opening the database. (Opening the file ourselves to fstat it is not an option:
 * closing any descriptor of a SQLite file drops the process's POSIX locks on it.)
 */
export class DatabaseFileWatch {
  private opened: FileIdentity | null = null;
  private current: DatabaseFileState = "ok";
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<DatabaseFileState> | null = null;

  constructor(
    readonly file: string,
    private readonly options: DatabaseFileWatchOptions = {},
  ) {}

  /** "ok", or what is wrong with the path since the watch started. */
  get state(): DatabaseFileState {
    return this.current;
  }

  /** The reason to report (`database file … was removed or replaced while open`), or null. */
  get problem(): string | null {
    return databaseFileProblem(this.file, this.current);
  }

  /** Records the open file's identity and checks it every `intervalMs` from then on. */
  async start(): Promise<void> {
    this.opened = await identify(this.file);
    // Missing already: it was unlinked after it was opened, and no file that appears later is the open one.
    if (!this.opened) this.update("missing");
    this.timer = setInterval(() => void this.check(), this.options.intervalMs ?? 2000);
    // A watch must never keep a process alive on its own.
    this.timer.unref();
  }

  /** Stops checking. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Compares the path with the open file once; a check already under way is shared, not repeated. */
  check(): Promise<DatabaseFileState> {
    this.checking ??= this.compare().finally(() => (this.checking = null));
    return this.checking;
  }

  private async compare(): Promise<DatabaseFileState> {
    if (!this.opened) return this.current;
    let now: FileIdentity | null;
    try {
      now = await identify(this.file);
    } catch {
      // EACCES, EIO…: not proof the file was swapped; keep the last verdict.
      return this.current;
    }
    if (!now) this.update("missing");
    else this.update(now.dev === this.opened.dev && now.ino === this.opened.ino ? "ok" : "replaced");
    return this.current;
  }

  private update(state: DatabaseFileState): void {
    if (state === this.current) return;
    this.current = state;
    this.options.onChange?.(state, this);
  }
}
