#include "offline/cluster.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "clusprop/win32_error.h"

namespace clusprop {
namespace offline {
namespace {

bool SameName(std::string_view a, std::string_view b) {
  return !NameLess()(a, b) && !NameLess()(b, a);
}

bool IsVirtualMachine(std::string_view type) { return SameName(type, kVirtualMachineType); }

std::string Describe(const OfflineContext& context) {
  if (!context.instruction) return "offline";
  return "offline:" + std::string(context.instruction->name);
}

}  // namespace

bool NameLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return absl::ascii_tolower(static_cast<unsigned char>(x)) <
           absl::ascii_tolower(static_cast<unsigned char>(y));
  });
}

// ---- RecordingHandler -------------------------------------------------------------------------

uint32_t RecordingHandler::Online(const std::string& resource) {
  std::lock_guard<std::mutex> lock(mu_);
  calls_.push_back({resource, "online"});
  return 0;
}

uint32_t RecordingHandler::Offline(const OfflineContext& context) {
  std::lock_guard<std::mutex> lock(mu_);
  calls_.push_back({context.resource, Describe(context)});
  return 0;
}

void RecordingHandler::Terminate(const std::string& resource) {
  std::lock_guard<std::mutex> lock(mu_);
  calls_.push_back({resource, "terminate"});
}

std::vector<RecordingHandler::Call> RecordingHandler::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

// ---- Cluster ----------------------------------------------------------------------------------

Cluster::Cluster() : Cluster(Options()) {}

Cluster::Cluster(Options options) : options_(std::move(options)) {
  worker_ = std::thread([this] { WorkerLoop(); });
}

Cluster::~Cluster() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

std::unique_ptr<Cluster> Cluster::CreateDefault() {
  auto cluster = std::make_unique<Cluster>();
  (void)cluster->AddResourceType("dummy", std::make_shared<RecordingHandler>());
  (void)cluster->AddResourceType(kVirtualMachineType, std::make_shared<RecordingHandler>());
  (void)cluster->AddResource({.name = "DemoResource", .type = "dummy"});
  (void)cluster->AddResource({.name = "VM1", .type = kVirtualMachineType, .group = "VM1 Group"});
  return cluster;
}

absl::Status Cluster::AddResourceType(std::string type,
                                      std::shared_ptr<ResourceTypeHandler> handler,
                                      std::shared_ptr<const InstructionDecoder> decoder) {
  if (handler == nullptr) return Win32Error(kErrorInvalidParameter, "a type needs a handler");
  if (decoder == nullptr && IsVirtualMachine(type)) decoder = VirtualMachineDecoder();
  std::lock_guard<std::mutex> lock(mu_);
  if (types_.count(type) != 0) {
    return Win32Error(kErrorInvalidParameter, absl::StrCat("type \"", type, "\" exists"));
  }
  types_.emplace(std::move(type), ResourceType{std::move(handler), std::move(decoder)});
  return absl::OkStatus();
}

absl::Status Cluster::AddResource(const ResourceSpec& spec) {
  std::lock_guard<std::mutex> lock(mu_);
  if (resources_.count(spec.name) != 0) {
    return Win32Error(kErrorInvalidParameter, absl::StrCat("resource \"", spec.name, "\" exists"));
  }
  if (types_.count(spec.type) == 0) {
    return Win32Error(kErrorInvalidParameter,
                      absl::StrCat("unknown resource type \"", spec.type, "\""));
  }
  for (const std::string& dependency : spec.dependencies) {
    if (resources_.count(dependency) == 0) {
      return Win32Error(kErrorInvalidParameter,
                        absl::StrCat("unknown dependency \"", dependency, "\""));
    }
  }
  if (spec.offline_action > 3) {
    return Win32Error(kErrorInvalidParameter, "OfflineAction must be 0-3");
  }
  resources_.emplace(spec.name, Resource{spec, spec.state, spec.state != ResourceState::kOffline,
                                         spec.locked, spec.offline_action, std::nullopt});
  return absl::OkStatus();
}

std::vector<std::string> Cluster::ResourceNames() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> names;
  for (const auto& [name, resource] : resources_) names.push_back(name);
  return names;
}

std::shared_ptr<ResourceTypeHandler> Cluster::HandlerOf(std::string_view type) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = types_.find(type);
  return it == types_.end() ? nullptr : it->second.handler;
}

