/**
 * The benchmark's load generator, forked by run.ts so that it has a process (and a core
 * share) of its own, apart from the backend. Raw sockets, handshake by hand, precomputed
 * frames; echoes are counted from byte totals (every frame on a run is the same size), so
 * the client spends next to nothing per message. Commands arrive over IPC (`{ id, cmd }`)
 * and are answered with `{ id, result }` or `{ id, error }`.
 */
import { handshakes, idleClose, idleOpen, latency, throughput } from "./client-batched";
import type { ClientCommand } from "./client-commands";
import { fanOut, messageEcho } from "./client-messages";

function run(cmd: ClientCommand): Promise<unknown> {
  switch (cmd.kind) {
    case "throughput":
      return throughput(cmd);
    case "latency":
      return latency(cmd);
    case "idle-open":
      return idleOpen(cmd);
    case "idle-close":
      return idleClose();
    case "handshakes":
      return handshakes(cmd);
    case "message-echo":
      return messageEcho(cmd);
    case "fan-out":
      return fanOut(cmd);
  }
}

process.on("message", (message: { id: number; cmd: ClientCommand }) => {
  run(message.cmd).then(
    (result) => process.send!({ id: message.id, result }),
    (error: unknown) => process.send!({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on("disconnect", () => process.exit(0));
process.send!({ ready: true });
