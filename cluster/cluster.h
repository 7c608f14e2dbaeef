// An embedded, simulated failover cluster: resources with a type, a state, locked mode,
// dependencies and persistent state, taken offline with OfflineClusterResourceEx semantics and
// online with their providers first. docs/offline.md states every rule; in short:
//
// OfflineEx() decides synchronously with the offline policy (offline/policy.h), once per request,
// for the resource and everything that depends on it. On rejection nothing changes: no state, no
// persistent state, no handler call, no one-shot action consumed. On acceptance it returns
// ERROR_IO_PENDING, marks the resource and its Online dependents OfflinePending, and a worker
// thread takes the dependents offline first (each before anything it depends on), then the
// resource, through the handler of each resource's type:
//   handler returns 0                 → Offline
//   handler returns ERROR_IO_PENDING  → Offline when it calls complete(0) within the pending
//                                       timeout; complete(error) or the timeout → Terminate →
//                                       Failed
//   handler returns another error     → Terminate → Failed
//   FORCE_WITH_TERMINATION            → Terminate without waiting → Offline
// A dependent that fails does not stop the resource it depends on from going offline.
//
// Online() brings the resource's providers (what it depends on, directly or not) online first,
// then the resource; no sequence of calls leaves a resource Online while a provider is not.
//
// Each job carries its resource's effective instruction (offline/policy.h): the buffer's for the
// target, else the one-shot next offline action (consumed), else the OfflineAction private
// property of a virtual machine (DWORD 0-3, default 1 = Save), replaced by TurnOff where a rule
// forbids it.
//
// The dependency walks are iterative and linear in the resources and dependencies they reach.
// Thread-safe: every method may be called from any thread.

#ifndef CLUSPROP_CLUSTER_CLUSTER_H_
#define CLUSPROP_CLUSTER_CLUSTER_H_

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
#include "cluster/database.h"
#include "offline/flags.h"
#include "offline/instruction.h"
#include "offline/policy.h"
#include "offline/state.h"

namespace clusprop {
namespace cluster {

using offline::ResourceState;

// What a handler is asked to do.
struct OfflineContext {
  std::string resource;
  offline::ResDllOffline request;  // translated flags and the reason
  std::optional<offline::OfflineInstruction> instruction;
  offline::InstructionSource source = offline::InstructionSource::kNone;
  // For a handler that returned ERROR_IO_PENDING: call once, from any thread, with 0 when the
  // resource is offline or an error code.
  std::function<void(uint32_t)> complete;
};

// Handlers are called without the cluster's lock held, one offline at a time. They may call the
// cluster's methods; WaitIdle() called from an offline handler returns at once (it would wait
// for the handler itself). An exception from a handler counts as a failure: the resource
// becomes Failed.
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

// Goes offline at once and remembers what it was asked (for demos and tests): the most recent
// calls, between kMaxCalls / 2 and kMaxCalls of them, so that a long-lived cluster stays small.
class RecordingHandler : public ResourceTypeHandler {
 public:
  static constexpr size_t kMaxCalls = 4096;
  struct Call {
    std::string resource;
    std::string what;  // "offline", "offline:Save", "terminate", "online"
  };
  uint32_t Online(const std::string& resource) override;
  uint32_t Offline(const OfflineContext& context) override;
  void Terminate(const std::string& resource) override;
  std::vector<Call> calls() const;
  // The calls recorded so far, oldest first; the record is left empty.
  std::vector<Call> TakeCalls();

 private:
  void Record(Call call);

