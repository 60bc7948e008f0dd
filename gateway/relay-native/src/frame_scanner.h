// The same frame-header scan and message limits as gateway/tunnel/frame-scanner.ts, for the
// native relay: counts messages, finds frame boundaries across arbitrary splits, captures the
// first Close frame's payload, and checks size/rate limits at each data frame's header.
// Header-only so the AddressSanitizer fuzz harness compiles exactly this code.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace relay {

enum : uint8_t { kFrameStart = 0, kLength7 = 1, kExtendedLength = 2, kMaskKey = 3, kPayload = 4 };
enum : int { kViolationSize = 1, kViolationRate = 2 };
constexpr uint64_t kMaxSafeLength = 9007199254740991ULL;  // 2^53 - 1, as the JS scanner

// One direction's message limits (JS MessageLimiter).
struct Limiter {
  uint64_t maxMessageBytes = 0;  // 0 = none
  uint32_t rateCalls = 0;        // 0 = none
  double ratePeriodMs = 0;
  double now = 0;
  double windowStart = 0;
  uint32_t windowCount = 0;
  int violation = 0;
  // Offset in the last chunk where the current frame's header began; -1 = an earlier chunk.
  ptrdiff_t frameStart = 0;
  size_t stoppedAt = 0;
  // Header bytes that ended a chunk, held back until the header is whole (14 at most).
  uint8_t held[16];
  uint8_t heldLen = 0;
  bool hasHeld = false;

  bool exceeds(uint8_t opcode, uint64_t messageBytes) {
    if (maxMessageBytes != 0 && messageBytes > maxMessageBytes) {
      violation = kViolationSize;
      return true;
    }
    if (opcode != 0 && rateCalls != 0) {
      if (now - windowStart >= ratePeriodMs) {
        windowStart = now;
        windowCount = 0;
      }
      if (++windowCount > rateCalls) {
        violation = kViolationRate;
        return true;
      }
    }
    return false;
  }
};

struct Scanner {
  uint8_t state = kFrameStart;
  bool fin = false;
  bool masked = false;
  bool malformed = false;
  uint8_t opcode = 0;
  uint8_t need = 0;
  int16_t closeFill = -1;  // >= 0 while capturing a Close payload
  uint8_t closeLen = 0;
  uint16_t closeCode = 0;  // 1005 when the first Close carried none; 0 before one
  uint32_t maskKey = 0;
  uint64_t length = 0;
  uint64_t remaining = 0;
  uint64_t messageBytes = 0;
  uint64_t frames = 0;
  uint64_t closeFrames = 0;
  uint64_t messages = 0;
  uint64_t largestMessage = 0;
  Limiter* limiter = nullptr;
  uint8_t closePayload[125];  // the first Close frame's payload (unmasked once complete)

  bool atFrameBoundary() const { return state == kFrameStart; }
  bool inHeader() const { return state != kFrameStart && state != kPayload; }
  // The first Close frame's reason bytes (UTF-8 as sent), valid once closeCode is set.
  const uint8_t* closeReason() const { return closePayload + 2; }
  size_t closeReasonLength() const { return closeCode != 0 && closeCode != 1005 && closeLen >= 2 ? closeLen - 2 : 0; }

  // In kPayload: consumes the payload bytes of p[i..n) (capturing a Close frame's); returns the next offset,
  // n when the chunk ends inside the payload.
  size_t consumePayload(const uint8_t* p, size_t n, size_t i) {
    if (closeFill >= 0) return captureClose(p, n, i);
    size_t left = n - i;
    if (remaining > left) {
      remaining -= left;
      return n;
    }
    i += remaining;
    remaining = 0;
    state = kFrameStart;
    return i;
  }

  // Scans p[start..n); returns whole data messages whose final header it read.
  uint64_t scan(const uint8_t* p, size_t n, size_t start = 0) {
    uint64_t before = messages;
    size_t i = start;
    while (i < n) {
      if (state == kPayload) {
        i = consumePayload(p, n, i);
        continue;
      }
      headerByte(p[i++]);
    }
    return messages - before;
  }

  // scan with the limiter's checks: stops just past the header of the first violating frame.
  uint64_t scanLimited(const uint8_t* p, size_t n, size_t start = 0) {
    Limiter* l = limiter;
    uint64_t before = messages;
    size_t i = start;
    l->frameStart = inHeader() ? -1 : static_cast<ptrdiff_t>(start);
    while (i < n) {
      if (state == kPayload) {
        i = consumePayload(p, n, i);
        continue;
      }
      if (state == kFrameStart) l->frameStart = static_cast<ptrdiff_t>(i);
      headerByte(p[i++]);
      if (l->violation != 0) {
        l->stoppedAt = i;
        break;
      }
    }
    return messages - before;
  }

