/** WebSocket opcodes the gateway reads or writes (RFC 6455 §5.2). */
export const OPCODE_CONTINUATION = 0x0;
export const OPCODE_CLOSE = 0x8;
