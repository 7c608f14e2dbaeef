#include "cluster/cluster.h"

#include <algorithm>
#include <exception>
#include <utility>

#include "absl/strings/str_cat.h"
#include "clusprop/status_macros.h"
#include "clusprop/utf16.h"
#include "clusprop/win32_error.h"

namespace clusprop {
namespace cluster {
namespace {

using offline::InstructionSource;
using offline::OfflineDecision;
using offline::OfflineRequest;

bool SameName(std::string_view a, std::string_view b) {
  return !NameLess()(a, b) && !NameLess()(b, a);
}

bool IsVirtualMachine(std::string_view type) {
  return SameName(type, offline::kVirtualMachineType);
}

constexpr char kOfflineActionProperty[] = "OfflineAction";

RegistryValue DwordValue(uint32_t value) {
  RegistryValue stored{kRegDword, std::vector<uint8_t>(sizeof(value))};
  for (size_t i = 0; i < sizeof(value); ++i)
    stored.data[i] = static_cast<uint8_t>(value >> (8 * i));
  return stored;
}

std::string Describe(const OfflineContext& context) {
  if (!context.instruction) return "offline";
  return "offline:" + std::string(context.instruction->name);
}

OfflineDecision Reject(uint32_t code, std::string what) {
  OfflineDecision decision;
  decision.code = code;
  decision.status = Win32Error(code, std::move(what));
  return decision;
}

bool IsPending(ResourceState state) {
  return state != ResourceState::kOnline && state != ResourceState::kOffline &&
         state != ResourceState::kFailed;
}

}  // namespace

bool NameLess::operator()(std::string_view a, std::string_view b) const {
  return RegistryNameLess()(a, b);
}

// ---- RecordingHandler -------------------------------------------------------------------------

void RecordingHandler::Record(Call call) {
  std::lock_guard<std::mutex> lock(mu_);
  if (calls_.size() == kMaxCalls) calls_.erase(calls_.begin(), calls_.begin() + kMaxCalls / 2);
  calls_.push_back(std::move(call));
}

uint32_t RecordingHandler::Online(const std::string& resource) {
  Record({resource, "online"});
  return 0;
}

uint32_t RecordingHandler::Offline(const OfflineContext& context) {
  Record({context.resource, Describe(context)});
  return 0;
}

void RecordingHandler::Terminate(const std::string& resource) { Record({resource, "terminate"}); }

std::vector<RecordingHandler::Call> RecordingHandler::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

std::vector<RecordingHandler::Call> RecordingHandler::TakeCalls() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Call> calls;
  calls.swap(calls_);
  return calls;
}

// ---- Cluster: set-up --------------------------------------------------------------------------

Cluster::Cluster() : Cluster(Options()) {}

Cluster::Cluster(Options options) : options_(std::move(options)) {
  worker_ = std::thread([this] { WorkerLoop(); });
}

Cluster::~Cluster() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    if (pending_ != nullptr) {  // a handler's ERROR_IO_PENDING: stop waiting for it
      std::lock_guard<std::mutex> report_lock(pending_->mu);
      pending_->abandoned = true;
      pending_->reported.notify_all();
    }
  }
  work_.notify_all();
  worker_.join();
}

std::unique_ptr<Cluster> Cluster::CreateDefault() {
  auto cluster = std::make_unique<Cluster>();
  (void)cluster->AddResourceType("dummy", std::make_shared<RecordingHandler>());
  (void)cluster->AddResourceType(offline::kVirtualMachineType,
                                 std::make_shared<RecordingHandler>());
  (void)cluster->AddResource({.name = "DemoResource", .type = "dummy"});
  (void)cluster->AddResource(
      {.name = "VM1", .type = offline::kVirtualMachineType, .group = "VM1 Group"});
  return cluster;
}

absl::Status Cluster::AddResourceType(std::string type,
                                      std::shared_ptr<ResourceTypeHandler> handler,
                                      std::shared_ptr<const offline::InstructionDecoder> decoder) {
  if (handler == nullptr) return Win32Error(kErrorInvalidParameter, "a type needs a handler");
  if (decoder == nullptr && IsVirtualMachine(type)) decoder = offline::VirtualMachineDecoder();
  std::lock_guard<std::mutex> lock(mu_);
  if (types_.count(type) != 0) {
    return Win32Error(kErrorInvalidParameter,
                      absl::StrCat("type \"", PrintableText(type), "\" exists"));
  }
  types_.emplace(std::move(type), ResourceType{std::move(handler), std::move(decoder)});
  return absl::OkStatus();
}

