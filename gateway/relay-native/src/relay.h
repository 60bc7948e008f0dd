// The native relay's engine: one thread running epoll over the client and backend sockets of
// every relayed connection, with the same frame scan, limits and close handling as the JS
// Tunnel (gateway/tunnel/tunnel.ts). No N-API here, so the fuzz harness can drive it directly.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "frame_scanner.h"

namespace relay {

// Doubles per connection slot in the shared counters array (JS reads them; see native-tunnel.ts).
constexpr size_t kSlotWidth = 8;
enum SlotField : size_t { kBytesIn = 0, kBytesOut = 1, kMessagesIn = 2, kMessagesOut = 3, kClosedBy = 4, kCloseCode = 5, kReasonKind = 6 };
// Where the recorded close's reason comes from, so JS can name it before the end facts arrive:
// a peer's Close frame (known at the end), the gateway's close request, or a broken limit.
enum ReasonKind : uint8_t { kReasonFromFrame = 0, kReasonRequested = 1, kReasonSizeInbound = 2, kReasonSizeOutbound = 3, kReasonRate = 4 };
// Doubles per counter group (one group per API's totals): bytes in/out, messages in/out.
constexpr size_t kGroupWidth = 4;
// The relay thread's name (at most 15 characters): what `ps -L` shows and the bench looks for.
constexpr char kThreadName[] = "pc-relay";
enum ClosedBy : uint8_t { kNone = 0, kClient = 1, kBackend = 2, kGateway = 3 };

// The facts for a connection's log row, posted once when both sockets are gone.
struct EndFacts {
  uint32_t slot;
  uint8_t closedBy;
  uint16_t closeCode;
  std::string closeReason;  // UTF-8 bytes as sent (or as the gateway set them)
  double endedAt;           // ms since the epoch
};

// Bytes one watched connection read, posted only while its tap is on.
struct TapChunk {
  uint32_t slot;
  uint8_t direction;  // 0 = inbound (client to backend), 1 = outbound
  std::string bytes;
};

// A connection handed over by JS: fds already dup()ed, bytes read past the handshakes.
struct AddRequest {
  int clientFd;
  int backendFd;
  uint32_t slot;
  uint32_t group;
  double closeTimeoutMs;
  uint64_t maxInboundBytes, maxOutboundBytes;
  uint32_t inboundCalls, outboundCalls;
  double inboundPeriodMs, outboundPeriodMs;
  std::string clientHead, backendHead;
};

struct Conn;

class Engine {
 public:
  Engine(double* slots, size_t slotCapacity, double* groups, size_t groupCapacity,
         std::function<void(EndFacts*)> onEnd, std::function<void(TapChunk*)> onTap);
  ~Engine();
  // Starts the relay thread; false (and `error`) when epoll or eventfd cannot be created.
  bool start(std::string& error);
  // Stops the thread and closes every socket it still holds (no end facts are posted).
  void stop();

  // Thread-safe commands (queued; the relay thread applies them in order).
  void add(std::unique_ptr<AddRequest> request);
  void close(uint32_t slot, uint16_t code, std::string reason);
  void destroy(uint32_t slot);
  void tap(uint32_t slot, bool on);

  // Called on the relay thread only (defined across relay_engine.cc, relay_io.cc, relay_close.cc).
  void sendTo(Conn* c, int side, const uint8_t* p, size_t n);
  void updateInterest(Conn* c, int side);
  void onData(Conn* c, int k, const uint8_t* p, size_t n);
  void shut(Conn* c, uint16_t code, const uint8_t* reason, size_t reasonLen, bool inboundCut, bool outboundCut, uint8_t reasonKind);
  void endSide(Conn* c, int side);
  void destroyAll(Conn* c);

 private:
  struct Command {
    enum Kind { Add, Close, Destroy, Tap } kind;
    uint32_t slot;
    uint16_t code;
    bool on;
    std::string reason;
    std::unique_ptr<AddRequest> add;
  };
  void post(Command command);
  void run();
  void applyCommands();
  void addConn(std::unique_ptr<AddRequest> r);
  void onEvent(Conn* c, int side, uint32_t events);
  void readSide(Conn* c, int side);
  void flush(Conn* c, int side);
  void dataLimited(Conn* c, int k, const uint8_t* p, size_t n);
  void whileClosing(Conn* c, int k, const uint8_t* p, size_t n);
  bool forwardChecked(Conn* c, int k, const uint8_t* p, size_t n);
  void injectTo(Conn* c, int side);
  void record(Conn* c, uint8_t by, uint16_t code, const uint8_t* reason, size_t reasonLen, uint8_t reasonKind = kReasonFromFrame);
  void onEof(Conn* c, int side);
  void sideError(Conn* c, int side);
  void closeSide(Conn* c, int side);
  void checkClosed(Conn* c, int side);
  void sideClosed(Conn* c, int side);
  void armKill(Conn* c);
  void maybeEnd(Conn* c);
  void publish(Conn* c);
  void fireTimers();

  double* slots_;
  size_t slotCapacity_;
  double* groups_;
  size_t groupCapacity_;
  std::function<void(EndFacts*)> onEnd_;
  std::function<void(TapChunk*)> onTap_;
  int epoll_ = -1;
  int wake_ = -1;
  std::thread thread_;
  bool running_ = false;
  bool stopping_ = false;  // relay thread only
  std::mutex mutex_;
  std::vector<Command> queue_;
  // Relay thread only:
  std::vector<Conn*> bySlot_;
  std::vector<Conn*> dead_;
  std::multimap<int64_t, Conn*> timers_;
  uint8_t* buffer_ = nullptr;  // the one read buffer
};

}  // namespace relay
