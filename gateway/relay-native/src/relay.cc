#include "relay.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cstdlib>

namespace relay {

namespace {

constexpr size_t kBufferSize = 128 * 1024;
constexpr int kMaxEvents = 256;
enum Flow : uint8_t { kOpen = 0, kInjecting = 1, kStopped = 2 };
constexpr int kClientSide = 0;
constexpr int kBackendSide = 1;

int64_t monotonicMs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

// Date.now(), which the JS rate window uses.
double wallMs() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<double>(static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000);
}

void storeDouble(double* at, double value) { __atomic_store(at, &value, __ATOMIC_RELAXED); }

}  // namespace

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

Engine::Engine(double* slots, size_t slotCapacity, double* groups, size_t groupCapacity,
               std::function<void(EndFacts*)> onEnd, std::function<void(TapChunk*)> onTap)
    : slots_(slots), slotCapacity_(slotCapacity), groups_(groups), groupCapacity_(groupCapacity),
      onEnd_(std::move(onEnd)), onTap_(std::move(onTap)) {}

Engine::~Engine() { stop(); }

bool Engine::start(std::string& error) {
  epoll_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_ < 0) {
    error = std::string("epoll_create1: ") + strerror(errno);
    return false;
  }
  wake_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_ < 0) {
    error = std::string("eventfd: ") + strerror(errno);
    ::close(epoll_);
    epoll_ = -1;
    return false;
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = 0;
  epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &ev);
  buffer_ = static_cast<uint8_t*>(malloc(kBufferSize));
  running_ = true;
  thread_ = std::thread([this] { run(); });
  return true;
}

void Engine::stop() {
  if (!running_) return;
  running_ = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Command c{};
    c.kind = Command::Destroy;
    c.slot = UINT32_MAX;  // the stop marker
    queue_.push_back(std::move(c));
  }
  uint64_t one = 1;
  if (write(wake_, &one, sizeof one) < 0) {
  }
  thread_.join();
  for (Conn* c : bySlot_) {
    if (c == nullptr) continue;
    for (Side& s : c->side) {
      if (!s.closed && s.fd >= 0) ::close(s.fd);
      free(s.pending);
    }
    for (Dir& d : c->dir) free(d.inject);
    delete c;
  }
  bySlot_.clear();
  for (Conn* c : dead_) delete c;
  dead_.clear();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (Command& c : queue_)
      if (c.add) {
        ::close(c.add->clientFd);
        ::close(c.add->backendFd);
      }
    queue_.clear();
  }
  ::close(wake_);
  ::close(epoll_);
  free(buffer_);
  buffer_ = nullptr;
}

void Engine::post(Command command) {
  bool first;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    first = queue_.empty();
    queue_.push_back(std::move(command));
  }
  if (first) {
    uint64_t one = 1;
    if (write(wake_, &one, sizeof one) < 0) {
      // The counter cannot overflow in practice; a failed wake-up is retried by the next post.
    }
  }
}

void Engine::add(std::unique_ptr<AddRequest> request) {
  Command c{};
  c.kind = Command::Add;
  c.add = std::move(request);
  post(std::move(c));
}

void Engine::close(uint32_t slot, uint16_t code, std::string reason) {
  Command c{};
  c.kind = Command::Close;
  c.slot = slot;
  c.code = code;
  c.reason = std::move(reason);
  post(std::move(c));
}

void Engine::destroy(uint32_t slot) {
  Command c{};
  c.kind = Command::Destroy;
  c.slot = slot;
  post(std::move(c));
}

void Engine::tap(uint32_t slot, bool on) {
  Command c{};
  c.kind = Command::Tap;
  c.slot = slot;
  c.on = on;
  post(std::move(c));
}

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

void Engine::applyCommands() {
  std::vector<Command> commands;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    commands.swap(queue_);
  }
  for (Command& cmd : commands) {
    if (cmd.kind == Command::Add) {
      addConn(std::move(cmd.add));
      continue;
    }
    if (cmd.slot == UINT32_MAX) {
      stopping_ = true;
      continue;
    }
    Conn* c = cmd.slot < bySlot_.size() ? bySlot_[cmd.slot] : nullptr;
    if (c == nullptr || c->ended) continue;
    if (cmd.kind == Command::Close) {
      shut(c, cmd.code, reinterpret_cast<const uint8_t*>(cmd.reason.data()), cmd.reason.size(), false, false, kReasonRequested);
    } else if (cmd.kind == Command::Destroy) {
      destroyAll(c);
    } else {
      c->tap = cmd.on;
    }
    publish(c);
  }
}