absl::Status Cluster::AddResource(const ResourceSpec& spec) {
  for (const std::string* text : {&spec.name, &spec.type, &spec.node, &spec.group}) {
    if (!Utf16LengthOfUtf8(*text)) {  // names leave the C API as UTF-16 or UTF-32
      return Win32Error(kErrorInvalidParameter, "names must be UTF-8");
    }
  }
  // A name the C API can pass (NUL-terminated) and a database key can hold.
  if (spec.name.empty() || spec.name.find('\0') != std::string::npos) {
    return Win32Error(kErrorInvalidParameter, "a resource name is not empty and holds no NUL");
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (index_.count(spec.name) != 0) {
    return Win32Error(kErrorInvalidParameter,
                      absl::StrCat("resource \"", PrintableText(spec.name), "\" exists"));
  }
  auto type = types_.find(spec.type);
  if (type == types_.end()) {
    return Win32Error(kErrorInvalidParameter,
                      absl::StrCat("unknown resource type \"", PrintableText(spec.type), "\""));
  }
  std::vector<Index> dependencies;
  for (const std::string& dependency : spec.dependencies) {
    std::optional<Index> found = Find(dependency);
    if (!found) {
      return Win32Error(kErrorInvalidParameter,
                        absl::StrCat("unknown dependency \"", PrintableText(dependency), "\""));
    }
    // No resource starts Online over one it depends on that is neither Online nor Failed (a
    // failure not yet acted on): the calls never produce that state.
    const ResourceState provider = resources_[*found].state;
    if (spec.state == ResourceState::kOnline && provider != ResourceState::kOnline &&
        provider != ResourceState::kFailed) {
      return Win32Error(
          kErrorInvalidParameter,
          absl::StrCat("an Online resource cannot depend on \"", PrintableText(dependency),
                       "\", which is ", std::string(offline::ResourceStateName(provider))));
    }
    // A repeated dependency is one edge.
    if (std::find(dependencies.begin(), dependencies.end(), *found) == dependencies.end()) {
      dependencies.push_back(*found);
    }
  }
  if (spec.offline_action > 3) {
    return Win32Error(kErrorInvalidParameter, "OfflineAction must be 0-3");
  }
  for (const auto& [name, value] : spec.parameters) {
    if (name.empty() || name.find_first_of(std::string_view("\0\\", 2)) != std::string::npos) {
      return Win32Error(kErrorInvalidParameter,
                        "a parameter name is not empty and holds no NUL and no '\\'");
    }
  }
  if (IsVirtualMachine(spec.type) || !spec.parameters.empty()) {
    absl::StatusOr<Database::Key> key = database_.ResourceKey(spec.name);
    bool created = false;
    if (key.ok()) key = database_.Create(*key, kParametersKey, &created);
    if (!key.ok()) return key.status();
    if (IsVirtualMachine(spec.type)) {
      RETURN_IF_ERROR(
          database_.SetValue(*key, kOfflineActionProperty, DwordValue(spec.offline_action)));
    }
    for (const auto& [name, value] : spec.parameters) {
      RETURN_IF_ERROR(database_.SetValue(*key, name, value));
    }
  }
  const Index index = static_cast<Index>(resources_.size());
  for (Index dependency : dependencies) resources_[dependency].dependents.push_back(index);
  resources_.push_back(Resource{spec,
                                &type->second,
                                spec.state,
                                spec.state != ResourceState::kOffline,
                                spec.locked,
                                std::nullopt,
                                std::move(dependencies),
                                {}});
  index_.emplace(spec.name, index);
  return absl::OkStatus();
}

std::vector<std::string> Cluster::ResourceNames() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> names;
  names.reserve(index_.size());
  for (const auto& [name, index] : index_) names.push_back(name);
  return names;
}

std::vector<ResourceSpec> Cluster::Resources() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ResourceSpec> specs;
  specs.reserve(resources_.size());
  for (const Resource& resource : resources_) {
    ResourceSpec spec = resource.spec;
    spec.state = resource.state;
    spec.locked = resource.locked;
    spec.offline_action = static_cast<uint32_t>(offline::VmOfflineAction::kSave);
    spec.parameters.clear();
    specs.push_back(std::move(spec));
  }
  return specs;
}