  mutable std::mutex mu_;
  std::vector<Call> calls_;  // guarded by mu_
};

struct ResourceSpec {
  std::string name;
  std::string type;
  ResourceState state = ResourceState::kOnline;
  bool locked = false;
  std::vector<std::string> dependencies;  // resources this one depends on, added before it
  std::string node = "Node1";
  std::string group = "Cluster Group";
  // VMs: the OfflineAction private property (1 = Save), stored in the database when added.
  uint32_t offline_action = 1;
  // Private properties stored in the resource's Parameters key when it is added (after a VM's
  // OfflineAction, which one of them may replace). Names are not empty and hold no NUL and no
  // '\' (a value of the key itself, not of a subkey).
  std::vector<std::pair<std::string, RegistryValue>> parameters;
};

struct ResourceStatus {
  ResourceState state = ResourceState::kUnknown;
  std::string node;
  std::string group;
  bool persistent_online = true;  // what the cluster restores after a restart
  bool locked = false;
  uint32_t offline_action = 1;  // VMs: OfflineAction as the offline decision reads it
  std::optional<uint32_t> next_offline_action;
  std::string type;
  std::string name;  // as the cluster spells it
};

// Resource and type names compare case-insensitively, with the folding of property names and
// database keys (ASCII and Latin-1 letters, clusprop/utf16.h): a resource's name is its key's.
struct NameLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

class Cluster {
 public:
  struct Options {
    offline::OfflinePolicy policy = offline::OfflinePolicy::Strict();
    // PendingTimeout (its default): how long a handler's ERROR_IO_PENDING may last.
    // absl::InfiniteDuration() waits for ever; so does any timeout of kLongestTimeout or more.
    absl::Duration pending_timeout = absl::Milliseconds(180000);
  };
  static constexpr absl::Duration kLongestTimeout = absl::Hours(24 * 365);

  Cluster();
  explicit Cluster(Options options);
  // Runs the offlines still queued, then stops the worker. It does not wait for handlers that
  // returned ERROR_IO_PENDING: those offlines end as a timeout does (Terminate → Failed).
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  // No set-up needed: "DemoResource" (type "dummy", Online) and "VM1" (type "Virtual Machine",
  // Online), with RecordingHandlers.
  static std::unique_ptr<Cluster> CreateDefault();

  // Types: a handler and optionally an instruction decoder. "Virtual Machine" gets the built-in
  // decoder when none is given. ERROR_INVALID_PARAMETER if the type exists.
  absl::Status AddResourceType(
      std::string type, std::shared_ptr<ResourceTypeHandler> handler,
      std::shared_ptr<const offline::InstructionDecoder> decoder = nullptr);
  // ERROR_INVALID_PARAMETER for names that are not UTF-8, an empty resource name or one holding
  // a NUL, a duplicate name, an unknown type or dependency, an Online resource depending on one
  // that is neither Online nor Failed, an offline_action above 3, or a parameter name that is
  // empty or holds a NUL or a '\'.
  absl::Status AddResource(const ResourceSpec& spec);
  std::vector<std::string> ResourceNames() const;
  // Each resource as AddResource would take it to make the cluster as it is now (its current
  // state and lock), in the order added; `parameters` and `offline_action` are left out: they
  // live in the database.
  std::vector<ResourceSpec> Resources() const;
  const Options& options() const { return options_; }
  std::shared_ptr<ResourceTypeHandler> HandlerOf(std::string_view type) const;
  // The type's name as it was added (its spelling), or nullopt for an unknown type.
  std::optional<std::string> TypeName(std::string_view type) const;

  // The cluster database (database.h). A resource's private properties live in its key's
  // "Parameters" subkey; a virtual machine's OfflineAction there is what the offline decision
  // uses: a REG_DWORD of 0-3, else (missing or not such a value) the type's default, 1 (Save).
  Database& database() { return database_; }

  // OfflineClusterResourceEx: `access` is the caller's handle access. Returns ERROR_IO_PENDING
  // when accepted, ERROR_SUCCESS when there was nothing to do (or a Failed resource went Offline
  // under the lenient preset), or the rejection code (ERROR_RESOURCE_NOT_FOUND for an unknown
  // resource). The request must come from the client API (OfflineEntryPoint::kClusterApi).
  uint32_t OfflineEx(std::string_view resource, uint32_t access,
                     const offline::OfflineRequest& request);
  // The decision alone, with its reason: what OfflineEx would do, without doing it.
  offline::OfflineDecision Check(std::string_view resource, uint32_t access,
                                 const offline::OfflineRequest& request) const;
  // OfflineClusterResource: no flags, no reason, no buffer.
  uint32_t Offline(std::string_view resource) {
    return OfflineEx(resource, offline::kClusapiAllAccess, offline::OfflineRequest());
  }
  // OnlineClusterResource, synchronous: brings every provider that is not Online online first,
  // providers before what depends on them, then the resource. ERROR_SUCCESS;
  // ERROR_INVALID_STATE when the resource or a provider it needs is pending; or the first
  // handler error: that resource is then Failed and the ones not yet reached keep their state.
  uint32_t Online(std::string_view resource);

