// AddressSanitizer/UBSan fuzz harness for the native relay. Two parts, for a bounded time:
//  1. the frame scanner: random frame streams cut at random points must give the same counts,
//     Close facts and limit stop point as the stream scanned whole;
//  2. the relay engine: random frame streams through real socketpairs and the relay thread,
//     with and without limits, random write sizes, random early closes; every connection must
//     report its end, and without limits each side must receive exactly what the other sent.
// Build: g++ -std=c++17 -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -pthread
//        fuzz/fuzz.cc src/relay_engine.cc src/relay_io.cc src/relay_close.cc -o fuzz
//        (the engine's sources are binding.gyp's, less src/addon.cc; the test reads them from there)
// Run:   ./fuzz <seconds> [seed]    prints "ok <scanner runs> <relay runs>" and exits 0.
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "../src/frame_scanner.h"
#include "../src/relay.h"

using namespace relay;

static std::mt19937_64 rng;
static uint64_t rnd(uint64_t n) { return n == 0 ? 0 : rng() % n; }

static void fail(const char* what) {
  fprintf(stderr, "FAIL: %s\n", what);
  exit(1);
}

// A random stream of frames (data, control, Close with and without payload, fragments), masked or not;
// sometimes a few bytes of garbage, which the scanner must survive (it does not validate).
static std::string randomStream(bool masked, size_t maxBytes) {
  std::string out;
  while (out.size() < maxBytes) {
    if (rnd(50) == 0) {
      size_t n = 1 + rnd(20);
      for (size_t i = 0; i < n; i++) out.push_back(static_cast<char>(rnd(256)));
      continue;
    }
    static const uint8_t ops[] = {0x0, 0x1, 0x2, 0x8, 0x9, 0xa, 0x3, 0xb};
    uint8_t op = ops[rnd(sizeof ops)];
    uint64_t len;
    switch (rnd(6)) {
      case 0: len = 0; break;
      case 1: len = rnd(126); break;
      case 2: len = 126 + rnd(200); break;
      case 3: len = rnd(70000); break;
      case 4: len = 2 + rnd(124); break;
      default: len = rnd(10); break;
    }
    if (op >= 0x8 && len > 125) len = rnd(126);
    out.push_back(static_cast<char>((rnd(2) ? 0x80 : 0) | op));
    uint8_t m = masked ? 0x80 : 0;
    if (len < 126) {
      out.push_back(static_cast<char>(m | len));
    } else if (len < 65536) {
      out.push_back(static_cast<char>(m | 126));
      out.push_back(static_cast<char>(len >> 8));
      out.push_back(static_cast<char>(len & 0xff));
    } else {
      out.push_back(static_cast<char>(m | 127));
      for (int i = 7; i >= 0; i--) out.push_back(static_cast<char>((len >> (8 * i)) & 0xff));
    }
    if (masked)
      for (int i = 0; i < 4; i++) out.push_back(static_cast<char>(rnd(256)));
    for (uint64_t i = 0; i < len; i++) out.push_back(static_cast<char>(rnd(256)));
  }
  return out;
}

static std::vector<size_t> randomCuts(size_t n) {
  std::vector<size_t> cuts;
  size_t at = 0;
  while (at < n) {
    size_t step = rnd(4) == 0 ? 1 + rnd(3) : 1 + rnd(rnd(2) ? 64 : 20000);
    at = at + step > n ? n : at + step;
    cuts.push_back(at);
  }
  return cuts;
}

struct ScanResult {
  uint64_t messages, frames, closeFrames;
  uint16_t closeCode;
  std::string reason;
  int violation;
  size_t stopAt;  // absolute offset just past the violating header
};

static ScanResult scanAll(const std::string& s, const std::vector<size_t>& cuts, Limiter* proto) {
  Scanner sc;
  Limiter lim;
  if (proto) {
    lim = *proto;
    sc.limiter = &lim;
  }
  const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
  size_t from = 0;
  ScanResult r{};
  for (size_t cut : cuts) {
    std::vector<uint8_t> chunk(p + from, p + cut);  // its own allocation: ASan sees any overread
    if (proto) {
      sc.scanLimited(chunk.data(), chunk.size());
      if (lim.violation != 0) {
        r.violation = lim.violation;
        r.stopAt = from + lim.stoppedAt;
        break;
      }
    } else if (rnd(3) == 0) {
      size_t i = 0;
      while (i < chunk.size()) {
        ptrdiff_t b = sc.scanToBoundary(chunk.data(), chunk.size(), i);
        if (b < 0) break;
        if (static_cast<size_t>(b) == i) {
          sc.scan(chunk.data(), chunk.size(), i);
          break;
        }
        i = static_cast<size_t>(b);
      }
    } else {
      sc.scan(chunk.data(), chunk.size());
    }
    from = cut;
  }
  r.messages = sc.messages;
  r.frames = sc.frames;
  r.closeFrames = sc.closeFrames;
  r.closeCode = sc.closeCode;
  r.reason.assign(reinterpret_cast<const char*>(sc.closeReason()), sc.closeReasonLength());
  return r;
}