std::optional<std::string> Cluster::TypeName(std::string_view type) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = types_.find(type);
  if (it == types_.end()) return std::nullopt;
  return it->first;
}

std::shared_ptr<ResourceTypeHandler> Cluster::HandlerOf(std::string_view type) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = types_.find(type);
  return it == types_.end() ? nullptr : it->second.handler;
}

std::optional<Cluster::Index> Cluster::Find(std::string_view name) const {
  auto it = index_.find(name);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

// ---- Walks and decisions ----------------------------------------------------------------------

std::vector<Cluster::Index> Cluster::Walk(Index start, Direction direction) const {
  const uint64_t walk = ++walks_;
  auto edges = [&](Index at) -> const std::vector<Index>& {
    return direction == Direction::kDependents ? resources_[at].dependents
                                               : resources_[at].dependencies;
  };
  std::vector<Index> order;
  // Depth-first with an explicit stack of (resource, next edge to follow).
  std::vector<std::pair<Index, size_t>> stack = {{start, 0}};
  resources_[start].walk = walk;
  while (!stack.empty()) {
    auto& [at, next] = stack.back();
    const std::vector<Index>& out = edges(at);
    if (next < out.size()) {
      Index to = out[next++];
      if (resources_[to].walk != walk) {
        resources_[to].walk = walk;
        stack.emplace_back(to, 0);  // invalidates `at` and `next`: used no more this round
      }
      continue;
    }
    order.push_back(at);
    stack.pop_back();
  }
  return order;
}

offline::InstructionDefaults Cluster::DefaultsOf(const Resource& resource) const {
  offline::InstructionDefaults defaults;
  defaults.next_offline_action = resource.next_offline_action;
  if (IsVirtualMachine(resource.spec.type)) defaults.offline_action = OfflineActionOf(resource);
  return defaults;
}

uint32_t Cluster::OfflineActionOf(const Resource& resource) const {
  constexpr auto kDefault = static_cast<uint32_t>(offline::VmOfflineAction::kSave);
  absl::StatusOr<Database::Key> key = database_.ResourceKey(resource.spec.name);
  if (key.ok()) key = database_.Open(*key, kParametersKey);
  if (!key.ok()) return kDefault;
  absl::StatusOr<RegistryValue> stored = database_.QueryValue(*key, kOfflineActionProperty);
  if (!stored.ok() || stored->type != kRegDword || stored->data.size() != sizeof(uint32_t)) {
    return kDefault;
  }
  uint32_t action = 0;
  for (size_t i = 0; i < sizeof(action); ++i) action |= uint32_t{stored->data[i]} << (8 * i);
  return offline::VirtualMachineDecoder()->FindAction(action) != nullptr ? action : kDefault;
}

OfflineDecision Cluster::Decide(const std::vector<Index>& reached, uint32_t access,
                                const OfflineRequest& request) const {
  const Resource& target = resources_[reached.back()];
  offline::ResourceFacts facts;
  facts.access = access;
  facts.state = target.state;
  facts.defaults = DefaultsOf(target);
  for (Index index : reached) {
    const Resource& resource = resources_[index];
    facts.locked = facts.locked || resource.locked;
    if (index != reached.back() && resource.state == ResourceState::kOnlinePending) {
      facts.dependent_coming_online = true;
    }
  }
  OfflineDecision decision =
      offline::DecideOffline(request, facts, target.type->decoder.get(), options_.policy);
  if (decision.take_failed_offline) {
    // Online dependents must go offline first, in the background: the request is pending.
    for (Index index : reached) {
      if (resources_[index].state == ResourceState::kOnline) decision.code = kErrorIoPending;
    }
  }
  return decision;
}

OfflineDecision Cluster::Check(std::string_view resource, uint32_t access,
                               const OfflineRequest& request) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<Index> index = Find(resource);
  if (!index) return Reject(kErrorResourceNotFound, "no such resource");
  return Decide(Walk(*index, Direction::kDependents), access, request);
}