std::vector<std::string> Cluster::DependentsOf(const std::string& name) const {
  // Depth-first: a resource's own dependents come before it. Dependencies form a DAG because a
  // resource can only depend on resources added before it.
  std::vector<std::string> order;
  std::function<void(const std::string&)> visit = [&](const std::string& target) {
    for (const auto& [other, resource] : resources_) {
      for (const std::string& dependency : resource.spec.dependencies) {
        if (!SameName(dependency, target)) continue;
        if (std::find(order.begin(), order.end(), other) != order.end()) continue;
        visit(other);
        order.push_back(other);
      }
    }
  };
  visit(name);
  return order;
}

OfflineDecision Cluster::DecideLocked(const std::string& name, uint32_t access, uint32_t flags,
                                      uint32_t reason, const uint8_t* in_buffer,
                                      uint32_t in_buffer_size) const {
  const Resource& resource = resources_.find(name)->second;
  ResourceFacts facts{access, resource.locked, resource.state};
  for (const std::string& dependent : DependentsOf(name)) {
    facts.locked = facts.locked || resources_.find(dependent)->second.locked;
  }
  const ResourceType& type = types_.find(resource.spec.type)->second;
  OfflineRequest request{flags,
                         reason,
                         in_buffer,
                         in_buffer_size,
                         /*entry_point_has_destination=*/false,
                         ""};
  return DecideOffline(request, facts, type.decoder.get(), options_.policy);
}

OfflineDecision Cluster::Check(std::string_view resource, uint32_t access, uint32_t flags,
                               uint32_t reason, const uint8_t* in_buffer,
                               uint32_t in_buffer_size) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = resources_.find(resource);
  if (it == resources_.end()) {
    OfflineDecision decision;
    decision.code = kErrorResourceNotFound;
    decision.status = Win32Error(kErrorResourceNotFound, "no such resource");
    return decision;
  }
  return DecideLocked(it->first, access, flags, reason, in_buffer, in_buffer_size);
}

std::optional<OfflineInstruction> Cluster::EffectiveInstruction(Resource& resource,
                                                                const OfflineDecision& decision) {
  if (decision.instruction || !IsVirtualMachine(resource.spec.type)) return decision.instruction;
  uint32_t action = resource.offline_action;
  if (resource.next_offline_action) {
    action = *resource.next_offline_action;
    resource.next_offline_action.reset();  // one-shot
  }
  const ActionTableDecoder::Action* spec = VirtualMachineDecoder()->FindAction(action);
  return OfflineInstruction{kVirtualMachineType, action, spec->name, spec->traits, 0};
}

uint32_t Cluster::OfflineEx(std::string_view resource_name, uint32_t access, uint32_t flags,
                            uint32_t reason, const uint8_t* in_buffer, uint32_t in_buffer_size) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = resources_.find(resource_name);
  if (it == resources_.end()) return kErrorResourceNotFound;
  const std::string& name = it->first;
  OfflineDecision decision = DecideLocked(name, access, flags, reason, in_buffer, in_buffer_size);
  if (decision.mark_offline) it->second.state = ResourceState::kOffline;
  if (!decision.dispatch()) return decision.code;

  // Accepted: from here on the request changes state.
  ResDllOffline request = TranslateToResDll(decision.flags, decision.reason);
  for (const std::string& dependent : DependentsOf(name)) {
    Resource& other = resources_.find(dependent)->second;
    if (other.state != ResourceState::kOnline) continue;
    other.state = ResourceState::kOfflinePending;
    if (!request.flags.do_not_update_persistent_state()) other.persistent_online = false;
    queue_.push_back(Job{dependent, request, EffectiveInstruction(other, OfflineDecision())});
  }
  Resource& target = it->second;
  target.state = ResourceState::kOfflinePending;
  if (!request.flags.do_not_update_persistent_state()) target.persistent_online = false;
  queue_.push_back(Job{name, request, EffectiveInstruction(target, decision)});
  changed_.notify_all();
  return kErrorIoPending;
}

