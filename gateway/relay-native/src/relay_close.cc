// A connection's ending: the gateway's Close (injected at a frame boundary), the recorded close
// facts, half-close and socket close (Tunnel.clientClose / backendClose), the kill timer that
// destroys what the close timeout leaves open, and the end facts posted once both sides are gone.
#include <errno.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "relay_internal.h"

namespace relay {

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

}  // namespace relay