static void fuzzScanner() {
  std::string s = randomStream(rnd(2), 1 + rnd(200000));
  std::vector<size_t> whole{s.size()};
  Limiter lim;
  Limiter* proto = nullptr;
  if (rnd(2)) {
    lim.maxMessageBytes = rnd(3) ? 1 + rnd(70000) : 0;
    lim.rateCalls = static_cast<uint32_t>(rnd(2) ? 1 + rnd(50) : 0);
    lim.ratePeriodMs = 1000;
    lim.now = 5000;  // one window: the stop point depends on the bytes only
    proto = &lim;
  }
  ScanResult a = scanAll(s, whole, proto);
  ScanResult b = scanAll(s, randomCuts(s.size()), proto);
  if (a.violation != b.violation || a.stopAt != b.stopAt) fail("limit stop point depends on the split");
  if (a.violation == 0 && (a.messages != b.messages || a.frames != b.frames || a.closeFrames != b.closeFrames || a.closeCode != b.closeCode || a.reason != b.reason))
    fail("scan results depend on the split");
}

// ---- the relay engine over socketpairs ----

struct Ends {
  std::mutex m;
  std::condition_variable cv;
  std::vector<EndFacts> facts;
};

static void pump(int clientPeer, int backendPeer, const std::string& toBackend, const std::string& toClient, std::string& gotBackend,
                 std::string& gotClient, bool abrupt) {
  size_t sentB = 0, sentC = 0;
  auto cutsB = randomCuts(toBackend.size()), cutsC = randomCuts(toClient.size());
  size_t ib = 0, ic = 0;
  bool shutB = false, shutC = false, eofB = false, eofC = false;
  char buf[65536];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!(eofB && eofC)) {
    if (std::chrono::steady_clock::now() > deadline) fail("relay did not finish a connection in 20 s");
    if (abrupt && sentB > toBackend.size() / 2) {
      // The client vanishes mid-stream.
      shutdown(clientPeer, SHUT_RDWR);
      abrupt = false;
    }
    if (!shutB && sentB == toBackend.size()) {
      shutdown(clientPeer, SHUT_WR);
      shutB = true;
    }
    // The backend socket is not half-open (as Node's): the backend ends only once the gateway ended it.
    if (!shutC && sentC == toClient.size() && eofB) {
      shutdown(backendPeer, SHUT_WR);
      shutC = true;
    }
    pollfd fds[2] = {{clientPeer, static_cast<short>(POLLIN | (shutB ? 0 : POLLOUT)), 0}, {backendPeer, static_cast<short>(POLLIN | (shutC ? 0 : POLLOUT)), 0}};
    poll(fds, 2, 100);
    if (!shutB && (fds[0].revents & POLLOUT)) {
      ssize_t w = send(clientPeer, toBackend.data() + sentB, cutsB[ib] - sentB, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (w > 0) sentB += w;
      else if (w < 0 && errno != EAGAIN) sentB = toBackend.size();
      if (sentB >= cutsB[ib] && ib + 1 < cutsB.size()) ib++;
    }
    if (!shutC && (fds[1].revents & POLLOUT)) {
      ssize_t w = send(backendPeer, toClient.data() + sentC, cutsC[ic] - sentC, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (w > 0) sentC += w;
      else if (w < 0 && errno != EAGAIN) sentC = toClient.size();
      if (sentC >= cutsC[ic] && ic + 1 < cutsC.size()) ic++;
    }
    if (!eofC && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
      ssize_t n = recv(clientPeer, buf, sizeof buf, MSG_DONTWAIT);
      if (n > 0) gotClient.append(buf, n);
      else if (n == 0 || errno != EAGAIN) eofC = true;
    }
    if (!eofB && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
      ssize_t n = recv(backendPeer, buf, sizeof buf, MSG_DONTWAIT);
      if (n > 0) gotBackend.append(buf, n);
      else if (n == 0 || errno != EAGAIN) eofB = true;
    }
  }
}

static void fuzzRelay(Engine& engine, Ends& ends, double* slots, uint32_t slot) {
  int c[2], b[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, c) < 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, b) < 0) fail("socketpair");
  for (int fd : {c[0], c[1], b[0], b[1]}) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  bool limited = rnd(3) == 0;
  bool abrupt = rnd(8) == 0;
  bool gatewayClose = !limited && !abrupt && rnd(6) == 0;
  std::unique_ptr<AddRequest> r(new AddRequest());
  r->clientFd = c[1];
  r->backendFd = b[1];
  r->slot = slot;
  r->group = 0;
  r->closeTimeoutMs = 300;
  r->maxInboundBytes = limited && rnd(2) ? 1 + rnd(70000) : 0;
  r->maxOutboundBytes = limited && rnd(2) ? 1 + rnd(70000) : 0;
  r->inboundCalls = limited && rnd(2) ? static_cast<uint32_t>(1 + rnd(30)) : 0;
  r->outboundCalls = limited && rnd(2) ? static_cast<uint32_t>(1 + rnd(30)) : 0;
  r->inboundPeriodMs = r->outboundPeriodMs = 60000;
  std::string toBackend = randomStream(true, rnd(150000));
  std::string toClient = randomStream(false, rnd(150000));
  // Early bytes, as read past the handshakes, go in with the handover.
  size_t headC = rnd(4) == 0 ? rnd(toBackend.size() + 1) : 0;
  size_t headB = rnd(4) == 0 ? rnd(toClient.size() + 1) : 0;
  r->clientHead = toBackend.substr(0, headC);
  r->backendHead = toClient.substr(0, headB);
  engine.add(std::move(r));
  if (gatewayClose) engine.close(slot, 1001, "fuzz closing");
  std::string gotB, gotC;
  pump(c[0], b[0], toBackend.substr(headC), toClient.substr(headB), gotB, gotC, abrupt);
  ::close(c[0]);
  ::close(b[0]);
  std::unique_lock<std::mutex> lock(ends.m);
  if (!ends.cv.wait_for(lock, std::chrono::seconds(10), [&] { return !ends.facts.empty(); })) fail("no end facts");
  EndFacts f = ends.facts.back();
  ends.facts.clear();
  if (f.slot != slot) fail("end facts for another slot");
  bool plain = !limited && !abrupt && !gatewayClose;
  if (plain && (gotB != toBackend || gotC != toClient)) fail("bytes changed on the way through the relay");
  if (plain && (slots[slot * kSlotWidth + kBytesIn] != toBackend.size() || slots[slot * kSlotWidth + kBytesOut] != toClient.size()))
    fail("byte counters differ from the bytes relayed");
}

