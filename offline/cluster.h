// An embedded, simulated failover cluster: resources with a type, a state, locked mode,
// dependencies and persistent state, taken offline with OfflineClusterResourceEx semantics.
//
// OfflineEx() decides synchronously with the compatibility policy (policy.h). On rejection nothing
// changes: no state, no persistent state, no handler call. On acceptance it returns
// ERROR_IO_PENDING, marks the resource (and its online dependents) OfflinePending, and a worker
// thread takes the dependents offline first, then the resource, through the handler of each
// resource's type:
//   handler returns 0                 → Offline
//   handler returns ERROR_IO_PENDING  → Offline when it calls complete(0) within the pending
//                                       timeout; complete(error) or the timeout → Terminate →
//                                       Failed
//   handler returns another error     → Terminate → Failed
//   FORCE_WITH_TERMINATION            → Terminate without waiting → Offline
// A dependent that fails does not stop the resource it depends on from going offline.
//
// Virtual machines (type "Virtual Machine") without an instruction in the request use the
// one-shot next-offline-action override if set (consumed), else their OfflineAction private
// property (DWORD 0-3, default 1 = Save).
//
// Thread-safe: every method may be called from any thread.

#ifndef CLUSPROP_OFFLINE_CLUSTER_H_
#define CLUSPROP_OFFLINE_CLUSTER_H_

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "offline/flags.h"
#include "offline/instruction.h"
#include "offline/policy.h"
#include "offline/state.h"

namespace clusprop {
namespace offline {

// What a handler is asked to do.
struct OfflineContext {
  std::string resource;
  ResDllOffline request;  // translated flags and the reason
  std::optional<OfflineInstruction> instruction;
  // For a handler that returned ERROR_IO_PENDING: call once, from any thread, with 0 when the
  // resource is offline or an error code.
  std::function<void(uint32_t)> complete;
};

class ResourceTypeHandler {
 public:
  virtual ~ResourceTypeHandler() = default;
  // 0 (online now) or an error.
  virtual uint32_t Online(const std::string& resource) {
    (void)resource;
    return 0;
  }
  // 0 (offline now), ERROR_IO_PENDING (then context.complete), or an error.
  virtual uint32_t Offline(const OfflineContext& context) = 0;
  virtual void Terminate(const std::string& resource) { (void)resource; }
};

// Goes offline at once and remembers what it was asked (for demos and tests).
class RecordingHandler : public ResourceTypeHandler {
 public:
  struct Call {
    std::string resource;
    std::string what;  // "offline", "offline:Save", "terminate", "online"
  };
  uint32_t Online(const std::string& resource) override;
  uint32_t Offline(const OfflineContext& context) override;
  void Terminate(const std::string& resource) override;
  std::vector<Call> calls() const;

 private:
  mutable std::mutex mu_;
  std::vector<Call> calls_;  // guarded by mu_
};

struct ResourceSpec {
  std::string name;
  std::string type;
  ResourceState state = ResourceState::kOnline;
  bool locked = false;
  std::vector<std::string> dependencies;  // resources this one depends on
  std::string node = "Node1";
  std::string group = "Cluster Group";
  uint32_t offline_action = 1;  // VMs: the OfflineAction private property (1 = Save)
};

struct ResourceStatus {
  ResourceState state = ResourceState::kUnknown;
  std::string node;
  std::string group;
  bool persistent_online = true;  // what the cluster restores after a restart
  bool locked = false;
  uint32_t offline_action = 1;
  std::optional<uint32_t> next_offline_action;
};

// Resource and type names compare case-insensitively (ASCII), as cluster names do.
struct NameLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

class Cluster {
 public:
  struct Options {
    OfflinePolicy policy = OfflinePolicy::Strict();
    absl::Duration pending_timeout = absl::Milliseconds(180000);  // PendingTimeout's default
  };

  Cluster();
  explicit Cluster(Options options);
  ~Cluster();  // finishes queued offlines, then stops the worker
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  // No set-up needed: "DemoResource" (type "dummy", Online) and "VM1" (type "Virtual Machine",
  // Online), with RecordingHandlers.
  static std::unique_ptr<Cluster> CreateDefault();