uint32_t Cluster::OfflineEx(std::string_view resource_name, uint32_t access,
                            const OfflineRequest& request) {
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<Index> found = Find(resource_name);
  if (!found) return kErrorResourceNotFound;
  const std::vector<Index> reached = Walk(*found, Direction::kDependents);  // target last
  OfflineDecision decision = Decide(reached, access, request);
  if (!decision.dispatch() && !decision.take_failed_offline) return decision.code;

  // The jobs, each with its resource's own effective instruction, before anything changes: a
  // dependent whose defaults no rule allows rejects the whole request.
  const offline::ResDllOffline translated =
      offline::TranslateToResDll(decision.flags, decision.reason);
  offline::CheckedOfflineRequest checked;
  checked.flags = decision.flags.bits();
  checked.force_with_termination = decision.flags.force_with_termination();
  checked.reason = decision.reason;
  std::vector<Job> jobs;
  for (Index index : reached) {
    const Resource& resource = resources_[index];
    if (index == *found) {
      jobs.push_back(Job{index, translated, decision.instruction, decision.source,
                         /*call_handler=*/!decision.take_failed_offline});
      break;
    }
    if (resource.state != ResourceState::kOnline) continue;  // nothing to take offline
    absl::StatusOr<offline::CheckedOfflineRequest> own = offline::DefaultOfflineInstruction(
        checked, DefaultsOf(resource), resource.type->decoder.get(), options_.policy);
    if (!own.ok()) return Win32CodeOf(own.status());
    jobs.push_back(Job{index, translated, std::move(own->instruction), own->source, true});
  }

  // Accepted: from here on the request changes state.
  const bool update_persistent = !decision.flags.do_not_update_persistent_state();
  if (!decision.dispatch()) {  // a Failed resource with nothing Online depending on it: at once
    Resource& target = resources_[*found];
    target.state = ResourceState::kOffline;
    if (update_persistent) target.persistent_online = false;
    return kErrorSuccess;
  }
  for (Job& job : jobs) {
    Resource& resource = resources_[job.resource];
    resource.state = ResourceState::kOfflinePending;
    if (update_persistent) resource.persistent_online = false;
    // The one-shot action is used up by the offline that carries it out, not by a Failed
    // resource that only becomes Offline.
    if (job.call_handler && job.source != InstructionSource::kBuffer) {
      resource.next_offline_action.reset();
    }
    queue_.push_back(std::move(job));
  }
  work_.notify_one();
  return kErrorIoPending;
}

uint32_t Cluster::Online(std::string_view resource_name) {
  struct Step {
    Index resource;
    ResourceState before;
  };
  std::vector<Step> steps;
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::optional<Index> found = Find(resource_name);
    if (!found) return kErrorResourceNotFound;
    for (Index index : Walk(*found, Direction::kDependencies)) {  // providers first
      ResourceState state = resources_[index].state;
      if (state == ResourceState::kOnline) continue;
      if (IsPending(state)) return kErrorInvalidState;
      steps.push_back(Step{index, state});
    }
    for (const Step& step : steps) resources_[step.resource].state = ResourceState::kOnlinePending;
  }
  // Each resource in OnlinePending keeps offlines of it and of its providers away (5023), so
  // the providers stay Online while the handlers run without the lock.
  for (size_t i = 0; i < steps.size(); ++i) {
    std::shared_ptr<ResourceTypeHandler> handler;
    std::string name;
    {
      std::lock_guard<std::mutex> lock(mu_);
      const Resource& resource = resources_[steps[i].resource];
      handler = resource.type->handler;
      name = resource.spec.name;
    }
    uint32_t code;
    try {
      code = handler->Online(name);
    } catch (...) {
      code = kErrorInternalError;
    }
    std::lock_guard<std::mutex> lock(mu_);
    Resource& resource = resources_[steps[i].resource];
    if (code != kErrorSuccess) {
      resource.state = ResourceState::kFailed;
      for (size_t j = i + 1; j < steps.size(); ++j) {
        resources_[steps[j].resource].state = steps[j].before;
      }
      return code;
    }
    resource.state = ResourceState::kOnline;
    resource.persistent_online = true;
  }
  return kErrorSuccess;
}

// ---- Queries and settings ---------------------------------------------------------------------

std::optional<ResourceStatus> Cluster::GetStatus(std::string_view resource_name) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<Index> index = Find(resource_name);
  if (!index) return std::nullopt;
  const Resource& r = resources_[*index];
  const uint32_t offline_action =
      IsVirtualMachine(r.spec.type) ? OfflineActionOf(r) : r.spec.offline_action;
  return ResourceStatus{r.state,    r.spec.node,    r.spec.group,          r.persistent_online,
                        r.locked,   offline_action, r.next_offline_action, r.spec.type,
                        r.spec.name};
}