void Engine::addConn(std::unique_ptr<AddRequest> r) {
  Conn* c = new Conn();
  c->slot = r->slot;
  c->group = r->group < groupCapacity_ ? r->group : 0;
  c->closeTimeoutMs = r->closeTimeoutMs;
  c->side[kClientSide].fd = r->clientFd;
  c->side[kBackendSide].fd = r->backendFd;
  uint64_t maxBytes[2] = {r->maxInboundBytes, r->maxOutboundBytes};
  uint32_t calls[2] = {r->inboundCalls, r->outboundCalls};
  double periods[2] = {r->inboundPeriodMs, r->outboundPeriodMs};
  for (int k = 0; k < 2; k++) {
    if (maxBytes[k] == 0 && calls[k] == 0) continue;
    c->dir[k].limiter.reset(new Limiter());
    c->dir[k].limiter->maxMessageBytes = maxBytes[k];
    c->dir[k].limiter->rateCalls = calls[k];
    c->dir[k].limiter->ratePeriodMs = calls[k] == 0 ? 0 : periods[k];
    c->dir[k].scanner.limiter = c->dir[k].limiter.get();
  }
  if (c->slot >= bySlot_.size()) bySlot_.resize(c->slot + 1 > bySlot_.size() * 2 ? c->slot + 1 : bySlot_.size() * 2, nullptr);
  bySlot_[c->slot] = c;
  if (c->slot < slotCapacity_)
    for (size_t f = 0; f < kSlotWidth; f++) storeDouble(&slots_[c->slot * kSlotWidth + f], 0);
  int one = 1;
  for (int s = 0; s < 2; s++) {
    setsockopt(c->side[s].fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    updateInterest(c, s);
  }
  // As Tunnel.start: the backend's early bytes first, then the client's.
  if (!r->backendHead.empty())
    onData(c, 1, reinterpret_cast<const uint8_t*>(r->backendHead.data()), r->backendHead.size());
  if (!r->clientHead.empty() && !c->ended)
    onData(c, 0, reinterpret_cast<const uint8_t*>(r->clientHead.data()), r->clientHead.size());
  publish(c);
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

void Engine::shut(Conn* c, uint16_t code, const uint8_t* reason, size_t reasonLen, bool inboundCut, bool outboundCut, uint8_t reasonKind) {
  if (c->ended || c->dir[0].flow != kOpen || c->dir[1].flow != kOpen) return;
  if (c->closedBy == kNone) record(c, kGateway, code, reason, reasonLen, reasonKind);
  bool held[2];
  for (int k = 0; k < 2; k++) {
    Scanner& s = c->dir[k].scanner;
    held[k] = s.limiter != nullptr && s.limiter->hasHeld;
    s.limiter = nullptr;
  }
  uint8_t mask[4];
  if (getrandom(mask, sizeof mask, 0) != sizeof mask) {
    int64_t t = monotonicMs() ^ reinterpret_cast<intptr_t>(c);
    memcpy(mask, &t, 4);
  }
  for (int k = 0; k < 2; k++) {
    Dir& d = c->dir[k];
    d.inject = static_cast<uint8_t*>(malloc(136));
    // Inbound goes to the backend (masked, as a client sends); outbound to the client.
    d.injectLen = static_cast<uint8_t>(closeFrame(d.inject, code, reason, reasonLen, k == 0 ? mask : nullptr));
    d.flow = kInjecting;
  }
  if (outboundCut || held[1] || c->dir[1].scanner.atFrameBoundary()) injectTo(c, kClientSide);
  if (inboundCut || held[0] || c->dir[0].scanner.atFrameBoundary()) injectTo(c, kBackendSide);
  armKill(c);
}

void Engine::injectTo(Conn* c, int s) {
  // To the client goes the outbound direction's frame; to the backend the inbound one's.
  Dir& d = c->dir[s == kClientSide ? 1 : 0];
  uint8_t* frame = d.inject;
  d.inject = nullptr;
  d.flow = kStopped;
  if (s == kClientSide) c->clientClosesAtStop = c->dir[0].scanner.closeFrames;
  if (frame != nullptr) sendTo(c, s, frame, d.injectLen);
  free(frame);
  updateInterest(c, 0);
  updateInterest(c, 1);
}

void Engine::record(Conn* c, uint8_t by, uint16_t code, const uint8_t* reason, size_t reasonLen, uint8_t reasonKind) {
  c->closedBy = by;
  c->closeCode = code;
  c->closeReason.assign(reinterpret_cast<const char*>(reason), reasonLen);
  if (c->slot < slotCapacity_) {
    double* slot = &slots_[c->slot * kSlotWidth];
    storeDouble(&slot[kCloseCode], code);
    storeDouble(&slot[kReasonKind], reasonKind);
    // Last: JS reads closedBy first, then the code and the reason's kind.
    __atomic_thread_fence(__ATOMIC_RELEASE);
    storeDouble(&slot[kClosedBy], by);
  }
}

void Engine::onEof(Conn* c, int s) {
  if (c->closedBy == kNone) record(c, s == kClientSide ? kClient : kBackend, 1006, nullptr, 0);
  if (s == kClientSide) {
    endSide(c, kBackendSide);
  } else {
    endSide(c, kClientSide);
    // The backend socket does not allow half-open connections (Node's default): its end ends it.
    endSide(c, kBackendSide);
  }
  armKill(c);
}

void Engine::endSide(Conn* c, int s) {
  Side& d = c->side[s];
  if (d.closed || d.writeShut) return;
  if (d.pendingLen > 0) {
    d.wantShut = true;
    return;
  }
  d.wantShut = true;
  if (shutdown(d.fd, SHUT_WR) < 0 && errno != ENOTCONN) {
    sideError(c, s);
    return;
  }
  d.writeShut = true;
  checkClosed(c, s);
}

void Engine::checkClosed(Conn* c, int s) {
  Side& d = c->side[s];
  if (d.closed || !d.readEof || !d.writeShut) return;
  closeSide(c, s);
  sideClosed(c, s);
}

void Engine::closeSide(Conn* c, int s) {
  Side& d = c->side[s];
  if (d.closed) return;
  if (d.events != 0) {
    epoll_event ev{};
    epoll_ctl(epoll_, EPOLL_CTL_DEL, d.fd, &ev);
    d.events = 0;
  }
  ::close(d.fd);
  d.fd = -1;
  d.closed = true;
  free(d.pending);
  d.pending = nullptr;
  d.pendingLen = d.pendingOff = d.pendingCap = 0;
  // The other side may read again (nothing waits on this one any more).
  updateInterest(c, 1 - s);
}

void Engine::sideError(Conn* c, int s) {
  if (c->side[s].closed) return;
  closeSide(c, s);
  sideClosed(c, s);
}

// Tunnel.clientClose / backendClose.
void Engine::sideClosed(Conn* c, int s) {
  if (c->closedBy == kNone) record(c, s == kClientSide ? kClient : kBackend, 1006, nullptr, 0);
  if (!c->side[1 - s].closed) {
    endSide(c, 1 - s);
    armKill(c);
  }
  maybeEnd(c);
}

void Engine::destroyAll(Conn* c) {
  for (int s = 0; s < 2; s++) {
    if (c->side[s].closed) continue;
    closeSide(c, s);
    sideClosed(c, s);
  }
}

void Engine::armKill(Conn* c) {
  if (c->killArmed || c->ended) return;
  c->killArmed = true;
  c->kill = timers_.emplace(monotonicMs() + static_cast<int64_t>(c->closeTimeoutMs), c);
}

void Engine::fireTimers() {
  int64_t now = monotonicMs();
  while (!timers_.empty() && timers_.begin()->first <= now) {
    Conn* c = timers_.begin()->second;
    timers_.erase(timers_.begin());
    c->killArmed = false;
    if (c->ended) continue;
    destroyAll(c);
    publish(c);
  }
}

void Engine::maybeEnd(Conn* c) {
  if (c->ended || !c->side[0].closed || !c->side[1].closed) return;
  c->ended = true;
  if (c->killArmed) {
    timers_.erase(c->kill);
    c->killArmed = false;
  }
  for (Dir& d : c->dir) {
    free(d.inject);
    d.inject = nullptr;
  }
  publish(c);
  if (c->slot < bySlot_.size() && bySlot_[c->slot] == c) bySlot_[c->slot] = nullptr;
  onEnd_(new EndFacts{c->slot, c->closedBy, c->closeCode, c->closeReason, wallMs()});
  dead_.push_back(c);
}

void Engine::publish(Conn* c) {
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
