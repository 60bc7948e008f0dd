/** Loads the native relay addon (built by build.mjs at `npm install`), or says why it cannot be used. */
import { createRequire } from "node:module";

/** Width of a connection's slot and of a counter group in the addon's shared arrays (src/relay.h). */
export interface NativeRelayBinding {
  Relay: new (
    slotCapacity: number,
    groupCapacity: number,
    onEnd: (slot: number, closedBy: number, closeCode: number, closeReason: Buffer, endedAt: number) => void,
    onTap: (slot: number, direction: number, bytes: Buffer) => void,
  ) => NativeRelayHandle;
  slotWidth: number;
  groupWidth: number;
  /** The relay thread's name, as `ps -L` and /proc/<pid>/task/<tid>/comm show it. */
  threadName: string;
}

/** The addon's relay: one epoll thread and the counters it writes. */
export interface NativeRelayHandle {
  /** Per connection slot: bytes in, bytes out, messages in, messages out, closedBy (1 client, 2 backend, 3 gateway). */
  readonly slots: Float64Array;
  /** Per counter group: bytes in, bytes out, messages in, messages out, since the relay started. */
  readonly groups: Float64Array;
  add(clientFd: number, backendFd: number, slot: number, group: number, closeTimeoutMs: number, limits: Float64Array | null, clientHead: Buffer, backendHead: Buffer): void;
  close(slot: number, code: number, reason: string): void;
  destroy(slot: number): void;
  tap(slot: number, on: boolean): void;
  stop(): void;
}

export const ADDON_PATH = "./build/Release/portcullis_relay.node";

/** The addon, or the reason it cannot be loaded (not built, another platform, a load error). */
export function loadNativeRelay(): { binding: NativeRelayBinding } | { error: string } {
  if (process.platform !== "linux") return { error: "the native relay is Linux-only" };
  try {
    const binding = createRequire(import.meta.url)(ADDON_PATH) as NativeRelayBinding;
    return { binding };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    return { error: message.includes("Cannot find module") ? "the addon is not built (npm install builds it)" : message };
  }
}
