// The relay thread's loop and a connection's per-event path: epoll interest, reads, writes
// with their pending buffer, and forwarding through the frame scanner and the limits
// (Tunnel.clientData / backendData). Kept in one file so the compiler sees the whole path.
#include <errno.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "relay_internal.h"

namespace relay {

namespace {
constexpr int kMaxEvents = 256;
}  // namespace

void Engine::run() {
  epoll_event events[kMaxEvents];
  while (!stopping_) {
    int timeout = -1;
    if (!timers_.empty()) {
      int64_t wait = timers_.begin()->first - monotonicMs();
      timeout = wait < 0 ? 0 : static_cast<int>(wait > 60000 ? 60000 : wait);
    }
    int n = epoll_wait(epoll_, events, kMaxEvents, timeout);
    if (n < 0 && errno != EINTR) break;
    for (int i = 0; i < n; i++) {
      uint64_t tag = events[i].data.u64;
      if (tag == 0) {
        uint64_t value;
        if (read(wake_, &value, sizeof value) < 0) {
        }
        applyCommands();
        continue;
      }
      Conn* c = reinterpret_cast<Conn*>(tag & ~uint64_t(1));
      int side = static_cast<int>(tag & 1);
      if (c->side[side].closed) continue;
      onEvent(c, side, events[i].events);
      publish(c);
    }
    fireTimers();
    for (Conn* c : dead_) delete c;
    dead_.clear();
  }
}

void Engine::updateInterest(Conn* c, int s) {
  Side& side = c->side[s];
  if (side.closed) return;
  uint32_t want = 0;
  // A side reads while its peer takes what it forwards, or while its bytes are being dropped.
  const Side& peer = c->side[1 - s];
  if (!side.readEof && (c->dir[s].flow == kStopped || peer.pendingLen == 0 || peer.closed)) want |= EPOLLIN;
  if (side.pendingLen > 0) want |= EPOLLOUT;
  if (want == side.events) return;
  epoll_event ev{};
  ev.events = want;
  ev.data.u64 = reinterpret_cast<uint64_t>(c) | static_cast<uint64_t>(s);
  if (want == 0) {
    epoll_ctl(epoll_, EPOLL_CTL_DEL, side.fd, &ev);
  } else if (side.events == 0) {
    epoll_ctl(epoll_, EPOLL_CTL_ADD, side.fd, &ev);
  } else {
    epoll_ctl(epoll_, EPOLL_CTL_MOD, side.fd, &ev);
  }
  side.events = want;
}

void Engine::onEvent(Conn* c, int s, uint32_t events) {
  Side& side = c->side[s];
  if ((events & EPOLLERR) && !(events & EPOLLIN)) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(side.fd, SOL_SOCKET, SO_ERROR, &err, &len);
    sideError(c, s);
    return;
  }
  if (events & EPOLLOUT) flush(c, s);
  if (side.closed) return;
  // EPOLLHUP is reported whatever was asked for: read so the end is seen instead of spinning.
  if (events & (EPOLLIN | EPOLLHUP)) readSide(c, s);
}

void Engine::readSide(Conn* c, int s) {
  Side& side = c->side[s];
  if (side.readEof) {
    updateInterest(c, s);
    return;
  }
  ssize_t n = recv(side.fd, buffer_, kBufferSize, 0);
  if (n > 0) {
    if (c->tap) onTap_(new TapChunk{c->slot, static_cast<uint8_t>(s), std::string(reinterpret_cast<char*>(buffer_), n)});
    onData(c, s, buffer_, static_cast<size_t>(n));
    return;
  }
  if (n == 0) {
    side.readEof = true;
    onEof(c, s);
    checkClosed(c, s);
    updateInterest(c, s);
    return;
  }
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
  sideError(c, s);
}

void Engine::sendTo(Conn* c, int s, const uint8_t* p, size_t n) {
  Side& d = c->side[s];
  // Writing after end() or to a destroyed socket is an error Node reports and the Tunnel ignores.
  if (d.closed || d.wantShut || n == 0) return;
  if (d.pendingLen == 0) {
    ssize_t w = ::send(d.fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        sideError(c, s);
        return;
      }
      w = 0;
    }
    if (static_cast<size_t>(w) == n) return;
    p += w;
    n -= static_cast<size_t>(w);
  }
  size_t live = d.pendingLen - d.pendingOff;
  if (d.pendingOff > 0 && live + n > d.pendingCap) {
    memmove(d.pending, d.pending + d.pendingOff, live);
    d.pendingLen = live;
    d.pendingOff = 0;
  }
  if (d.pendingLen + n > d.pendingCap) {
    size_t cap = d.pendingCap == 0 ? 16384 : d.pendingCap;
    while (cap < d.pendingLen + n) cap *= 2;
    d.pending = static_cast<uint8_t*>(realloc(d.pending, cap));
    d.pendingCap = cap;
  }
  memcpy(d.pending + d.pendingLen, p, n);
  d.pendingLen += n;
  updateInterest(c, s);
  updateInterest(c, 1 - s);
}

void Engine::flush(Conn* c, int s) {
  Side& d = c->side[s];
  while (d.pendingOff < d.pendingLen) {
    ssize_t w = ::send(d.fd, d.pending + d.pendingOff, d.pendingLen - d.pendingOff, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      if (errno == EINTR) continue;
      sideError(c, s);
      return;
    }
    d.pendingOff += static_cast<size_t>(w);
  }
  if (d.pendingOff == d.pendingLen) {
    free(d.pending);
    d.pending = nullptr;
    d.pendingLen = d.pendingOff = d.pendingCap = 0;
    if (d.wantShut && !d.writeShut) {
      d.wantShut = false;
      endSide(c, s);
      if (d.closed) return;
    }
  }
  updateInterest(c, s);
  updateInterest(c, 1 - s);
}

