// What the engine's source files share and JS never sees: a relayed connection's state, the
// clocks, and publish (defined here, inline, because it runs for every event and every chunk).
//   relay_engine.cc  start/stop, the command queue and adding a connection
//   relay_io.cc      the relay thread's loop and a connection's reads, writes and forwarding
//   relay_close.cc   close handshakes, half-close, the kill timer and the end facts
#pragma once
#include <time.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "frame_scanner.h"
#include "relay.h"

namespace relay {

constexpr size_t kBufferSize = 128 * 1024;
enum Flow : uint8_t { kOpen = 0, kInjecting = 1, kStopped = 2 };
constexpr int kClientSide = 0;
constexpr int kBackendSide = 1;

inline int64_t monotonicMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

// Date.now(), which the JS rate window uses.
inline double wallMs() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<double>(static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000);
}

inline void storeDouble(double* at, double value) { __atomic_store(at, &value, __ATOMIC_RELAXED); }

// One socket of a relayed connection. Idle, it owns no buffer.
struct Side {
  int fd = -1;
  uint32_t events = 0;  // what epoll watches for it (0 = not registered)
  bool readEof = false;
  bool wantShut = false;  // end() asked for: shut the write side once pending bytes are out
  bool writeShut = false;
  bool closed = false;
  uint8_t* pending = nullptr;  // bytes the peer's socket did not take yet
  size_t pendingLen = 0;
  size_t pendingOff = 0;
  size_t pendingCap = 0;
};

// One direction: 0 inbound (client -> backend), 1 outbound.
struct Dir {
  Scanner scanner;
  std::unique_ptr<Limiter> limiter;  // set for the life of a limited direction (the JS "limited listener")
  uint8_t flow = kOpen;
  uint8_t injectLen = 0;
  uint8_t* inject = nullptr;  // the gateway's Close frame, waiting for a frame boundary
};

struct Conn {
  Side side[2];
  Dir dir[2];
  uint32_t slot = 0;
  uint32_t group = 0;
  double closeTimeoutMs = 0;
  uint64_t bytes[2] = {0, 0};
  uint64_t messages[2] = {0, 0};
  uint64_t published[4] = {0, 0, 0, 0};
  uint64_t clientClosesAtStop = 0;
  uint8_t closedBy = kNone;
  uint16_t closeCode = 0;
  bool ended = false;
  bool tap = false;
  bool killArmed = false;
  std::multimap<int64_t, Conn*>::iterator kill;
  std::string closeReason;
};

// Adds what the connection counted since the last call to its slot and to its group's totals.
inline void Engine::publish(Conn* c) {
  uint64_t now[4] = {c->bytes[0], c->bytes[1], c->messages[0], c->messages[1]};
  if (c->slot < slotCapacity_) {
    double* slot = &slots_[c->slot * kSlotWidth];
    for (int f = 0; f < 4; f++)
      if (now[f] != c->published[f]) storeDouble(&slot[f], static_cast<double>(now[f]));
  }
  double* group = &groups_[c->group * kGroupWidth];
  for (int f = 0; f < 4; f++) {
    if (now[f] == c->published[f]) continue;
    double total = group[f] + static_cast<double>(now[f] - c->published[f]);
    storeDouble(&group[f], total);
    c->published[f] = now[f];
  }
}

}  // namespace relay