int main(int argc, char** argv) {
  double seconds = argc > 1 ? atof(argv[1]) : 10;
  uint64_t seed = argc > 2 ? strtoull(argv[2], nullptr, 10) : std::random_device{}();
  rng.seed(seed);
  printf("seed %llu\n", static_cast<unsigned long long>(seed));
  fflush(stdout);
  // Half the time on the scanner alone, half on the relay thread.
  auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds / 2);
  uint64_t scans = 0, relays = 0;
  while (std::chrono::steady_clock::now() < until) {
    fuzzScanner();
    scans++;
  }
  std::vector<double> slots(64 * kSlotWidth), groups(kGroupWidth);
  Ends ends;
  Engine engine(slots.data(), 64, groups.data(), 1,
                [&](EndFacts* f) {
                  std::lock_guard<std::mutex> lock(ends.m);
                  ends.facts.push_back(*f);
                  delete f;
                  ends.cv.notify_all();
                },
                [](TapChunk* t) { delete t; });
  std::string error;
  if (!engine.start(error)) fail(error.c_str());
  until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds / 2);
  while (std::chrono::steady_clock::now() < until) {
    fuzzRelay(engine, ends, slots.data(), static_cast<uint32_t>(relays % 64));
    relays++;
  }
  engine.stop();
  printf("ok %llu %llu\n", static_cast<unsigned long long>(scans), static_cast<unsigned long long>(relays));
  return 0;
}