  // Offset of the first frame boundary from start, scanning up to it; -1 when the chunk ends inside a frame.
  ptrdiff_t scanToBoundary(const uint8_t* p, size_t n, size_t start = 0) {
    if (state == kFrameStart) return static_cast<ptrdiff_t>(start);
    size_t i = start;
    while (i < n) {
      if (state == kPayload) {
        i = consumePayload(p, n, i);
      } else {
        headerByte(p[i++]);
      }
      if (state == kFrameStart) return static_cast<ptrdiff_t>(i);
    }
    return -1;
  }

 private:
  void headerByte(uint8_t b) {
    switch (state) {
      case kFrameStart:
        fin = (b & 0x80) != 0;
        opcode = b & 0x0f;
        state = kLength7;
        return;
      case kLength7: {
        masked = (b & 0x80) != 0;
        uint8_t len7 = b & 0x7f;
        if (len7 < 126) {
          length = len7;
          afterLength();
        } else {
          length = 0;
          need = len7 == 126 ? 2 : 8;
          state = kExtendedLength;
        }
        return;
      }
      case kExtendedLength:
        if (need == 8 && (b & 0x80)) malformed = true;
        length = length * 256 + b;
        if (--need == 0) {
          if (length > kMaxSafeLength) malformed = true;
          afterLength();
        }
        return;
      case kMaskKey:
        maskKey = (maskKey << 8) | b;
        if (--need == 0) headerDone();
        return;
      default:
        return;
    }
  }

  void afterLength() {
    if (masked) {
      need = 4;
      maskKey = 0;
      state = kMaskKey;
    } else {
      headerDone();
    }
  }

  void headerDone() {
    frames++;
    uint8_t op = opcode;
    if (op < 0x8) {
      uint64_t bytes = op == 0 ? messageBytes + length : length;
      if (limiter == nullptr || !limiter->exceeds(op, bytes)) {
        messageBytes = bytes;
        if (fin) {
          messages++;
          if (bytes > largestMessage) largestMessage = bytes;
          messageBytes = 0;
        }
      }
    } else if (op == 0x8 && closeFrames++ == 0) {
      if (length >= 2 && length <= 125) {
        closeLen = static_cast<uint8_t>(length);
        closeFill = 0;
      } else {
        closeCode = 1005;
      }
    }
    remaining = length;
    state = length == 0 ? kFrameStart : kPayload;
  }

  size_t captureClose(const uint8_t* p, size_t n, size_t i) {
    uint64_t take = remaining < n - i ? remaining : n - i;
    memcpy(closePayload + closeFill, p + i, take);
    closeFill = static_cast<int16_t>(closeFill + take);
    remaining -= take;
    if (remaining == 0) {
      if (masked)
        for (size_t k = 0; k < closeLen; k++) closePayload[k] ^= (maskKey >> (24 - 8 * (k & 3))) & 0xff;
      closeCode = static_cast<uint16_t>((closePayload[0] << 8) | closePayload[1]);
      closeFill = -1;
      state = kFrameStart;
    }
    return i + take;
  }
};

// A Close frame as the gateway sends it: unmasked to the client, masked with `mask` to the backend.
// `out` holds at least 131 bytes; returns the frame's length. The reason is cut to 123 bytes
// before a UTF-8 continuation byte, as the JS closePayload does.
inline size_t closeFrame(uint8_t* out, uint16_t code, const uint8_t* reason, size_t reasonLen, const uint8_t* mask) {
  if (reasonLen > 123) {
    size_t cut = 123;
    while ((reason[cut] & 0xc0) == 0x80) cut--;
    reasonLen = cut;
  }
  size_t payloadLen = 2 + reasonLen;
  out[0] = 0x88;
  size_t at = 2;
  if (mask != nullptr) {
    out[1] = static_cast<uint8_t>(0x80 | payloadLen);
    memcpy(out + 2, mask, 4);
    at = 6;
  } else {
    out[1] = static_cast<uint8_t>(payloadLen);
  }
  out[at] = static_cast<uint8_t>(code >> 8);
  out[at + 1] = static_cast<uint8_t>(code & 0xff);
  memcpy(out + at + 2, reason, reasonLen);
  if (mask != nullptr)
    for (size_t k = 0; k < payloadLen; k++) out[at + k] ^= mask[k & 3];
  return at + payloadLen;
}

}  // namespace relay