absl::Status Cluster::SetLocked(std::string_view resource_name, bool locked) {
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<Index> index = Find(resource_name);
  if (!index) return Win32Error(kErrorResourceNotFound, "no such resource");
  resources_[*index].locked = locked;
  return absl::OkStatus();
}

absl::Status Cluster::SetPersistentState(std::string_view resource_name, bool online) {
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<Index> index = Find(resource_name);
  if (!index) return Win32Error(kErrorResourceNotFound, "no such resource");
  resources_[*index].persistent_online = online;
  return absl::OkStatus();
}

absl::Status Cluster::SetNextOfflineAction(std::string_view resource_name, uint32_t action) {
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<Index> index = Find(resource_name);
  if (!index) return Win32Error(kErrorResourceNotFound, "no such resource");
  Resource& resource = resources_[*index];
  if (!IsVirtualMachine(resource.spec.type)) {
    return Win32Error(kErrorInvalidFunction, "only virtual machines take an offline action");
  }
  if (offline::VirtualMachineDecoder()->FindAction(action) == nullptr) {
    return Win32Error(kErrorInvalidParameter, "offline action must be 0-3");
  }
  resource.next_offline_action = action;
  return absl::OkStatus();
}

// ---- The worker -------------------------------------------------------------------------------

void Cluster::WaitIdle() {
  if (std::this_thread::get_id() == worker_.get_id()) return;  // from a handler: see cluster.h
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait(lock, [this] { return queue_.empty() && running_ == 0; });
}

void Cluster::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    work_.wait(lock, [this] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) return;  // stopping, and nothing left to do
    Job job = std::move(queue_.front());
    queue_.pop_front();
    ++running_;
    // Types are never removed: the handler lives as long as the cluster.
    ResourceTypeHandler& handler = *resources_[job.resource].type->handler;
    const std::string name = resources_[job.resource].spec.name;
    lock.unlock();
    ResourceState final_state;
    try {
      final_state = job.call_handler ? TakeOffline(job, name, handler) : ResourceState::kOffline;
    } catch (...) {  // a handler that throws has failed
      final_state = ResourceState::kFailed;
    }
    lock.lock();
    resources_[job.resource].state = final_state;
    --running_;
    if (queue_.empty() && running_ == 0) idle_.notify_all();
  }
}

ResourceState Cluster::TakeOffline(const Job& job, const std::string& name,
                                   ResourceTypeHandler& handler) {
  if (job.request.terminate) {  // FORCE_WITH_TERMINATION: no cleanup, no waiting
    handler.Terminate(name);
    return ResourceState::kOffline;
  }
  auto report = std::make_shared<PendingReport>();
  OfflineContext context{name, job.request, job.instruction, job.source, [report](uint32_t code) {
                           {
                             std::lock_guard<std::mutex> lock(report->mu);
                             if (report->done) return;  // only the first report counts
                             report->done = true;
                             report->code = code;
                           }
                           report->reported.notify_all();
                         }};
  uint32_t code = handler.Offline(context);
  if (code == kErrorIoPending) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      pending_ = report;  // so that the destructor can stop the wait
      if (stopping_) report->abandoned = true;
    }
    std::unique_lock<std::mutex> lock(report->mu);
    auto settled = [&report] { return report->done || report->abandoned; };
    const absl::Duration timeout = options_.pending_timeout;
    if (timeout >= kLongestTimeout) {  // infinite, or as good as: no deadline to overflow
      report->reported.wait(lock, settled);
    } else {
      report->reported.wait_for(
          lock, absl::ToChronoMilliseconds(std::max(timeout, absl::ZeroDuration())), settled);
    }
    code = report->done ? report->code : kErrorIoPending;  // no report: timed out or abandoned
    report->done = true;                                   // a late report is ignored
    lock.unlock();
    std::lock_guard<std::mutex> cluster_lock(mu_);
    pending_.reset();
  }
  if (code == kErrorSuccess) return ResourceState::kOffline;
  handler.Terminate(name);
  return ResourceState::kFailed;
}

}  // namespace cluster
}  // namespace clusprop