// Tunnel.clientData / backendData (and their limited and closing variants).
void Engine::onData(Conn* c, int k, const uint8_t* p, size_t n) {
  Dir& d = c->dir[k];
  if (d.limiter && d.flow == kOpen) return dataLimited(c, k, p, n);
  c->bytes[k] += n;
  if (d.flow != kOpen) return whileClosing(c, k, p, n);
  c->messages[k] += d.scanner.scan(p, n);
  if (c->closedBy == kNone && d.scanner.closeCode != 0)
    record(c, k == 0 ? kClient : kBackend, d.scanner.closeCode, d.scanner.closeReason(), d.scanner.closeReasonLength());
  // Counted before forwarded: whoever sees the bytes arrive finds them in the counters.
  publish(c);
  sendTo(c, 1 - k, p, n);
}

void Engine::dataLimited(Conn* c, int k, const uint8_t* p, size_t n) {
  Dir& d = c->dir[k];
  c->bytes[k] += n;
  Limiter* l = d.limiter.get();
  if (l->rateCalls != 0) l->now = wallMs();
  c->messages[k] += d.scanner.scanLimited(p, n);
  if (c->closedBy == kNone && d.scanner.closeCode != 0)
    record(c, k == 0 ? kClient : kBackend, d.scanner.closeCode, d.scanner.closeReason(), d.scanner.closeReasonLength());
  publish(c);
  if (!forwardChecked(c, k, p, n)) return;
  size_t stoppedAt = l->stoppedAt;
  uint16_t code;
  char reason[64];
  int reasonLen;
  if (l->violation == kViolationSize) {
    code = 1009;
    reasonLen = snprintf(reason, sizeof reason, "message too big: limit %llu bytes", static_cast<unsigned long long>(l->maxMessageBytes));
  } else {
    code = 1008;
    reasonLen = snprintf(reason, sizeof reason, "message rate limit exceeded");
  }
  uint8_t kind = l->violation == kViolationSize ? (k == 0 ? kReasonSizeInbound : kReasonSizeOutbound) : kReasonRate;
  shut(c, code, reinterpret_cast<const uint8_t*>(reason), static_cast<size_t>(reasonLen), k == 0, k == 1, kind);
  // The client's bytes after the violating header are dropped but scanned for its Close;
  // the backend's are dropped unread, as after any Close the gateway sends.
  if (k == 0) whileClosing(c, 0, p + stoppedAt, n - stoppedAt);
}

void Engine::whileClosing(Conn* c, int k, const uint8_t* p, size_t n) {
  Dir& d = c->dir[k];
  if (k == 1) {
    if (d.flow != kInjecting) return;
    ptrdiff_t boundary = d.scanner.scanToBoundary(p, n);
    if (boundary < 0) return sendTo(c, kClientSide, p, n);
    if (boundary > 0) sendTo(c, kClientSide, p, static_cast<size_t>(boundary));
    injectTo(c, kClientSide);
    return;
  }
  size_t rest = 0;
  if (d.flow == kInjecting) {
    ptrdiff_t boundary = d.scanner.scanToBoundary(p, n);
    if (boundary < 0) return sendTo(c, kBackendSide, p, n);
    if (boundary > 0) sendTo(c, kBackendSide, p, static_cast<size_t>(boundary));
    injectTo(c, kBackendSide);
    rest = static_cast<size_t>(boundary);
  }
  d.scanner.scan(p + rest, n - rest);
  // The client answered the gateway's Close: as the server side, the gateway ends TCP.
  if (d.scanner.closeFrames > c->clientClosesAtStop) endSide(c, kClientSide);
}

bool Engine::forwardChecked(Conn* c, int k, const uint8_t* p, size_t n) {
  Dir& d = c->dir[k];
  Limiter* l = d.limiter.get();
  uint8_t held[16];
  size_t heldLen = l->hasHeld ? l->heldLen : 0;
  bool hadHeld = l->hasHeld;
  if (hadHeld) memcpy(held, l->held, heldLen);
  size_t end = n;
  if (l->violation != 0) {
    l->hasHeld = false;
    if (l->frameStart < 0) return true;  // the violating header began in the held bytes
    end = static_cast<size_t>(l->frameStart);
  } else if (d.scanner.inHeader()) {
    if (l->frameStart < 0) {
      // Still inside a header begun earlier: the whole chunk is header bytes (14 at most in all).
      size_t total = heldLen + n;
      if (total > sizeof l->held) total = sizeof l->held;
      memcpy(l->held + heldLen, p, total - heldLen);
      l->heldLen = static_cast<uint8_t>(total);
      l->hasHeld = true;
      return false;
    }
    end = static_cast<size_t>(l->frameStart);
    size_t keep = n - end;
    if (keep > sizeof l->held) keep = sizeof l->held;
    memcpy(l->held, p + end, keep);
    l->heldLen = static_cast<uint8_t>(keep);
    l->hasHeld = true;
  } else if (hadHeld) {
    l->hasHeld = false;
  }
  if (hadHeld) sendTo(c, 1 - k, held, heldLen);
  if (end > 0) sendTo(c, 1 - k, p, end);
  return l->violation != 0;
}

}  // namespace relay