  std::optional<ResourceStatus> GetStatus(std::string_view resource) const;
  absl::Status SetLocked(std::string_view resource, bool locked);
  // The PersistentState common property: whether the cluster brings the resource back online.
  absl::Status SetPersistentState(std::string_view resource, bool online);
  // CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION: a one-shot override for the next offline.
  absl::Status SetNextOfflineAction(std::string_view resource, uint32_t action);

  // Blocks until no offline is queued or running; from an offline handler, returns at once.
  void WaitIdle();

 private:
  using Index = uint32_t;
  struct ResourceType {
    std::shared_ptr<ResourceTypeHandler> handler;
    std::shared_ptr<const offline::InstructionDecoder> decoder;
  };
  struct Resource {
    ResourceSpec spec;
    const ResourceType* type;
    ResourceState state;
    bool persistent_online;
    bool locked;
    std::optional<uint32_t> next_offline_action;
    std::vector<Index> dependencies;  // indices of spec.dependencies
    std::vector<Index> dependents;    // the resources whose dependencies include this one
    mutable uint64_t walk = 0;        // the last walk that reached it (see Walk)
  };
  struct Job {
    Index resource;
    offline::ResDllOffline request;
    std::optional<offline::OfflineInstruction> instruction;
    offline::InstructionSource source = offline::InstructionSource::kNone;
    bool call_handler = true;  // false: a Failed resource that only becomes Offline
  };
  enum class Direction { kDependents, kDependencies };
  // A handler's pending offline: the report it makes through OfflineContext::complete.
  struct PendingReport {
    std::mutex mu;
    std::condition_variable reported;
    bool done = false;       // guarded by mu: reported, or given up on
    bool abandoned = false;  // guarded by mu: the cluster is being destroyed
    uint32_t code = 0;       // guarded by mu
  };

  // `start` and every resource reachable from it along `direction`, in post-order: each after
  // all the resources it leads to (dependents before what they depend on, or providers before
  // what depends on them); `start` comes last. Iterative; visits each edge once.
  std::vector<Index> Walk(Index start, Direction direction) const;
  std::optional<Index> Find(std::string_view name) const;
  offline::InstructionDefaults DefaultsOf(const Resource& resource) const;
  uint32_t OfflineActionOf(const Resource& resource) const;  // a VM's, from the database
  offline::OfflineDecision Decide(const std::vector<Index>& reached, uint32_t access,
                                  const offline::OfflineRequest& request) const;
  void WorkerLoop();
  // Runs the job's handler without the lock; the state it leaves the resource in.
  ResourceState TakeOffline(const Job& job, const std::string& name, ResourceTypeHandler& handler);

  const Options options_;
  mutable Database database_;  // thread-safe on its own; read under mu_ (never the other way round)
  // std::mutex rather than absl::Mutex: ThreadSanitizer sees through pthread locks, not through
  // an uninstrumented system Abseil.
  mutable std::mutex mu_;
  std::condition_variable work_;  // queue_ gained a job, or stopping_
  std::condition_variable idle_;  // queue_ is empty and nothing runs
  // Guarded by mu_ (the private helpers above expect it held):
  std::map<std::string, ResourceType, NameLess> types_;
  std::vector<Resource> resources_;  // in the order added; Index is the position
  std::map<std::string, Index, NameLess> index_;
  mutable uint64_t walks_ = 0;
  std::deque<Job> queue_;
  std::shared_ptr<PendingReport> pending_;  // the report the worker waits for, if any
  int running_ = 0;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace cluster
}  // namespace clusprop

#endif  // CLUSPROP_CLUSTER_CLUSTER_H_