  // Types: a handler and optionally an instruction decoder. "Virtual Machine" gets the built-in
  // decoder when none is given. ERROR_INVALID_PARAMETER if the type exists.
  absl::Status AddResourceType(std::string type, std::shared_ptr<ResourceTypeHandler> handler,
                               std::shared_ptr<const InstructionDecoder> decoder = nullptr);
  // ERROR_INVALID_PARAMETER for a duplicate name, an unknown type or dependency, or an
  // offline_action above 3.
  absl::Status AddResource(const ResourceSpec& spec);
  std::vector<std::string> ResourceNames() const;
  std::shared_ptr<ResourceTypeHandler> HandlerOf(std::string_view type) const;

  // OfflineClusterResourceEx: `access` is the caller's handle access (policy.h). Returns
  // ERROR_IO_PENDING when accepted, ERROR_SUCCESS when there was nothing to do, or the rejection
  // code (ERROR_RESOURCE_NOT_FOUND for an unknown resource).
  uint32_t OfflineEx(std::string_view resource, uint32_t access, uint32_t flags, uint32_t reason,
                     const uint8_t* in_buffer, uint32_t in_buffer_size);
  // The decision alone, with its reason: what OfflineEx would do, without doing it.
  OfflineDecision Check(std::string_view resource, uint32_t access, uint32_t flags, uint32_t reason,
                        const uint8_t* in_buffer, uint32_t in_buffer_size) const;
  // OfflineClusterResource: no flags, no reason, no buffer.
  uint32_t Offline(std::string_view resource) {
    return OfflineEx(resource, kClusapiAllAccess, 0, 0, nullptr, 0);
  }
  // OnlineClusterResource, synchronous: ERROR_SUCCESS, ERROR_INVALID_STATE while pending, or the
  // handler's error (the resource is then Failed).
  uint32_t Online(std::string_view resource);

  std::optional<ResourceStatus> GetStatus(std::string_view resource) const;
  absl::Status SetLocked(std::string_view resource, bool locked);
  // CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION: a one-shot override for the next offline.
  absl::Status SetNextOfflineAction(std::string_view resource, uint32_t action);

  // Blocks until no offline is queued or running.
  void WaitIdle();

 private:
  struct Resource {
    ResourceSpec spec;
    ResourceState state;
    bool persistent_online;
    bool locked;
    uint32_t offline_action;
    std::optional<uint32_t> next_offline_action;
  };
  struct ResourceType {
    std::shared_ptr<ResourceTypeHandler> handler;
    std::shared_ptr<const InstructionDecoder> decoder;
  };
  struct Job {
    std::string resource;
    ResDllOffline request;
    std::optional<OfflineInstruction> instruction;
  };

  // Resources that depend on `name`, directly or not, dependents first.
  std::vector<std::string> DependentsOf(const std::string& name) const;
  OfflineDecision DecideLocked(const std::string& name, uint32_t access, uint32_t flags,
                               uint32_t reason, const uint8_t* in_buffer,
                               uint32_t in_buffer_size) const;
  std::optional<OfflineInstruction> EffectiveInstruction(Resource& resource,
                                                         const OfflineDecision& decision);
  void WorkerLoop();
  void RunJob(const Job& job);
  ResourceState TakeOffline(const Job& job, const std::shared_ptr<ResourceTypeHandler>& handler);

  const Options options_;
  // std::mutex rather than absl::Mutex: ThreadSanitizer sees through pthread locks, not through
  // an uninstrumented system Abseil.
  mutable std::mutex mu_;
  std::condition_variable changed_;  // queue_, running_ or stopping_ changed
  // Guarded by mu_ (the private helpers above expect it held):
  std::map<std::string, Resource, NameLess> resources_;
  std::map<std::string, ResourceType, NameLess> types_;
  std::deque<Job> queue_;
  int running_ = 0;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace offline
}  // namespace clusprop

#endif  // CLUSPROP_OFFLINE_CLUSTER_H_
