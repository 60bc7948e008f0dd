// The engine's lifecycle and the commands JS posts: start/stop, the queue the relay thread
// drains on a wake-up, and a connection's adoption (limits, counters reset, early bytes).
#include <errno.h>
#include <pthread.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "relay_internal.h"

namespace relay {

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
  // Named here, before start returns, so `top -H`, `ps -L` and the bench see the name from the
  // first moment: they tell the relay's CPU from Node's threads by it.
  pthread_setname_np(thread_.native_handle(), kThreadName);
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

}  // namespace relay
