/**
 * `<limit-message-size max-bytes="65536" direction="both|inbound|outbound" />` (beyond APIM):
 * the largest whole WebSocket message, in payload bytes summed across its fragments, in each
 * direction it names (inbound: client → backend; default both). The tunnel checks each data
 * frame's header and, at the frame that would take a message past the limit, closes both sides
 * with 1009 without forwarding any of that frame. A message of exactly `max-bytes` passes.
 * When several documents (or several elements) set it, the smallest limit wins.
 */
import { CONTINUE, definePolicy, tighterLimit } from "./policy";

const NAME = "limit-message-size";
const DIRECTIONS = ["both", "inbound", "outbound"] as const;

interface LimitMessageSizeConfig {
  maxBytes: number;
  inbound: boolean;
  outbound: boolean;
}

export const limitMessageSize = definePolicy<LimitMessageSizeConfig>({
  name: NAME,
  sections: ["inbound"],
  parse(element, reader) {
    const attrs = reader.attributes(element, {
      "max-bytes": { type: "integer", required: true, min: 1 },
      direction: { type: "enum", values: DIRECTIONS },
    });
    reader.noContent(element);
    const maxBytes = attrs["max-bytes"];
    if (maxBytes === undefined) return null;
    const direction = attrs.direction ?? "both";
    return { maxBytes, inbound: direction !== "outbound", outbound: direction !== "inbound" };
  },
  apply(config, ctx) {
    const limits = ctx.limits;
    if (config.inbound) limits.maxInboundMessageBytes = tighterLimit(limits.maxInboundMessageBytes, config.maxBytes);
    if (config.outbound) limits.maxOutboundMessageBytes = tighterLimit(limits.maxOutboundMessageBytes, config.maxBytes);
    return CONTINUE;
  },
});