uint32_t Cluster::Online(std::string_view resource_name) {
  std::shared_ptr<ResourceTypeHandler> handler;
  std::string name;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = resources_.find(resource_name);
    if (it == resources_.end()) return kErrorResourceNotFound;
    Resource& resource = it->second;
    if (resource.state == ResourceState::kOnline) return kErrorSuccess;
    if (resource.state != ResourceState::kOffline && resource.state != ResourceState::kFailed) {
      return kErrorInvalidState;
    }
    resource.state = ResourceState::kOnlinePending;
    handler = types_.find(resource.spec.type)->second.handler;
    name = it->first;
  }
  uint32_t code = handler->Online(name);
  std::lock_guard<std::mutex> lock(mu_);
  Resource& resource = resources_.find(name)->second;
  resource.state = code == kErrorSuccess ? ResourceState::kOnline : ResourceState::kFailed;
  if (code == kErrorSuccess) resource.persistent_online = true;
  return code;
}

std::optional<ResourceStatus> Cluster::GetStatus(std::string_view resource_name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = resources_.find(resource_name);
  if (it == resources_.end()) return std::nullopt;
  const Resource& r = it->second;
  return ResourceStatus{r.state,  r.spec.node,      r.spec.group,         r.persistent_online,
                        r.locked, r.offline_action, r.next_offline_action};
}

absl::Status Cluster::SetLocked(std::string_view resource_name, bool locked) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = resources_.find(resource_name);
  if (it == resources_.end()) return Win32Error(kErrorResourceNotFound, "no such resource");
  it->second.locked = locked;
  return absl::OkStatus();
}

absl::Status Cluster::SetNextOfflineAction(std::string_view resource_name, uint32_t action) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = resources_.find(resource_name);
  if (it == resources_.end()) return Win32Error(kErrorResourceNotFound, "no such resource");
  if (!IsVirtualMachine(it->second.spec.type)) {
    return Win32Error(kErrorInvalidFunction, "only virtual machines take an offline action");
  }
  if (VirtualMachineDecoder()->FindAction(action) == nullptr) {
    return Win32Error(kErrorInvalidParameter, "offline action must be 0-3");
  }
  it->second.next_offline_action = action;
  return absl::OkStatus();
}

void Cluster::WaitIdle() {
  std::unique_lock<std::mutex> lock(mu_);
  changed_.wait(lock, [this] { return queue_.empty() && running_ == 0; });
}

void Cluster::WorkerLoop() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      changed_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, and nothing left to do
      job = std::move(queue_.front());
      queue_.pop_front();
      ++running_;
    }
    RunJob(job);
    {
      std::lock_guard<std::mutex> lock(mu_);
      --running_;
    }
    changed_.notify_all();
  }
}

void Cluster::RunJob(const Job& job) {
  std::shared_ptr<ResourceTypeHandler> handler;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const Resource& resource = resources_.find(job.resource)->second;
    handler = types_.find(resource.spec.type)->second.handler;
  }
  ResourceState final_state = TakeOffline(job, handler);
  std::lock_guard<std::mutex> lock(mu_);
  resources_.find(job.resource)->second.state = final_state;
}

ResourceState Cluster::TakeOffline(const Job& job,
                                   const std::shared_ptr<ResourceTypeHandler>& handler) {
  if (job.request.terminate) {  // FORCE_WITH_TERMINATION: no cleanup, no waiting
    handler->Terminate(job.resource);
    return ResourceState::kOffline;
  }
  struct Completion {
    std::mutex mu;
    std::condition_variable reported;
    bool done = false;  // guarded by mu
    uint32_t code = 0;  // guarded by mu
  };
  auto completion = std::make_shared<Completion>();
  OfflineContext context{job.resource, job.request, job.instruction, [completion](uint32_t code) {
                           {
                             std::lock_guard<std::mutex> lock(completion->mu);
                             if (completion->done) return;  // only the first report counts
                             completion->done = true;
                             completion->code = code;
                           }
                           completion->reported.notify_all();
                         }};
  uint32_t code = handler->Offline(context);
  if (code == kErrorIoPending) {
    std::unique_lock<std::mutex> lock(completion->mu);
    bool reported =
        completion->reported.wait_for(lock, absl::ToChronoMilliseconds(options_.pending_timeout),
                                      [&completion] { return completion->done; });
    code = reported ? completion->code : kErrorIoPending;
    completion->done = true;  // a late report is ignored
  }
  if (code == kErrorSuccess) return ResourceState::kOffline;
  handler->Terminate(job.resource);
  return ResourceState::kFailed;
}

}  // namespace offline
}  // namespace clusprop
