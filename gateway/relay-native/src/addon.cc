// N-API binding of the native relay (see relay.h): a Relay object per JS environment, whose
// thread relays the connections JS hands it and reports each one's end (and tapped bytes)
// through thread-safe functions.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <napi.h>

#include "relay.h"

namespace {

using relay::EndFacts;
using relay::TapChunk;

void callEnd(Napi::Env env, Napi::Function fn, std::nullptr_t*, EndFacts* facts) {
  if (env != nullptr && fn != nullptr) {
    fn.Call({Napi::Number::New(env, facts->slot), Napi::Number::New(env, facts->closedBy), Napi::Number::New(env, facts->closeCode),
             Napi::Buffer<char>::Copy(env, facts->closeReason.data(), facts->closeReason.size()), Napi::Number::New(env, facts->endedAt)});
  }
  delete facts;
}

void callTap(Napi::Env env, Napi::Function fn, std::nullptr_t*, TapChunk* chunk) {
  if (env != nullptr && fn != nullptr) {
    fn.Call({Napi::Number::New(env, chunk->slot), Napi::Number::New(env, chunk->direction),
             Napi::Buffer<char>::Copy(env, chunk->bytes.data(), chunk->bytes.size())});
  }
  delete chunk;
}

using EndFn = Napi::TypedThreadSafeFunction<std::nullptr_t, EndFacts, callEnd>;
using TapFn = Napi::TypedThreadSafeFunction<std::nullptr_t, TapChunk, callTap>;

void* reserve(size_t bytes) {
  // Reserved, not touched: only the pages of slots in use ever count in RSS.
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

class Relay : public Napi::ObjectWrap<Relay> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Relay",
                       {InstanceMethod("add", &Relay::Add), InstanceMethod("close", &Relay::Close), InstanceMethod("destroy", &Relay::Destroy),
                        InstanceMethod("tap", &Relay::Tap), InstanceMethod("stop", &Relay::Stop), InstanceAccessor("slots", &Relay::Slots, nullptr),
                        InstanceAccessor("groups", &Relay::Groups, nullptr)});
  }

  // new Relay(slotCapacity, groupCapacity, onEnd(slot, closedBy, code, reason, endedAt), onTap(slot, direction, bytes))
  explicit Relay(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Relay>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 4 || !info[0].IsNumber() || !info[1].IsNumber() || !info[2].IsFunction() || !info[3].IsFunction()) {
      Napi::TypeError::New(env, "new Relay(slotCapacity, groupCapacity, onEnd, onTap)").ThrowAsJavaScriptException();
      return;
    }
    slotCapacity_ = info[0].As<Napi::Number>().Uint32Value();
    groupCapacity_ = info[1].As<Napi::Number>().Uint32Value();
    slotBytes_ = slotCapacity_ * relay::kSlotWidth * sizeof(double);
    groupBytes_ = groupCapacity_ * relay::kGroupWidth * sizeof(double);
    slots_ = static_cast<double*>(reserve(slotBytes_));
    groups_ = static_cast<double*>(reserve(groupBytes_));
    if (slots_ == nullptr || groups_ == nullptr) {
      Napi::Error::New(env, "the relay could not reserve its counters").ThrowAsJavaScriptException();
      return;
    }
    endFn_ = EndFn::New(env, info[2].As<Napi::Function>(), "portcullis-relay-end", 0, 1);
    tapFn_ = TapFn::New(env, info[3].As<Napi::Function>(), "portcullis-relay-tap", 0, 1);
    // A server keeps the process alive; the relay alone must not.
    endFn_.Unref(env);
    tapFn_.Unref(env);
    EndFn endFn = endFn_;
    TapFn tapFn = tapFn_;
    engine_.reset(new relay::Engine(
        slots_, slotCapacity_, groups_, groupCapacity_, [endFn](EndFacts* f) mutable {
          if (endFn.NonBlockingCall(f) != napi_ok) delete f;
        },
        [tapFn](TapChunk* t) mutable {
          if (tapFn.NonBlockingCall(t) != napi_ok) delete t;
        }));
    std::string error;
    if (!engine_->start(error)) {
      Napi::Error::New(env, "the relay thread did not start: " + error).ThrowAsJavaScriptException();
      engine_.reset();
      return;
    }
    napi_add_env_cleanup_hook(env, &Relay::Cleanup, this);
    hooked_ = true;
  }

  ~Relay() override {
    if (hooked_) napi_remove_env_cleanup_hook(Env(), &Relay::Cleanup, this);
    Shutdown();
  }

 private:
  static void Cleanup(void* self) {
    auto* r = static_cast<Relay*>(self);
    r->hooked_ = false;
    r->Shutdown();
  }

  void Shutdown() {
    if (!engine_) return;
    engine_->stop();
    engine_.reset();
    endFn_.Release();
    tapFn_.Release();
  }

  // add(clientFd, backendFd, slot, group, closeTimeoutMs, limits: Float64Array(6) | null, clientHead, backendHead)
  // The fds are dup()ed here: JS destroys its sockets right after.
  Napi::Value Add(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!engine_) {
      Napi::Error::New(env, "the relay is stopped").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    if (info.Length() < 8 || !info[6].IsBuffer() || !info[7].IsBuffer()) {
      Napi::TypeError::New(env, "add(clientFd, backendFd, slot, group, closeTimeoutMs, limits, clientHead, backendHead)").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    std::unique_ptr<relay::AddRequest> r(new relay::AddRequest());
    int clientFd = info[0].As<Napi::Number>().Int32Value();
    int backendFd = info[1].As<Napi::Number>().Int32Value();
    r->slot = info[2].As<Napi::Number>().Uint32Value();
    r->group = info[3].As<Napi::Number>().Uint32Value();
    r->closeTimeoutMs = info[4].As<Napi::Number>().DoubleValue();
    r->maxInboundBytes = r->maxOutboundBytes = 0;
    r->inboundCalls = r->outboundCalls = 0;
    r->inboundPeriodMs = r->outboundPeriodMs = 0;
    if (info[5].IsTypedArray()) {
      Napi::Float64Array l = info[5].As<Napi::Float64Array>();
      if (l.ElementLength() >= 6) {
        r->maxInboundBytes = static_cast<uint64_t>(l[0]);
        r->maxOutboundBytes = static_cast<uint64_t>(l[1]);
        r->inboundCalls = static_cast<uint32_t>(l[2]);
        r->inboundPeriodMs = l[3];
        r->outboundCalls = static_cast<uint32_t>(l[4]);
        r->outboundPeriodMs = l[5];
      }
    }
    if (r->slot >= slotCapacity_) {
      Napi::RangeError::New(env, "slot out of range").ThrowAsJavaScriptException();
      return env.Undefined();
    }
    Napi::Buffer<char> ch = info[6].As<Napi::Buffer<char>>();
    Napi::Buffer<char> bh = info[7].As<Napi::Buffer<char>>();
    r->clientHead.assign(ch.Data(), ch.Length());
    r->backendHead.assign(bh.Data(), bh.Length());
    r->clientFd = fcntl(clientFd, F_DUPFD_CLOEXEC, 3);
    if (r->clientFd < 0) {
      Napi::Error::New(env, std::string("dup(client): ") + strerror(errno)).ThrowAsJavaScriptException();
      return env.Undefined();
    }
    r->backendFd = fcntl(backendFd, F_DUPFD_CLOEXEC, 3);
    if (r->backendFd < 0) {
      int e = errno;
      ::close(r->clientFd);
      Napi::Error::New(env, std::string("dup(backend): ") + strerror(e)).ThrowAsJavaScriptException();
      return env.Undefined();
    }
    // O_NONBLOCK is a flag of the open file description, which a dup shares: libuv set it already.
    engine_->add(std::move(r));
    return env.Undefined();
  }

  // close(slot, code, reason): the gateway's Close at the next frame boundary of each stream.
  Napi::Value Close(const Napi::CallbackInfo& info) {
    if (engine_)
      engine_->close(info[0].As<Napi::Number>().Uint32Value(), static_cast<uint16_t>(info[1].As<Napi::Number>().Uint32Value()),
                     info[2].As<Napi::String>().Utf8Value());
    return info.Env().Undefined();
  }

  Napi::Value Destroy(const Napi::CallbackInfo& info) {
    if (engine_) engine_->destroy(info[0].As<Napi::Number>().Uint32Value());
    return info.Env().Undefined();
  }

  Napi::Value Tap(const Napi::CallbackInfo& info) {
    if (engine_) engine_->tap(info[0].As<Napi::Number>().Uint32Value(), info[1].ToBoolean().Value());
    return info.Env().Undefined();
  }

  Napi::Value Stop(const Napi::CallbackInfo& info) {
    Shutdown();
    return info.Env().Undefined();
  }

  Napi::Value Slots(const Napi::CallbackInfo& info) {
    Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(info.Env(), slots_, slotBytes_);
    return Napi::Float64Array::New(info.Env(), slotCapacity_ * relay::kSlotWidth, buffer, 0);
  }

  Napi::Value Groups(const Napi::CallbackInfo& info) {
    Napi::ArrayBuffer buffer = Napi::ArrayBuffer::New(info.Env(), groups_, groupBytes_);
    return Napi::Float64Array::New(info.Env(), groupCapacity_ * relay::kGroupWidth, buffer, 0);
  }

  std::unique_ptr<relay::Engine> engine_;
  EndFn endFn_;
  TapFn tapFn_;
  double* slots_ = nullptr;
  double* groups_ = nullptr;
  size_t slotCapacity_ = 0;
  size_t groupCapacity_ = 0;
  size_t slotBytes_ = 0;
  size_t groupBytes_ = 0;
  bool hooked_ = false;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("Relay", Relay::Define(env));
  exports.Set("slotWidth", Napi::Number::New(env, relay::kSlotWidth));
  exports.Set("groupWidth", Napi::Number::New(env, relay::kGroupWidth));
  exports.Set("threadName", Napi::String::New(env, relay::kThreadName));
  return exports;
}

}  // namespace

NODE_API_MODULE(portcullis_relay, Init)
