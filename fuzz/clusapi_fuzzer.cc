// The C API (cluster/clusapi.h) as a stateful program: each input is a sequence of at most 64
// calls (open, close, online, offline with flags, reasons and buffers, state queries, control
// codes, waits) on handles drawn from a pool of live, closed, wrong-kind and forged values, run
// against one embedded cluster that LLVMFuzzerInitialize describes in a temporary JSON file
// (CLUSPROP_CLUSTER). Before each input the cluster is brought back to a known state (every
// resource Online, no next offline action); after it every handle the program opened is closed.
//
// After every call the target checks the contract of clusapi.h, docs/clusapi.md and
// docs/offline.md against its own model of the cluster (names, types, dependencies, locks):
//  - the return code is the one the documented checks give, in their order, state gate included
//    (or, where the worker thread may be finishing an earlier offline, one of the codes that
//    state allows); a failure's code is also GetLastError(); a NULL, closed, wrong-kind or forged
//    handle is ERROR_INVALID_HANDLE everywhere;
//  - a rejected offline, and one with nothing to do, changes nothing (states, persistent state,
//    next offline action); an accepted one takes exactly the target and its Online dependents
//    offline, clears their persistent state unless told not to, consumes the next offline
//    actions it uses, and asks each handler for the effective instruction of docs/offline.md §3;
//  - online brings the target and its providers Online (persistent state set) and nothing else;
//    states are legal values, settled once the cluster is idle; no resource is ever Online while
//    a resource it depends on is not;
//  - GetClusterResourceState copies the owner node and group names (UTF-8 in the cluster,
//    wchar_t units here) and reports their lengths exactly, ERROR_MORE_DATA when one does not fit;
//  - ClusterResourceControl follows the checks of docs/clusapi.md, and its property codes keep
//    the byte counts of the two-call pattern, write nothing past what they report, and change
//    only what a SET may change;
//  - resource names match exactly (ASCII and Latin-1 case aside): case variants, non-ASCII case
//  variants,
//    lone surrogates and values beyond U+10FFFF are checked against the model's own matching.
// One op parses a cluster description (ClusterFromJson: generated from the input with a known
// verdict, or raw text) and drives that cluster through the C++ interface: a description is
// accepted exactly when it is valid, the cluster holds what it describes, Check() and OfflineEx()
// agree, and the offline and online rules hold there too (lenient preset, odd initial states).
// Its other modes cover the loader's file errors, and a cluster whose handlers fail, report late
// or never, or throw (docs/offline.md §5 and §8: Failed, Terminate, timeouts, reverted onlines).
//
// Input: a sequence of ops, one opcode byte (modulo 16) and its operand bytes each; reads past
// the end give zeros.
//   0 OpenCluster        name
//   1 OpenClusterEx      name, access, granted?
//   2 CloseCluster       handle
//   3 OpenClusterResource    handle, resource name
//   4 OpenClusterResourceEx  handle, resource name, access, granted?
//   5 CloseClusterResource   handle
//   6 OnlineClusterResource  handle, mode
//   7 OfflineClusterResource handle, mode
//   8 OfflineClusterResourceEx            handle, mode, flags, buffer
//   9, 14 OfflineClusterResourceExWithReason handle, mode, flags, reason, buffer
//  10 GetClusterResourceState handle, node buffer, group buffer
//  11 ClusterResourceControl  handle, code (the VM code, a property or identity code, a bit
//                             flip of the VM code, or any), input, output; or
//     ClusterResourceTypeControl on a type (as spelt, upper case, unknown or NULL)
//  12 WaitIdle
//  13 a cluster description (see ConfigOp)
//  15 OpenClusterResource again (as 3), so that programs hold more resource handles
// A handle operand is an index into the pool; a mode byte: bits 0-1 zero = do not wait for the
// worker first; bits 2-5 all set = also check the handlers' calls (each copy of their lists costs
// thousands of allocations, so it is rare here and done in every step of op 13 instead).

#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "clusprop/reader.h"
#include "clusprop/utf16.h"
#include "clusprop/win32_error.h"
#include "clusprop/writer.h"
#include "cluster/clusapi.h"
#include "cluster/cluster.h"
#include "cluster/cluster_config.h"
#include "cluster/embedded.h"
#include "fuzz/fuzz_helpers.h"
#include "offline/policy.h"
#include "resutil/resapi.h"

namespace {

using clusprop::cluster::Cluster;
using clusprop::cluster::RecordingHandler;
using clusprop::cluster::ResourceState;
using clusprop::cluster::ResourceStatus;
using WString = std::basic_string<WCHAR>;
using Snapshot = std::vector<ResourceStatus>;
using CallSet = std::multiset<std::pair<std::string, std::string>>;

constexpr size_t kMaxOps = 64;
constexpr size_t kMaxPool = 32;
constexpr DWORD kFull = CLUSAPI_ALL_ACCESS;
constexpr DWORD kIgnoreLocked = CLUSAPI_RESOURCE_OFFLINE_IGNORE_RESOURCE_STATUS;
constexpr DWORD kForce = CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION;
constexpr DWORD kKeepPersistent = CLUSAPI_RESOURCE_OFFLINE_DO_NOT_UPDATE_PERSISTENT_STATE;
constexpr DWORD kBeingDeleted = CLUSAPI_RESOURCE_OFFLINE_REASON_BEING_DELETED;
constexpr DWORD kSetNextOfflineAction = CLUSCTL_RESOURCE_VM_SET_NEXT_OFFLINE_ACTION;

constexpr uint32_t kSave = 1;

// ---- Reading the input ------------------------------------------------------------------------

class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool empty() const { return size_ == 0; }
  uint8_t Byte() {
    if (size_ == 0) return 0;
    --size_;
    return *data_++;
  }
  uint32_t U32() {
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value |= static_cast<uint32_t>(Byte()) << (8 * i);
    return value;
  }
  std::vector<uint8_t> Bytes(size_t n) {
    n = std::min(n, size_);
    std::vector<uint8_t> out(data_, data_ + n);
    data_ += n;
    size_ -= n;
    return out;
  }

 private:
  const uint8_t* data_;
  size_t size_;
};

// ---- Names ------------------------------------------------------------------------------------

// UTF-8 (well-formed: the model's literals, or what the cluster holds) to code points.
std::u32string CodePoints(const std::string& utf8) {
  std::u32string out;
  for (size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t c = length == 1 ? lead : lead & (0x7F >> length);
    for (size_t k = 1; k < length && i + k < utf8.size(); ++k) {
      c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    }
    out.push_back(c);
    i += length;
  }
  return out;
}

// UTF-8 to wchar_t units: UTF-16 where WCHAR has 2 bytes, UTF-32 elsewhere.
WString Wide(const std::string& utf8) {
  WString out;
  for (char32_t c : CodePoints(utf8)) {
    if (sizeof(WCHAR) == 2 && c >= 0x10000) {
      out.push_back(static_cast<WCHAR>(0xD800 + ((c - 0x10000) >> 10)));
      out.push_back(static_cast<WCHAR>(0xDC00 + ((c - 0x10000) & 0x3FF)));
    } else {
      out.push_back(static_cast<WCHAR>(c));
    }
  }
  return out;
}

std::u32string Folded(std::u32string text) {
  for (char32_t& c : text) c = clusprop::FoldCase(c);
  return text;
}

bool SameNameUtf8(const std::string& a, const std::string& b) {
  return Folded(CodePoints(a)) == Folded(CodePoints(b));
}

// The code points of a NUL-terminated wchar_t name, folded; nullopt when it holds a unit that is
// no code point (a lone surrogate, a value beyond U+10FFFF), which names nothing.
std::optional<std::u32string> FoldedCodePoints(const WCHAR* text) {
  std::u32string out;
  for (; *text != 0; ++text) {
    auto c = static_cast<char32_t>(*text);
    if (sizeof(WCHAR) == 2) c &= 0xFFFF;
    if (sizeof(WCHAR) == 2 && c >= 0xD800 && c <= 0xDBFF) {
      auto low = static_cast<char32_t>(text[1]) & 0xFFFF;
      if (low >= 0xDC00 && low <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        ++text;
      }
    }
    if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) return std::nullopt;
    out.push_back(clusprop::FoldCase(c));
  }
  return out;
}

// ---- States -----------------------------------------------------------------------------------

bool IsPending(ResourceState state) {
  return state != ResourceState::kOnline && state != ResourceState::kOffline &&
         state != ResourceState::kFailed;
}

bool IsLegal(ResourceState state) {
  switch (state) {
    case ResourceState::kUnknown:
    case ResourceState::kInherited:
    case ResourceState::kInitializing:
    case ResourceState::kOnline:
    case ResourceState::kOffline:
    case ResourceState::kFailed:
    case ResourceState::kPending:
    case ResourceState::kOnlinePending:
    case ResourceState::kOfflinePending:
      return true;
  }
  return false;
}

bool SameExceptState(const ResourceStatus& a, const ResourceStatus& b) {
  return a.node == b.node && a.group == b.group && a.persistent_online == b.persistent_online &&
         a.locked == b.locked && a.offline_action == b.offline_action &&
         a.next_offline_action == b.next_offline_action;
}

bool Same(const ResourceStatus& a, const ResourceStatus& b) {
  return a.state == b.state && SameExceptState(a, b);
}

// `after` differs from `before` at most by what the worker thread does meanwhile: an
// OfflinePending resource becomes Offline or Failed.
bool SameButWorker(const ResourceStatus& before, const ResourceStatus& after) {
  return SameExceptState(before, after) &&
         (before.state == after.state ||
          (before.state == ResourceState::kOfflinePending &&
           (after.state == ResourceState::kOffline || after.state == ResourceState::kFailed)));
}

// `start` and every resource reachable from it: its dependents (towards_dependents) or its
// providers. dependencies[i] lists what resource i depends on.
std::vector<bool> Closure(const std::vector<std::vector<size_t>>& dependencies, size_t start,
                          bool towards_dependents) {
  std::vector<bool> reached(dependencies.size(), false);
  std::vector<size_t> stack = {start};
  reached[start] = true;
  while (!stack.empty()) {
    const size_t at = stack.back();
    stack.pop_back();
    for (size_t i = 0; i < dependencies.size(); ++i) {
      const std::vector<size_t>& from = towards_dependents ? dependencies[i] : dependencies[at];
      const size_t wanted = towards_dependents ? at : i;
      if (!reached[i] && std::find(from.begin(), from.end(), wanted) != from.end()) {
        reached[i] = true;
        stack.push_back(i);
      }
    }
  }
  return reached;
}

Snapshot Take(const Cluster& cluster, const std::vector<std::string>& names) {
  Snapshot snapshot;
  snapshot.reserve(names.size());
  for (const std::string& name : names) {
    std::optional<ResourceStatus> status = cluster.GetStatus(name);
    FUZZ_CHECK(status.has_value());
    snapshot.push_back(std::move(*status));
  }
  return snapshot;
}

// Legal states; settled ones when the cluster is idle; no resource Online while a provider is
// not. Sound while the worker runs: the snapshot reads providers before their dependents (they
// are listed earlier), and only this thread brings resources Online.
void CheckStates(const Snapshot& snapshot, const std::vector<std::vector<size_t>>& dependencies,
                 bool idle) {
  for (size_t i = 0; i < snapshot.size(); ++i) {
    FUZZ_CHECK(IsLegal(snapshot[i].state));
    if (idle) FUZZ_CHECK(!IsPending(snapshot[i].state));
    if (snapshot[i].state != ResourceState::kOnline) continue;
    for (size_t provider : dependencies[i]) {
      FUZZ_CHECK(provider < i);
      FUZZ_CHECK(snapshot[provider].state == ResourceState::kOnline);
    }
  }
}

// ---- Handlers' calls --------------------------------------------------------------------------

// The RecordingHandlers of a cluster's types and each resource's (types that differ only in case
// are one type).
struct Handlers {
  std::vector<std::shared_ptr<RecordingHandler>> handlers;
  std::vector<size_t> of;

  void Add(const Cluster& cluster, const std::string& type) {
    std::shared_ptr<RecordingHandler> handler =
        std::dynamic_pointer_cast<RecordingHandler>(cluster.HandlerOf(type));
    FUZZ_CHECK(handler != nullptr);
    auto it = std::find(handlers.begin(), handlers.end(), handler);
    of.push_back(static_cast<size_t>(it - handlers.begin()));
    if (it == handlers.end()) handlers.push_back(std::move(handler));
  }

  std::vector<std::vector<RecordingHandler::Call>> Calls() const {
    std::vector<std::vector<RecordingHandler::Call>> calls;
    for (const auto& handler : handlers) calls.push_back(handler->calls());
    return calls;
  }

  // Forgets what the handlers recorded, so that copying their records stays cheap.
  void Forget() const {
    for (const auto& handler : handlers) handler->TakeCalls();
  }

  // Each handler was called exactly `expected` since `before` (siblings in any order).
  void Check(const std::vector<std::vector<RecordingHandler::Call>>& before,
             const std::vector<CallSet>& expected) const {
    for (size_t h = 0; h < handlers.size(); ++h) {
      std::vector<RecordingHandler::Call> after = handlers[h]->calls();
      const size_t n = expected[h].size();
      FUZZ_CHECK(after.size() >= n);
      if (before[h].size() + n < RecordingHandler::kMaxCalls) {  // nothing was dropped
        FUZZ_CHECK(after.size() == before[h].size() + n);
      }
      CallSet got;
      for (size_t i = after.size() - n; i < after.size(); ++i) {
        got.emplace(after[i].resource, after[i].what);
      }
      FUZZ_CHECK(got == expected[h]);
    }
  }
};

// What a resource's handler is asked when an accepted offline takes it down (docs/offline.md §3
// and §5): Terminate under FORCE_WITH_TERMINATION, else Offline with the effective instruction:
// the buffer's (target only), else the next offline action, else OfflineAction (virtual
// machines), a default that breaks a rule replaced by TurnOff. (FORCE_WITH_TERMINATION is the
// only rule that an orderly default breaks, and it terminates anyway.)
std::string ExpectedCall(DWORD flags, DWORD reason, bool vm, std::optional<uint32_t> buffer_action,
                         std::optional<uint32_t> next_offline_action, uint32_t offline_action) {
  static const char* const kActions[] = {"TurnOff", "Save", "Shutdown", "ShutdownForce"};
  if ((flags & CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION) != 0) return "terminate";
  if (!vm) return "offline";
  uint32_t action = buffer_action.value_or(next_offline_action.value_or(offline_action));
  if (!buffer_action && reason == CLUSAPI_RESOURCE_OFFLINE_REASON_BEING_DELETED && action == 1) {
    action = 0;  // Save preserves state: the fallback
  }
  FUZZ_CHECK(action <= 3);
  return std::string("offline:") + kActions[action];
}

// ---- Requests ---------------------------------------------------------------------------------

DWORD PickAccess(Input& in) {
  const uint8_t b = in.Byte();
  if (b < 0xC0) return b & 3;
  if (b < 0xE0) return b;
  return in.U32();
}

DWORD PickFlags(Input& in) {
  const uint8_t b = in.Byte();
  if (b < 0xE0) return b & 7;
  if (b < 0xF0) return 1u << (b & 31);
  return in.U32();
}

DWORD PickReason(Input& in) {
  static constexpr DWORD kReasons[] = {0, 0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40};
  const uint8_t b = in.Byte();
  if (b < 0xC0) return kReasons[b % 8];
  if (b < 0xE0) return 1u << (b & 31);
  if (b < 0xF0) return (b & 1) ? 0x3 : 0x41;
  return in.U32();
}

bool ReasonIsValid(DWORD reason) { return reason <= 0x40 && (reason & (reason - 1)) == 0; }

// An offline buffer and what it means for a virtual machine, when known.
struct Buffer {
  enum Kind { kNoList, kList, kRaw };
  std::vector<uint8_t> storage;  // exactly the bytes passed, so that ASan sees over-reads
  bool null = true;
  DWORD size = 0;
  Kind kind = kNoList;
  bool vm_invalid = false;            // kList: the VM decoder refuses it (87)
  std::optional<uint32_t> vm_action;  // kList: the VM instruction it holds
  PBYTE data() { return null ? nullptr : storage.data(); }
};

// A property list written with PropertyListWriter: properties named for virtual machines (in
// several spellings) or not, with DWORD actions (valid or not) or values of other syntaxes.
void WriteList(Input& in, Buffer* buffer) {
  static const char* const kNames[] = {"Virtual Machine",        "virtual machine configuration",
                                       "VIRTUAL MACHINE",        "Physical Disk",
                                       "Virtual Machine Config", "Vírtual Machine"};
  clusprop::WriteOptions options;
  options.trailing_endmark = (in.Byte() & 1) != 0;
  clusprop::PropertyListWriter writer(options);
  std::set<uint32_t> actions;
  bool invalid = false;
  const int properties = 1 + in.Byte() % 3;
  for (int p = 0; p < properties; ++p) {
    const size_t name = in.Byte() % 6;
    const bool vm_name = name < 3;
    writer.BeginProperty(kNames[name]);
    const int values = 1 + in.Byte() % 2;
    for (int v = 0; v < values; ++v) {
      const uint8_t kind = in.Byte();
      if (kind < 0xE0) {
        const uint32_t action = kind >= 0xD0 ? in.U32() : kind % 6;
        writer.AddDword(action);
        if (vm_name && action > 3) invalid = true;
        if (vm_name) actions.insert(action);
      } else if (kind < 0xF0) {
        writer.AddLong(1);
        invalid = invalid || vm_name;
      } else {
        writer.AddString("Save");
        invalid = invalid || vm_name;
      }
    }
  }
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
  FUZZ_CHECK(bytes.ok());
  buffer->storage.assign(bytes->begin(), bytes->end());
  buffer->null = false;
  buffer->size = static_cast<DWORD>(buffer->storage.size());
  buffer->kind = Buffer::kList;
  buffer->vm_invalid = invalid || actions.size() > 1;
  if (!buffer->vm_invalid && actions.size() == 1) buffer->vm_action = *actions.begin();
}

Buffer PickBuffer(Input& in) {
  Buffer buffer;
  switch (in.Byte() % 8) {
    case 0:
    case 1:  // NULL, 0
      break;
    case 2:  // NULL with a size
      buffer.size = 1 + in.Byte();
      break;
    case 3:  // a buffer with size 0
      buffer.storage.assign(1, 0);
      buffer.null = false;
      break;
    case 4:
    case 5:
      WriteList(in, &buffer);
      break;
    case 6: {  // raw bytes
      std::vector<uint8_t> bytes = in.Bytes(1 + in.Byte() % 96);
      if (bytes.empty()) break;
      buffer.storage = std::move(bytes);
      buffer.null = false;
      buffer.size = static_cast<DWORD>(buffer.storage.size());
      buffer.kind = Buffer::kRaw;
      break;
    }
    case 7: {  // a written list with one byte changed, maybe cut there
      WriteList(in, &buffer);
      const size_t at = in.Byte() % buffer.storage.size();
      buffer.storage[at] ^= static_cast<uint8_t>(1 + in.Byte() % 255);
      if (in.Byte() & 1) buffer.storage.resize(std::max<size_t>(at, 1));
      buffer.storage = std::vector<uint8_t>(buffer.storage.begin(), buffer.storage.end());
      buffer.size = static_cast<DWORD>(buffer.storage.size());
      buffer.kind = Buffer::kRaw;
      buffer.vm_action.reset();
      break;
    }
  }
  return buffer;
}

// ---- The embedded cluster and its model -------------------------------------------------------

// A chain (Disk1 <- VM1 <- App1) and a diamond (Disk1 <- VM1, VM2 <- Svc), a locked dependent, a
// Failed and an Offline resource, a type spelt in another case, a repeated dependency, non-ASCII
// names (one beyond the BMP) and an empty group name.
constexpr char kClusterJson[] = R"({
  "policy": "strict",
  "pending_timeout_ms": 50,
  "resources": [
    {"name": "Disk1", "type": "Physical Disk", "node": "Nœud-1", "group": "Stockage ☃"},
    {"name": "VM1", "type": "Virtual Machine", "dependencies": ["Disk1"], "node": "Nœud-1",
     "group": "Groupe VM", "offline_action": 1},
    {"name": "VM2", "type": "Virtual Machine", "dependencies": ["disk1"], "node": "Узел-2",
     "group": "Groupe VM", "offline_action": 2},
    {"name": "App1", "type": "dummy", "dependencies": ["VM1"], "locked": true, "node": "Nœud-1",
     "group": "Groupe VM"},
    {"name": "Svc-é𝄞", "type": "dummy", "dependencies": ["VM1", "VM2", "VM1"],
     "node": "Узел-2", "group": "𝄞 Musique"},
    {"name": "VM3", "type": "virtual machine", "node": "Node3", "group": "", "offline_action": 0},
    {"name": "Broken", "type": "dummy", "state": "Failed", "dependencies": ["VM2"]},
    {"name": "Witness", "type": "File Share Witness", "state": "offline"}
  ]
})";

struct ResourceModel {
  std::string name;
  std::string type;
  std::string node;
  std::string group;
  std::vector<size_t> dependencies;
  bool vm;
  bool locked;
  uint32_t offline_action;
};

const std::vector<ResourceModel>& Model() {
  static const auto* model = new std::vector<ResourceModel>{
      {"Disk1", "Physical Disk", "Nœud-1", "Stockage ☃", {}, false, false, 1},
      {"VM1", "Virtual Machine", "Nœud-1", "Groupe VM", {0}, true, false, 1},
      {"VM2", "Virtual Machine", "Узел-2", "Groupe VM", {0}, true, false, 2},
      {"App1", "dummy", "Nœud-1", "Groupe VM", {1}, false, true, 1},
      {"Svc-é𝄞", "dummy", "Узел-2", "𝄞 Musique", {1, 2}, false, false, 1},
      {"VM3", "virtual machine", "Node3", "", {}, true, false, 0},
      {"Broken", "dummy", "Node1", "Cluster Group", {2}, false, false, 1},
      {"Witness", "File Share Witness", "Node1", "Cluster Group", {}, false, false, 1},
  };
  return *model;
}

struct World {
  Cluster* cluster = nullptr;
  std::vector<std::string> names;
  std::vector<WString> wide_names, wide_nodes, wide_groups;
  std::vector<std::u32string> folded_names;
  std::vector<std::vector<size_t>> dependencies;
  std::vector<std::vector<bool>> dependents_of, providers_of;  // closures, the resource included
  Handlers handlers;
  void* closed_handle = nullptr;  // closed by the last reset
};

World& TheWorld() {
  static auto* world = new World;
  return *world;
}

// Where temporary files go: $TMPDIR, else (Windows) %TEMP% or %TMP%, else /tmp.
std::string TemporaryDirectory() {
  for (const char* variable : {"TMPDIR", "TEMP", "TMP"}) {
    const char* value = std::getenv(variable);
    if (value != nullptr && *value != 0) return value;
  }
  return "/tmp";
}

void SetEnvironment(const char* name, const std::string& value) {
#if defined(_WIN32)
  _putenv_s(name, value.c_str());
#else
  setenv(name, value.c_str(), 1);
#endif
}

void Setup() {
  static bool done = false;
  if (done) return;
  done = true;
  std::string path = TemporaryDirectory() + "/clusapi_fuzzer_XXXXXX";
  const int fd = mkstemp(path.data());
  FUZZ_CHECK(fd >= 0);
  const size_t length = sizeof(kClusterJson) - 1;
  FUZZ_CHECK(write(fd, kClusterJson, length) == static_cast<ssize_t>(length));
  close(fd);
  SetEnvironment(clusprop::cluster::kClusterEnvironmentVariable, path);
  World& world = TheWorld();
  world.cluster = clusprop::cluster::EmbeddedCluster();  // reads the file, once per process
  unlink(path.c_str());                                  // so it is not needed any more
  FUZZ_CHECK(world.cluster != nullptr);

  const std::vector<ResourceModel>& model = Model();
  FUZZ_CHECK(world.cluster->ResourceNames().size() == model.size());
  for (size_t i = 0; i < model.size(); ++i) {
    world.names.push_back(model[i].name);
    world.wide_names.push_back(Wide(model[i].name));
    world.wide_nodes.push_back(Wide(model[i].node));
    world.wide_groups.push_back(Wide(model[i].group));
    world.folded_names.push_back(Folded(CodePoints(model[i].name)));
    world.dependencies.push_back(model[i].dependencies);
    std::optional<ResourceStatus> status = world.cluster->GetStatus(model[i].name);
    FUZZ_CHECK(status.has_value());
    FUZZ_CHECK(status->node == model[i].node && status->group == model[i].group);
    FUZZ_CHECK(status->locked == model[i].locked);
    FUZZ_CHECK(status->offline_action == model[i].offline_action);
    world.handlers.Add(*world.cluster, model[i].type);
  }
  FUZZ_CHECK(world.handlers.handlers.size() == 4);  // the three VMs share a type, whatever its case
  for (size_t i = 0; i < model.size(); ++i) {
    world.dependents_of.push_back(Closure(world.dependencies, i, true));
    world.providers_of.push_back(Closure(world.dependencies, i, false));
  }
}

// The resource a wchar_t name opens, or -1.
int Lookup(const WCHAR* name) {
  std::optional<std::u32string> folded = FoldedCodePoints(name);
  if (!folded) return -1;
  const World& world = TheWorld();
  for (size_t i = 0; i < world.folded_names.size(); ++i) {
    if (world.folded_names[i] == *folded) return static_cast<int>(i);
  }
  return -1;
}

// ---- A cluster whose handlers do what the input says ------------------------------------------

// Online: succeeds, fails, or throws. Offline: 0; ERROR_IO_PENDING and a report (success or an
// error, once or twice) before returning; ERROR_IO_PENDING and no report in time (the report is
// kept, to be made late); an error; or an exception. The outcome of each call is set per resource
// beforehand, so that what a call does does not depend on the order the cluster calls handlers.
class ScriptedHandler : public clusprop::cluster::ResourceTypeHandler {
 public:
  static constexpr uint32_t kOnlineError = 31;  // ERROR_GEN_FAILURE
  static constexpr uint32_t kOfflineError = 5038;
  enum Outcome { kZero, kReportSuccess, kReportError, kNoReport, kError, kThrow, kReportTwice };

  void Set(const std::string& resource, uint8_t online, Outcome offline) {
    std::lock_guard<std::mutex> lock(mu_);
    online_[resource] = online;
    offline_[resource] = offline;
  }
  static bool OfflineFails(Outcome outcome) {
    return outcome == kReportError || outcome == kNoReport || outcome == kError ||
           outcome == kThrow;
  }

  uint32_t Online(const std::string& resource) override {
    uint8_t outcome;
    {
      std::lock_guard<std::mutex> lock(mu_);
      outcome = online_[resource];
      online_order_.push_back(resource);
    }
    if (outcome == 2) throw std::runtime_error("scripted");
    return outcome == 1 ? kOnlineError : 0;
  }

  uint32_t Offline(const clusprop::cluster::OfflineContext& context) override {
    Outcome outcome;
    {
      std::lock_guard<std::mutex> lock(mu_);
      outcome = offline_[context.resource];
      calls_.emplace(context.resource, "offline");
      if (outcome == kNoReport) late_.push_back(context.complete);
    }
    switch (outcome) {
      case kZero:
        return 0;
      case kReportSuccess:
        context.complete(0);
        return ERROR_IO_PENDING;
      case kReportError:
        context.complete(kOfflineError);
        return ERROR_IO_PENDING;
      case kNoReport:
        return ERROR_IO_PENDING;
      case kError:
        return kOfflineError;
      case kThrow:
        throw std::runtime_error("scripted");
      case kReportTwice:
        context.complete(0);
        context.complete(kOfflineError);  // only the first report counts
        return ERROR_IO_PENDING;
    }
    return 0;
  }

  void Terminate(const std::string& resource) override {
    std::lock_guard<std::mutex> lock(mu_);
    calls_.emplace(resource, "terminate");
  }

  // The calls since the last Take, and the reports kept for later.
  CallSet TakeCalls() {
    std::lock_guard<std::mutex> lock(mu_);
    CallSet calls;
    calls.swap(calls_);
    return calls;
  }
  std::vector<std::string> TakeOnlineOrder() {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::string> order;
    order.swap(online_order_);
    return order;
  }
  std::vector<std::function<void(uint32_t)>> TakeLate() {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::function<void(uint32_t)>> late;
    late.swap(late_);
    return late;
  }

 private:
  std::mutex mu_;
  std::map<std::string, uint8_t> online_;
  std::map<std::string, Outcome> offline_;
  CallSet calls_;                          // offline and terminate
  std::vector<std::string> online_order_;  // online, in order
  std::vector<std::function<void(uint32_t)>> late_;
};

// ---- A program --------------------------------------------------------------------------------

enum class Kind { kCluster, kResource };

struct Live {
  Kind kind;
  DWORD access;
  size_t resource;  // kResource
};

class Program {
 public:
  explicit Program(Input in) : world_(TheWorld()), in_(in) {}

  void Run() {
    Reset();
    for (size_t op = 0; op < kMaxOps && !in_.empty(); ++op) {
      observed_ = false;
      switch (in_.Byte() % 16) {
        case 0:
          OpenClusterOp(false);
          break;
        case 1:
          OpenClusterOp(true);
          break;
        case 2:
          CloseClusterOp();
          break;
        case 3:
        case 15:
          OpenResourceOp(false);
          break;
        case 4:
          OpenResourceOp(true);
          break;
        case 5:
          CloseResourceOp();
          break;
        case 6:
          OnlineOp();
          break;
        case 7:
          OfflineOp(0);
          break;
        case 8:
          OfflineOp(1);
          break;
        case 9:
        case 14:
          OfflineOp(2);
          break;
        case 10:
          GetStateOp();
          break;
        case 11:
          ControlOp();
          break;
        case 12:
          WaitIdle();
          Observe(Take());  // settled
          break;
        case 13:
          ConfigOp();
          break;
      }
      // Ops that change nothing (opening, closing, queries) leave the states to the next check.
      if (observed_) CheckStates(last_, world_.dependencies, last_idle_);
    }
    Finish();
  }

 private:
  Snapshot Take() const { return ::Take(*world_.cluster, world_.names); }

  // The snapshot an op took after its call, for the checks that follow every op.
  const Snapshot& Observe(Snapshot snapshot) {
    last_ = std::move(snapshot);
    last_idle_ = !busy_;
    observed_ = true;
    return last_;
  }

  void WaitIdle() {
    world_.cluster->WaitIdle();
    busy_ = false;
  }

  // Every resource Online, persistent, without a next offline action; the worker idle.
  void Reset() {
    WaitIdle();
    HCLUSTER cluster = OpenCluster(nullptr);
    FUZZ_CHECK(cluster != nullptr);
    std::vector<HRESOURCE> resources;
    for (const WString& name : world_.wide_names) {
      resources.push_back(OpenClusterResource(cluster, name.c_str()));
      FUZZ_CHECK(resources.back() != nullptr);
    }
    auto online_all = [&] {
      for (HRESOURCE resource : resources) FUZZ_CHECK(OnlineClusterResource(resource) == 0);
    };
    online_all();
    // What property codes may have changed: a VM's OfflineAction, a persistent state.
    clusprop::cluster::Database& database = world_.cluster->database();
    for (size_t i = 0; i < resources.size(); ++i) {
      FUZZ_CHECK(world_.cluster->SetPersistentState(world_.names[i], true).ok());
      if (!Model()[i].vm) continue;
      absl::StatusOr<clusprop::cluster::Database::Key> key = database.ResourceKey(world_.names[i]);
      bool created = false;
      if (key.ok()) key = database.Create(*key, clusprop::cluster::kParametersKey, &created);
      FUZZ_CHECK(key.ok());
      clusprop::cluster::RegistryValue action{clusprop::cluster::kRegDword,
                                              std::vector<uint8_t>(4)};
      std::memcpy(action.data.data(), &Model()[i].offline_action, 4);
      FUZZ_CHECK(database.SetValue(*key, "OfflineAction", action).ok());
    }
    bool consumed = false;  // next offline actions left by the previous program
    for (size_t i = 0; i < resources.size(); ++i) {
      std::optional<ResourceStatus> status = world_.cluster->GetStatus(world_.names[i]);
      if (!status->next_offline_action) continue;
      if (status->state == ResourceState::kOnline) {
        FUZZ_CHECK(OfflineClusterResourceEx(resources[i], kIgnoreLocked, nullptr, 0) ==
                   ERROR_IO_PENDING);
      }
      WaitIdle();
      consumed = true;
    }
    if (consumed) online_all();
    world_.handlers.Forget();
    for (HRESOURCE resource : resources) {
      FUZZ_CHECK(CloseClusterResource(resource) == TRUE);
      ever_.insert(resource);
    }
    FUZZ_CHECK(CloseCluster(cluster) == TRUE);
    ever_.insert(cluster);
    world_.closed_handle = resources[0];
    const Snapshot reset = Take();
    for (size_t i = 0; i < reset.size(); ++i) {
      FUZZ_CHECK(reset[i].state == ResourceState::kOnline);
      FUZZ_CHECK(reset[i].persistent_online);
      FUZZ_CHECK(!reset[i].next_offline_action.has_value());
      FUZZ_CHECK(reset[i].offline_action == Model()[i].offline_action);
    }
    static int forged_target;
    pool_ = {nullptr,
             reinterpret_cast<void*>(0x8),
             reinterpret_cast<void*>(0x1234),
             reinterpret_cast<void*>(~uintptr_t{0}),
             &forged_target,
             world_.closed_handle,
             cluster};
  }

  void Finish() {
    WaitIdle();
    CheckStates(Take(), world_.dependencies, true);
    for (const auto& [handle, live] : live_) {
      const BOOL closed = live.kind == Kind::kCluster
                              ? CloseCluster(static_cast<HCLUSTER>(handle))
                              : CloseClusterResource(static_cast<HRESOURCE>(handle));
      FUZZ_CHECK(closed == TRUE);
    }
    live_.clear();
  }

  void* Pick() { return pool_[in_.Byte() % pool_.size()]; }

  const Live* Find(void* handle, Kind kind) const {
    auto it = live_.find(handle);
    return it != live_.end() && it->second.kind == kind ? &it->second : nullptr;
  }

  void Add(void* handle, Live live) {
    FUZZ_CHECK(ever_.insert(handle).second);  // handle values are never reused
    live_.emplace(handle, live);
    if (pool_.size() < kMaxPool) pool_.push_back(handle);
  }

  // A failure's code is also GetLastError() (read right after the call).
  static void CheckLastError(DWORD code, DWORD last_error) {
    if (code != ERROR_SUCCESS && code != ERROR_IO_PENDING) FUZZ_CHECK(last_error == code);
  }

  // ---- Opening and closing --------------------------------------------------------------------

  void OpenClusterOp(bool ex) {
    static const WCHAR* const kNames[] = {nullptr, L"", L"x", L"Cluster1", L"\u00e9"};
    const WCHAR* name = kNames[in_.Byte() % 5];
    const bool embedded = name == nullptr || *name == 0;
    DWORD desired = kFull;
    DWORD granted = 0xDEADBEEF;
    bool want_granted = false;
    HCLUSTER cluster;
    if (ex) {
      desired = PickAccess(in_);
      want_granted = (in_.Byte() & 1) != 0;
      cluster = OpenClusterEx(name, desired, want_granted ? &granted : nullptr);
    } else {
      cluster = OpenCluster(name);
    }
    const DWORD last_error = GetLastError();
    if (!embedded) {
      FUZZ_CHECK(cluster == nullptr);
      FUZZ_CHECK(last_error == ERROR_INVALID_PARAMETER);
      return;
    }
    FUZZ_CHECK(cluster != nullptr);
    if (want_granted) FUZZ_CHECK(granted == (desired & kFull));
    Add(cluster, Live{Kind::kCluster, desired & kFull, 0});
  }

  void CloseClusterOp() {
    void* handle = Pick();
    const BOOL closed = CloseCluster(static_cast<HCLUSTER>(handle));
    const DWORD last_error = GetLastError();
    if (Find(handle, Kind::kCluster) != nullptr) {
      FUZZ_CHECK(closed == TRUE);
      live_.erase(handle);
    } else {
      FUZZ_CHECK(closed == FALSE);
      FUZZ_CHECK(last_error == ERROR_INVALID_HANDLE);
    }
  }

  // A resource name: the model's, case variants, unknown, non-ASCII, ill-formed, or built from
  // the input; nullopt for NULL.
  std::optional<WString> PickName() {
    const World& w = world_;
    const uint8_t choice = in_.Byte() % 20;
    if (choice < 8) return w.wide_names[choice];
    const WString& known = w.wide_names[in_.Byte() % w.wide_names.size()];
    WString name;
    switch (choice) {
      case 8:  // upper case (ASCII only)
      case 9:  // lower case
        for (WCHAR c : known) {
          if (choice == 8 && c >= 'a' && c <= 'z') c = static_cast<WCHAR>(c - 'a' + 'A');
          if (choice == 9 && c >= 'A' && c <= 'Z') c = static_cast<WCHAR>(c - 'A' + 'a');
          name.push_back(c);
        }
        return name;
      case 10:  // É is not é: only ASCII letters fold
        return Wide("SVC-É𝄞");
      case 11:
        return Wide("NoSuchResource");
      case 12:
        return WString();
      case 13:
        return std::nullopt;
      case 14:  // a lone surrogate
        return known + static_cast<WCHAR>(0xD800);
      case 15:  // U+1D11E as a UTF-16 pair: ill-formed where WCHAR is UTF-32
        return Wide("Svc-é") + static_cast<WCHAR>(0xD834) + static_cast<WCHAR>(0xDD1E);
      case 16:  // beyond U+10FFFF (where WCHAR can hold it)
        return known + static_cast<WCHAR>(sizeof(WCHAR) == 2 ? 0xDFFF : 0x110000);
      case 17:  // the name ends at the NUL
        return known + WCHAR{0} + Wide("junk");
      case 18: {
        static const uint32_t kUnits[] = {0xE9,     0xC9,     0x1D11E,    0xD800, 0xDC00, 0xD834,
                                          0xDD1E,   0xFFFF,   0xFEFF,     0x153,  0x2603, 0x418,
                                          0x10FFFF, 0x110000, 0xFFFFFFFF, 0};
        const size_t units = in_.Byte() % 12;
        for (size_t i = 0; i < units; ++i) {
          const uint8_t b = in_.Byte();
          name.push_back(static_cast<WCHAR>(b < 0x80 ? b : kUnits[b & 15]));
        }
        return name;
      }
      default:  // 19
        return L' ' + known;
    }
  }

  void OpenResourceOp(bool ex) {
    void* handle = Pick();
    std::optional<WString> name = PickName();
    DWORD desired = kFull;
    DWORD granted = 0xDEADBEEF;
    bool want_granted = false;
    HRESOURCE resource;
    const WCHAR* text = name ? name->c_str() : nullptr;
    if (ex) {
      desired = PickAccess(in_);
      want_granted = (in_.Byte() & 1) != 0;
      resource = OpenClusterResourceEx(static_cast<HCLUSTER>(handle), text, desired,
                                       want_granted ? &granted : nullptr);
    } else {
      resource = OpenClusterResource(static_cast<HCLUSTER>(handle), text);
    }
    const DWORD last_error = GetLastError();
    const Live* cluster = Find(handle, Kind::kCluster);
    const int found = text == nullptr ? -1 : Lookup(text);
    if (cluster == nullptr || text == nullptr || found < 0) {
      FUZZ_CHECK(resource == nullptr);
      FUZZ_CHECK(last_error == (cluster == nullptr ? ERROR_INVALID_HANDLE
                                : text == nullptr  ? ERROR_INVALID_PARAMETER
                                                   : ERROR_RESOURCE_NOT_FOUND));
      return;
    }
    FUZZ_CHECK(resource != nullptr);
    const DWORD access = desired & cluster->access;
    if (want_granted) FUZZ_CHECK(granted == access);
    Add(resource, Live{Kind::kResource, access, static_cast<size_t>(found)});
  }

  void CloseResourceOp() {
    void* handle = Pick();
    const BOOL closed = CloseClusterResource(static_cast<HRESOURCE>(handle));
    const DWORD last_error = GetLastError();
    if (Find(handle, Kind::kResource) != nullptr) {
      FUZZ_CHECK(closed == TRUE);
      live_.erase(handle);
    } else {
      FUZZ_CHECK(closed == FALSE);
      FUZZ_CHECK(last_error == ERROR_INVALID_HANDLE);
    }
  }

  // ---- Online and offline ---------------------------------------------------------------------

  void OnlineOp() {
    void* handle = Pick();
    const uint8_t mode = in_.Byte();
    if ((mode & 3) != 0) WaitIdle();
    const bool quiet = !busy_;
    const Live* resource = Find(handle, Kind::kResource);
    const bool check_calls = quiet && (mode & 0x3C) == 0x3C && resource != nullptr;
    const Snapshot before = Take();
    std::vector<std::vector<RecordingHandler::Call>> calls_before;
    if (check_calls) calls_before = world_.handlers.Calls();
    const DWORD code = OnlineClusterResource(static_cast<HRESOURCE>(handle));
    CheckLastError(code, GetLastError());
    const Snapshot& after = Observe(Take());
    if (resource == nullptr || resource->access != kFull) {
      FUZZ_CHECK(code == (resource == nullptr ? ERROR_INVALID_HANDLE : ERROR_ACCESS_DENIED));
      for (size_t i = 0; i < before.size(); ++i) FUZZ_CHECK(SameButWorker(before[i], after[i]));
      return;
    }
    const std::vector<bool>& providers = world_.providers_of[resource->resource];
    bool pending = false;    // a provider (or the resource) not Online is pending
    bool may_settle = true;  // ... and each such one may have settled since
    for (size_t i = 0; i < before.size(); ++i) {
      if (!providers[i] || !IsPending(before[i].state)) continue;
      pending = true;
      may_settle = may_settle && before[i].state == ResourceState::kOfflinePending;
    }
    if (!pending) {
      FUZZ_CHECK(code == ERROR_SUCCESS);
    } else if (!may_settle) {
      FUZZ_CHECK(code == ERROR_INVALID_STATE);
    } else {
      FUZZ_CHECK(code == ERROR_SUCCESS || code == ERROR_INVALID_STATE);
    }
    std::vector<CallSet> expected(world_.handlers.handlers.size());
    for (size_t i = 0; i < before.size(); ++i) {
      if (code != ERROR_SUCCESS || !providers[i]) {
        FUZZ_CHECK(SameButWorker(before[i], after[i]));
      } else if (before[i].state == ResourceState::kOnline) {
        FUZZ_CHECK(Same(before[i], after[i]));
      } else {  // brought online
        FUZZ_CHECK(after[i].state == ResourceState::kOnline);
        FUZZ_CHECK(after[i].persistent_online);
        ResourceStatus expect = before[i];
        expect.persistent_online = true;
        FUZZ_CHECK(SameExceptState(expect, after[i]));
        expected[world_.handlers.of[i]].emplace(world_.names[i], "online");
      }
    }
    if (check_calls) world_.handlers.Check(calls_before, expected);
  }

  // variant 0: OfflineClusterResource; 1: ...Ex; 2: ...ExWithReason.
  void OfflineOp(int variant) {
    void* handle = Pick();
    const uint8_t mode = in_.Byte();
    const DWORD flags = variant >= 1 ? PickFlags(in_) : 0;
    const DWORD reason = variant == 2 ? PickReason(in_) : 0;
    Buffer buffer = variant >= 1 ? PickBuffer(in_) : Buffer();
    if ((mode & 3) != 0) WaitIdle();
    const bool quiet = !busy_;
    const Live* resource = Find(handle, Kind::kResource);
    const bool full = resource != nullptr && resource->access == kFull;
    bool check_calls = quiet && (mode & 0x3C) == 0x3C && full;
    const Snapshot before = Take();
    std::vector<std::vector<RecordingHandler::Call>> calls_before;
    if (check_calls) calls_before = world_.handlers.Calls();
    DWORD code;
    auto hresource = static_cast<HRESOURCE>(handle);
    switch (variant) {
      case 0:
        code = OfflineClusterResource(hresource);
        break;
      case 1:
        code = OfflineClusterResourceEx(hresource, flags, buffer.data(), buffer.size);
        break;
      default:
        code = OfflineClusterResourceExWithReason(hresource, flags, reason, buffer.data(),
                                                  buffer.size);
        break;
    }
    CheckLastError(code, GetLastError());
    if (code == ERROR_IO_PENDING) busy_ = true;

    // The code, from the checks of docs/offline.md §3 in their order.
    std::set<DWORD> allowed;
    const size_t target = resource != nullptr ? resource->resource : 0;
    const bool vm = resource != nullptr && Model()[target].vm;
    std::optional<uint32_t> buffer_action;  // the target's instruction comes from the buffer
    bool unknown_instruction = false;       // the buffer may hold one
    if (resource == nullptr) {
      allowed = {ERROR_INVALID_HANDLE};
    } else if (!full) {
      allowed = {ERROR_ACCESS_DENIED};
    } else if ((flags & ~DWORD{7}) != 0 || !ReasonIsValid(reason) ||
               (buffer.data() == nullptr) != (buffer.size == 0)) {
      allowed = {ERROR_INVALID_PARAMETER};
    } else {
      bool decided = false;
      if (buffer.data() != nullptr && buffer.kind == Buffer::kRaw) {
        const bool parses =
            clusprop::ValidatePropertyList(absl::MakeConstSpan(buffer.storage)).ok();
        if (!parses) {
          allowed = {ERROR_INVALID_DATA};
          decided = true;
        } else if (vm) {
          allowed.insert(ERROR_INVALID_PARAMETER);  // it may hold a VM instruction
          unknown_instruction = true;
        }
      } else if (buffer.data() != nullptr && vm) {
        if (buffer.vm_invalid) {
          allowed = {ERROR_INVALID_PARAMETER};
          decided = true;
        } else if (buffer.vm_action) {
          const uint32_t action = *buffer.vm_action;
          if (((flags & kForce) != 0 && action != 0) ||
              (reason == kBeingDeleted && action == kSave)) {
            allowed = {ERROR_INVALID_PARAMETER};  // an explicit instruction breaks a rule
            decided = true;
          }
          buffer_action = action;
        }
      }
      if (!decided) {
        bool locked = false;
        for (size_t i = 0; i < before.size(); ++i) {
          locked = locked || (world_.dependents_of[target][i] && Model()[i].locked);
        }
        if (locked && (flags & kIgnoreLocked) == 0) {
          allowed.insert(ERROR_CLUSTER_RESOURCE_LOCKED_STATUS);
        } else {
          switch (before[target].state) {  // the state gate (strict preset)
            case ResourceState::kOnline:
              allowed.insert(ERROR_IO_PENDING);
              break;
            case ResourceState::kOffline:
              allowed.insert(ERROR_SUCCESS);
              break;
            case ResourceState::kFailed:
              allowed.insert(ERROR_RESOURCE_FAILED);
              break;
            case ResourceState::kOfflinePending:  // the worker may finish it meanwhile
              allowed.insert({ERROR_INVALID_STATE, ERROR_SUCCESS, ERROR_RESOURCE_FAILED});
              break;
            default:
              allowed.insert(ERROR_INVALID_STATE);
              break;
          }
        }
      }
    }
    FUZZ_CHECK(allowed.count(code) == 1);

    // What changed.
    if (quiet) WaitIdle();
    const Snapshot& after = Observe(Take());
    std::vector<CallSet> expected(world_.handlers.handlers.size());
    if (code != ERROR_IO_PENDING) {  // rejected, or nothing to do: nothing changed, no call
      for (size_t i = 0; i < before.size(); ++i) {
        FUZZ_CHECK(quiet ? Same(before[i], after[i]) : SameButWorker(before[i], after[i]));
      }
      if (check_calls) world_.handlers.Check(calls_before, expected);
      return;
    }
    for (size_t i = 0; i < before.size(); ++i) {
      if (!world_.dependents_of[target][i] || before[i].state != ResourceState::kOnline) {
        FUZZ_CHECK(quiet ? Same(before[i], after[i]) : SameButWorker(before[i], after[i]));
        continue;
      }
      // Taken offline: by the handler (RecordingHandler goes offline at once) or terminated.
      FUZZ_CHECK(quiet ? after[i].state == ResourceState::kOffline
                       : after[i].state != ResourceState::kOnline);
      ResourceStatus expect = before[i];
      if ((flags & kKeepPersistent) == 0) expect.persistent_online = false;
      const bool own_buffer = i == target && buffer_action.has_value();
      if (i == target && unknown_instruction) {
        check_calls = false;  // the buffer's instruction (next action kept) or a default
        if (!after[i].next_offline_action.has_value()) expect.next_offline_action.reset();
      } else if (!own_buffer) {
        expect.next_offline_action.reset();  // consumed (or was not set)
      }
      FUZZ_CHECK(SameExceptState(expect, after[i]));
      expected[world_.handlers.of[i]].emplace(
          world_.names[i],
          ExpectedCall(flags, reason, Model()[i].vm, own_buffer ? buffer_action : std::nullopt,
                       before[i].next_offline_action, before[i].offline_action));
    }
    if (check_calls) world_.handlers.Check(calls_before, expected);
  }

  // ---- Queries and control --------------------------------------------------------------------

  struct NameBuffer {
    bool buffer_given = false;
    bool size_given = false;
    DWORD capacity = 0;
    DWORD size = 0;              // *lpcch
    std::vector<WCHAR> storage;  // capacity units (at least one)
    LPWSTR data() { return buffer_given ? storage.data() : nullptr; }
    LPDWORD size_pointer() { return size_given ? &size : nullptr; }
  };
  static constexpr WCHAR kSentinel = 0x5A5A;

  NameBuffer PickNameBuffer(size_t length) {
    NameBuffer buffer;
    const uint8_t choice = in_.Byte();
    buffer.buffer_given = (choice & 3) != 1;
    buffer.size_given = (choice & 3) != 2;
    const auto n = static_cast<DWORD>(length);
    switch ((choice >> 2) % 8) {
      case 0:
        buffer.capacity = 0;
        break;
      case 1:
        buffer.capacity = 1;
        break;
      case 2:
        buffer.capacity = n > 0 ? n - 1 : 0;
        break;
      case 3:
        buffer.capacity = n;
        break;
      case 4:
      case 5:
        buffer.capacity = n + 1;
        break;
      case 6:
        buffer.capacity = n + 2;
        break;
      default:
        buffer.capacity = in_.Byte() % 48;
        break;
    }
    buffer.size = buffer.capacity;
    buffer.storage.assign(std::max<DWORD>(buffer.capacity, 1), kSentinel);
    return buffer;
  }

  // A name that was asked for (buffer and size both given): its length, and its text when it fit.
  static void CheckName(const NameBuffer& buffer, const WString& expected) {
    if (!buffer.buffer_given || !buffer.size_given) return;
    FUZZ_CHECK(buffer.size == expected.size());
    if (buffer.capacity < expected.size() + 1) return;
    FUZZ_CHECK(std::equal(expected.begin(), expected.end(), buffer.storage.begin()));
    FUZZ_CHECK(buffer.storage[expected.size()] == 0);
    for (size_t i = expected.size() + 1; i < buffer.capacity; ++i) {
      FUZZ_CHECK(buffer.storage[i] == kSentinel);  // nothing written past the NUL
    }
  }

  static bool Fits(const NameBuffer& buffer, const WString& name) {
    return !buffer.buffer_given || !buffer.size_given || buffer.capacity >= name.size() + 1;
  }

  void GetStateOp() {
    void* handle = Pick();
    const Live* resource = Find(handle, Kind::kResource);
    const size_t target = resource != nullptr ? resource->resource : 0;
    const WString& node = world_.wide_nodes[target];
    const WString& group = world_.wide_groups[target];
    NameBuffer node_buffer = PickNameBuffer(node.size());
    NameBuffer group_buffer = PickNameBuffer(group.size());
    const Snapshot before = Take();
    const CLUSTER_RESOURCE_STATE state = GetClusterResourceState(
        static_cast<HRESOURCE>(handle), node_buffer.data(), node_buffer.size_pointer(),
        group_buffer.data(), group_buffer.size_pointer());
    const DWORD last_error = GetLastError();
    if (resource == nullptr) {
      FUZZ_CHECK(state == ClusterResourceStateUnknown);
      FUZZ_CHECK(last_error == ERROR_INVALID_HANDLE);
      return;
    }
    CheckName(node_buffer, node);
    CheckName(group_buffer, group);
    if (!Fits(node_buffer, node) || !Fits(group_buffer, group)) {
      FUZZ_CHECK(state == ClusterResourceStateUnknown);
      FUZZ_CHECK(last_error == ERROR_MORE_DATA);
      return;
    }
    const auto got = static_cast<ResourceState>(state);
    FUZZ_CHECK(IsLegal(got) && got != ResourceState::kUnknown);
    const ResourceStatus now = *world_.cluster->GetStatus(world_.names[target]);
    FUZZ_CHECK(got == before[target].state || got == now.state);
    if (!busy_) FUZZ_CHECK(got == now.state);
  }

  void ControlOp() {
    void* handle = Pick();
    const uint8_t code_choice = in_.Byte();
    DWORD control = kSetNextOfflineAction;
    if (code_choice >= 0xF0) {
      control = in_.U32();
    } else if (code_choice >= 0xC0) {
      control = kSetNextOfflineAction ^ (1u << (code_choice & 31));
    } else if (code_choice >= 0xA0) {
      return TypeControlOp(handle, kTypeCodes[code_choice % std::size(kTypeCodes)]);
    } else if (code_choice >= 0x80) {
      return PropertyControlOp(handle, kPropertyCodes[code_choice % std::size(kPropertyCodes)]);
    }
    std::vector<uint8_t> input;
    bool input_null = false;
    DWORD input_size = 0;
    const uint8_t input_choice = in_.Byte();
    switch (input_choice % 8) {
      case 4:  // NULL with a size
        input_null = true;
        input_size = 4;
        break;
      case 5:  // NULL
        input_null = true;
        break;
      case 6: {  // 0 to 8 bytes
        input = in_.Bytes(in_.Byte() % 9);
        input_size = static_cast<DWORD>(input.size());
        break;
      }
      default: {  // one DWORD: mostly 0-3
        const uint8_t b = in_.Byte();
        const DWORD action = b < 0xC0 ? b & 3 : b < 0xF0 ? b : in_.U32();
        input.resize(4);
        std::memcpy(input.data(), &action, 4);
        input_size = 4;
        break;
      }
    }
    std::vector<uint8_t> input_storage = input;
    if (input_storage.empty()) input_storage.push_back(0);  // a valid pointer for size 0
    const uint8_t output_choice = in_.Byte();
    std::vector<uint8_t> output(8, 0xA5);
    DWORD returned = 0xDEADBEEF;
    const bool want_returned = (output_choice & 2) == 0;
    const Snapshot before = Take();
    const DWORD code = ClusterResourceControl(
        static_cast<HRESOURCE>(handle),
        (output_choice & 4) != 0 ? reinterpret_cast<HNODE>(0x10) : nullptr, control,
        input_null ? nullptr : input_storage.data(), input_size,
        (output_choice & 1) != 0 ? output.data() : nullptr, (output_choice & 1) != 0 ? 8 : 0,
        want_returned ? &returned : nullptr);
    CheckLastError(code, GetLastError());
    const Snapshot& after = Observe(Take());
    const Live* resource = Find(handle, Kind::kResource);
    const size_t target = resource != nullptr ? resource->resource : 0;
    DWORD action = 0;
    if (input.size() == 4) std::memcpy(&action, input.data(), 4);
    DWORD expected = ERROR_SUCCESS;  // docs/clusapi.md, ClusterResourceControl, in order
    if (resource == nullptr) {
      expected = ERROR_INVALID_HANDLE;
    } else if (control != kSetNextOfflineAction) {
      expected = ERROR_INVALID_FUNCTION;
    } else if (resource->access != kFull) {
      expected = ERROR_ACCESS_DENIED;
    } else if (input_null || input_size != 4) {
      expected = ERROR_INVALID_PARAMETER;
    } else if (!Model()[target].vm) {
      expected = ERROR_INVALID_FUNCTION;
    } else if (action > 3) {
      expected = ERROR_INVALID_PARAMETER;
    }
    FUZZ_CHECK(code == expected);
    if (resource != nullptr && want_returned) FUZZ_CHECK(returned == 0);
    FUZZ_CHECK(std::all_of(output.begin(), output.end(), [](uint8_t b) { return b == 0xA5; }));
    for (size_t i = 0; i < before.size(); ++i) {
      ResourceStatus expect = before[i];
      if (code == ERROR_SUCCESS && i == target) expect.next_offline_action = action;
      FUZZ_CHECK(SameButWorker(expect, after[i]));
    }
  }

  // The property and identity codes of docs/clusapi.md (and two for other objects).
  static constexpr DWORD kPropertyCodes[] = {0x01000051, 0x01000055, 0x01000059, 0x0140005E,
                                             0x01000061, 0x01000065, 0x01000079, 0x0100007D,
                                             0x01000081, 0x01400086, 0x01000089, 0x0100008D,
                                             0x01000029, 0x0100002D, 0x02000081, 0x03400086};

  // The type codes of docs/clusapi.md (object byte 2), and two for other objects.
  static constexpr DWORD kTypeCodes[] = {0x02000051, 0x02000055, 0x02000059, 0x0240005E,
                                         0x02000061, 0x02000065, 0x02000069, 0x02000079,
                                         0x0200007D, 0x02000081, 0x02400086, 0x02000089,
                                         0x0200008D, 0x02000091, 0x01000059, 0x02000029};

  // ClusterResourceTypeControl on a cluster handle, for a type of the cluster (as spelt, in
  // upper case), an unknown type or NULL: its checks in order, the byte counts of the reply, and
  // no resource changed (a type's properties live in the type's own key).
  void TypeControlOp(void* handle, DWORD control) {
    std::vector<std::string> types;
    for (const ResourceModel& model : Model()) {
      if (std::none_of(types.begin(), types.end(),
                       [&](const std::string& t) { return SameNameUtf8(t, model.type); })) {
        types.push_back(model.type);
      }
    }
    const uint8_t name_choice = in_.Byte();
    const bool name_null = name_choice % 16 == 15;
    const bool unknown = name_choice % 16 == 14;
    std::string type = unknown ? "No Such Type" : types[name_choice % types.size()];
    if (name_choice & 0x80) {
      std::transform(type.begin(), type.end(), type.begin(),
                     [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; });
    }
    const WString wide_type = Wide(type);
    PropertyCall call = PropertyCallFromInput();
    const Snapshot before = Take();
    const DWORD code = ClusterResourceTypeControl(
        static_cast<HCLUSTER>(handle), name_null ? nullptr : wide_type.c_str(), nullptr, control,
        call.in(), call.input_size, call.out(), call.room, call.returned_pointer());
    CheckLastError(code, GetLastError());
    const Snapshot& after = Observe(Take());
    const Live* cluster = Find(handle, Kind::kCluster);
    const DWORD function = control & 0x00FFFFFF;
    const bool write = (function & 0x00400000) != 0;
    const bool takes_list = function == 0x0040005E || function == 0x00000061 ||
                            function == 0x00400086 || function == 0x00000089;
    if (cluster == nullptr) {
      FUZZ_CHECK(code == ERROR_INVALID_HANDLE);
    } else if (name_null) {
      FUZZ_CHECK(code == ERROR_INVALID_PARAMETER);
    } else if (unknown) {
      FUZZ_CHECK(code == ERROR_CLUSTER_RESOURCE_TYPE_NOT_FOUND);
    } else if ((control >> 24) != 2 || function == 0x29) {
      FUZZ_CHECK(code == ERROR_INVALID_FUNCTION);
    } else if (write && (cluster->access & CLUSAPI_CHANGE_ACCESS) == 0) {
      FUZZ_CHECK(code == ERROR_ACCESS_DENIED);
    } else if (takes_list && call.input_null) {
      FUZZ_CHECK(code == RPC_X_BAD_STUB_DATA);
    } else {
      FUZZ_CHECK(code == ERROR_SUCCESS || code == ERROR_MORE_DATA || code == ERROR_INVALID_DATA ||
                 code == ERROR_INVALID_PARAMETER || code == ERROR_INSUFFICIENT_BUFFER);
    }
    call.CheckReply(code);
    for (size_t i = 0; i < before.size(); ++i) FUZZ_CHECK(SameButWorker(before[i], after[i]));
  }

  // The buffers of a property or identity code, drawn from the input: a property list or NULL
  // (with a size), and an output of 0, 12 or 4096 bytes followed by guard bytes.
  struct PropertyCall {
    bool input_null;
    std::vector<uint8_t> input;  // never empty: a valid pointer for size 0
    DWORD input_size;
    DWORD room;
    std::vector<uint8_t> output;  // room + 4 guard bytes
    bool want_returned;
    DWORD returned = 0xDEADBEEF;

    void* in() { return input_null ? nullptr : input.data(); }
    void* out() { return room == 0 ? nullptr : output.data(); }
    DWORD* returned_pointer() { return want_returned ? &returned : nullptr; }
    // *lpcbBytesReturned and the output as docs/clusapi.md says: the bytes written on success,
    // the bytes needed with ERROR_MORE_DATA (nothing written), 0 otherwise; nothing past them.
    void CheckReply(DWORD code) const {
      if (want_returned) {
        if (code == ERROR_SUCCESS) FUZZ_CHECK(returned <= room);
        if (code == ERROR_MORE_DATA) FUZZ_CHECK(returned > room);
        if (code != ERROR_SUCCESS && code != ERROR_MORE_DATA) FUZZ_CHECK(returned == 0);
      }
      const bool untouched = std::all_of(
          output.begin() + std::min<DWORD>(room, want_returned && code == 0 ? returned : 0),
          output.end(), [](uint8_t b) { return b == 0xA5; });
      FUZZ_CHECK(untouched || (code == ERROR_SUCCESS && !want_returned));
    }
  };

  PropertyCall PropertyCallFromInput() {
    PropertyCall call;
    call.input_null = in_.Byte() % 4 == 0;
    call.input = call.input_null ? std::vector<uint8_t>() : PropertyInput();
    call.input_size = call.input_null ? in_.Byte() % 16 : static_cast<DWORD>(call.input.size());
    if (call.input.empty()) call.input.push_back(0);
    const uint8_t output_choice = in_.Byte();
    call.room = (output_choice & 1) == 0 ? 0 : (output_choice & 8) != 0 ? 4096 : 12;
    call.output.assign(call.room + 4, 0xA5);
    call.want_returned = (output_choice & 2) == 0;
    return call;
  }

  // A property list for SET and VALIDATE: names the tables know and others, DWORD and text
  // values, sometimes cut short.
  std::vector<uint8_t> PropertyInput() {
    static const char* const kNames[] = {
        "OfflineAction", "PersistentState", "Description",    "RestartAction", "Name",
        "Memory",        "offlineaction",   "PendingTimeout", "Path\\Value"};
    clusprop::PropertyListWriter writer;
    const int properties = in_.Byte() % 4;
    for (int p = 0; p < properties; ++p) {
      writer.BeginProperty(kNames[in_.Byte() % std::size(kNames)]);
      const uint8_t kind = in_.Byte();
      if (kind < 0xC0) {
        writer.AddDword(kind < 0x80 ? kind % 5 : in_.U32());
      } else if (kind < 0xE0) {
        writer.AddString("text");
      } else {
        writer.AddBinary(in_.Bytes(in_.Byte() % 5));
      }
    }
    absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
    FUZZ_CHECK(bytes.ok());
    std::vector<uint8_t> list(bytes->begin(), bytes->end());
    const uint8_t cut = in_.Byte();
    if (cut >= 0xE0) list.resize(list.size() * (cut - 0xE0) / 32);
    return list;
  }

  // A property or identity code (docs/clusapi.md): its checks in order, the byte counts of the
  // reply, and what a SET may change (a VM's OfflineAction, a persistent state) and nothing else.
  void PropertyControlOp(void* handle, DWORD control) {
    PropertyCall call = PropertyCallFromInput();
    const Snapshot before = Take();
    const DWORD code =
        ClusterResourceControl(static_cast<HRESOURCE>(handle), nullptr, control, call.in(),
                               call.input_size, call.out(), call.room, call.returned_pointer());
    CheckLastError(code, GetLastError());
    const Snapshot& after = Observe(Take());
    const Live* resource = Find(handle, Kind::kResource);
    const DWORD function = control & 0x00FFFFFF;
    const bool write = (function & 0x00400000) != 0;
    const bool takes_list = function == 0x0040005E || function == 0x00000061 ||
                            function == 0x00400086 || function == 0x00000089;
    if (resource == nullptr) {
      FUZZ_CHECK(code == ERROR_INVALID_HANDLE);
    } else if ((control >> 24) != 1) {
      FUZZ_CHECK(code == ERROR_INVALID_FUNCTION);
    } else if (write && (resource->access & CLUSAPI_CHANGE_ACCESS) == 0) {
      FUZZ_CHECK(code == ERROR_ACCESS_DENIED);
    } else if (takes_list && call.input_null) {
      FUZZ_CHECK(code == RPC_X_BAD_STUB_DATA);
    } else if (function == 0x29 || function == 0x2D) {  // GET_NAME, GET_RESOURCE_TYPE
      const ResourceModel& model = Model()[resource->resource];
      const WString text = Wide(function == 0x29 ? model.name : model.type);
      const auto size = static_cast<DWORD>((text.size() + 1) * sizeof(WCHAR));
      FUZZ_CHECK(code == (call.room >= size ? ERROR_SUCCESS : ERROR_MORE_DATA));
      if (call.want_returned) FUZZ_CHECK(call.returned == size);
      if (code == ERROR_SUCCESS) {
        FUZZ_CHECK(std::memcmp(call.output.data(), text.c_str(), size) == 0);
      }
    } else {
      FUZZ_CHECK(code == ERROR_SUCCESS || code == ERROR_MORE_DATA || code == ERROR_INVALID_DATA ||
                 code == ERROR_INVALID_PARAMETER || code == ERROR_INSUFFICIENT_BUFFER ||
                 code == ERROR_RESOURCE_PROPERTIES_STORED);
      if (code == ERROR_RESOURCE_PROPERTIES_STORED) {
        FUZZ_CHECK(function == 0x00400086 && !Model()[resource->resource].vm &&
                   before[resource->resource].state == ResourceState::kOnline);
      }
      // A VM's GET_PRIVATE_PROPERTIES holds the OfflineAction the offline decision uses.
      if (code == ERROR_SUCCESS && function == 0x81 && Model()[resource->resource].vm &&
          call.want_returned) {
        DWORD action = 0xDEAD;
        FUZZ_CHECK(ResUtilFindDwordProperty(call.output.data(), call.returned, L"OfflineAction",
                                            &action) == ERROR_SUCCESS);
        FUZZ_CHECK(action == after[resource->resource].offline_action);
      }
    }
    call.CheckReply(code);
    for (size_t i = 0; i < before.size(); ++i) {
      ResourceStatus expect = before[i];
      const bool stored = code == ERROR_SUCCESS || code == ERROR_RESOURCE_PROPERTIES_STORED;
      if (resource != nullptr && i == resource->resource && write && stored) {
        FUZZ_CHECK(after[i].offline_action <= 3);
        expect.offline_action = after[i].offline_action;
        expect.persistent_online = after[i].persistent_online;
      }
      FUZZ_CHECK(SameButWorker(expect, after[i]));
    }
  }

  // ---- Cluster descriptions -------------------------------------------------------------------

  // A description generated from the input, with what the loader must make of it.
  struct Description {
    bool valid = true;
    bool lenient = false;
    std::vector<std::string> names, types;
    std::vector<std::vector<size_t>> dependencies;
    std::vector<ResourceState> states;
    std::vector<bool> vm, locked;
    std::vector<std::string> nodes, groups;
    std::vector<uint32_t> offline_actions;
  };

  std::string Generate(Description* d) {
    std::vector<std::string> members;
    switch (in_.Byte() % 8) {
      case 3:
        members.push_back(R"("policy": "strict")");
        break;
      case 4:
      case 5:
        members.push_back(R"("policy": "lenient")");
        d->lenient = true;
        break;
      case 6:
        members.push_back(R"("policy": "Lenient")");
        d->valid = false;
        break;
      case 7:
        members.push_back(R"("policy": 1)");
        d->valid = false;
        break;
      default:
        break;
    }
    static const char* const kTimeouts[] = {"0",  "50",  "4294967295", "4294967296",
                                            "-1", "1.5", "\"50\""};
    const uint8_t timeout = in_.Byte() % 12;
    if (timeout < 7) {
      members.push_back(std::string("\"pending_timeout_ms\": ") + kTimeouts[timeout]);
      d->valid = d->valid && timeout < 3;
    }
    if (in_.Byte() % 32 == 0) {
      members.push_back(R"("polcy": "strict")");
      d->valid = false;
    }
    const uint8_t shape = in_.Byte() % 16;
    if (shape == 0) {
      d->valid = false;  // no resources
    } else if (shape == 1) {
      members.push_back(R"("resources": {})");
      d->valid = false;
    } else {
      const size_t count = in_.Byte() % 7;
      std::string array = "\"resources\": [";
      for (size_t i = 0; i < count; ++i) {
        if (i > 0) array += ", ";
        array += GenerateResource(d);
      }
      members.push_back(array + "]");
    }
    std::string text = "{";
    for (size_t i = 0; i < members.size(); ++i) text += (i > 0 ? ", " : "") + members[i];
    return text + "}";
  }

  std::string GenerateResource(Description* d) {
    const size_t index = d->names.size();
    if (in_.Byte() % 32 == 0) {
      d->valid = false;
      return "7";
    }
    std::vector<std::string> fields;
    // name
    static const char* const kNames[] = {"vm", "VM", "é", "É", "Ré-𝄞", "", "R0", "r0"};
    std::string name = "R" + std::to_string(index + 1);
    const uint8_t name_choice = in_.Byte() % 16;
    if (name_choice == 0) {
      d->valid = false;
    } else if (name_choice == 1) {
      fields.push_back(R"("name": 5)");
      d->valid = false;
    } else {
      if (name_choice < 10) name = kNames[name_choice - 2];
      fields.push_back("\"name\": \"" + name + "\"");
      if (name.empty()) d->valid = false;  // a resource needs a name
      for (const std::string& earlier : d->names) {
        if (SameNameUtf8(earlier, name)) d->valid = false;  // a duplicate
      }
    }
    // type
    static const char* const kTypes[] = {"Virtual Machine", "Virtual Machine", "virtual machine",
                                         "VIRTUAL MACHINE", "dummy",           "Physical Disk"};
    const uint8_t type_choice = in_.Byte() % 8;
    std::string type;
    bool vm = false;
    if (type_choice == 0) {
      d->valid = false;
    } else if (type_choice == 1) {
      fields.push_back(R"("type": 3)");
      d->valid = false;
    } else {
      type = kTypes[type_choice - 2];
      fields.push_back("\"type\": \"" + type + "\"");
      vm = type_choice < 6;
    }
    // state
    static const char* const kStates[] = {"Unknown", "inherited",     "INITIALIZING",
                                          "Online",  "offline",       "Failed",
                                          "Pending", "onlinePending", "OfflinePending"};
    static const ResourceState kStateValues[] = {
        ResourceState::kUnknown, ResourceState::kInherited,     ResourceState::kInitializing,
        ResourceState::kOnline,  ResourceState::kOffline,       ResourceState::kFailed,
        ResourceState::kPending, ResourceState::kOnlinePending, ResourceState::kOfflinePending};
    ResourceState state = ResourceState::kOnline;
    const uint8_t state_choice = in_.Byte() % 16;
    if (state_choice >= 5 && state_choice < 14) {
      fields.push_back(std::string("\"state\": \"") + kStates[state_choice - 5] + "\"");
      state = kStateValues[state_choice - 5];
    } else if (state_choice == 14) {
      fields.push_back(R"("state": "Up")");
      d->valid = false;
    } else if (state_choice == 15) {
      fields.push_back(R"("state": 2)");
      d->valid = false;
    }
    // locked
    bool locked = false;
    const uint8_t locked_choice = in_.Byte() % 8;
    if (locked_choice == 5 || locked_choice == 6) {
      locked = locked_choice == 5;
      fields.push_back(std::string("\"locked\": ") + (locked ? "true" : "false"));
    } else if (locked_choice == 7) {
      fields.push_back(R"("locked": "yes")");
      d->valid = false;
    }
    // dependencies
    std::vector<size_t> dependencies;
    const uint8_t dependencies_choice = in_.Byte() % 8;
    if (dependencies_choice == 3) {
      fields.push_back(R"("dependencies": [])");
    } else if (dependencies_choice >= 4 && dependencies_choice < 7) {
      std::string list = "\"dependencies\": [";
      const size_t count = in_.Byte() % 4;
      for (size_t k = 0; k < count; ++k) {
        if (k > 0) list += ", ";
        const uint8_t pick = in_.Byte();
        if (pick % 16 == 0 || index == 0) {
          list += pick % 2 == 0 ? "\"Nope\"" : "\"" + name + "\"";  // unknown, or itself
          d->valid = false;
        } else if (pick % 16 == 1) {
          list += "1";
          d->valid = false;
        } else {
          const size_t provider = pick % index;
          std::string spelling = d->names[provider];
          if (pick & 0x80) {
            for (char& c : spelling) {
              if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
            }
          }
          list += "\"" + spelling + "\"";
          // The first earlier resource of that name (they are unique when the description is
          // valid); a repeated dependency is one edge.
          for (size_t j = 0; j < index; ++j) {
            if (SameNameUtf8(d->names[j], spelling)) {
              if (std::find(dependencies.begin(), dependencies.end(), j) == dependencies.end()) {
                dependencies.push_back(j);
              }
              break;
            }
          }
        }
      }
      fields.push_back(list + "]");
    } else if (dependencies_choice == 7) {
      fields.push_back(R"("dependencies": "R1")");
      d->valid = false;
    }
    // node and group
    std::string node = "Node1", group = "Cluster Group";
    for (std::string* text : {&node, &group}) {
      const char* key = text == &node ? "node" : "group";
      const uint8_t choice = in_.Byte() % 8;
      if (choice == 5 || choice == 6) {
        *text = choice == 5 ? "Nœud-𝄞" : "";
        fields.push_back(std::string("\"") + key + "\": \"" + *text + "\"");
      } else if (choice == 7) {
        fields.push_back(std::string("\"") + key + "\": 3");
        d->valid = false;
      }
    }
    // offline_action
    uint32_t offline_action = 1;
    const uint8_t action_choice = in_.Byte() % 8;
    if (action_choice == 4) {
      offline_action = in_.Byte() % 4;
      fields.push_back("\"offline_action\": " + std::to_string(offline_action));
    } else if (action_choice > 4) {
      static const char* const kBad[] = {"4", "-1", "\"1\""};
      fields.push_back(std::string("\"offline_action\": ") + kBad[action_choice - 5]);
      d->valid = false;
    }
    if (in_.Byte() % 32 == 0) {
      fields.push_back(R"("nmae": "x")");
      d->valid = false;
    }
    // An Online resource may start only over Online or Failed providers.
    for (size_t provider : dependencies) {
      const ResourceState p = d->states[provider];
      if (state == ResourceState::kOnline && p != ResourceState::kOnline &&
          p != ResourceState::kFailed) {
        d->valid = false;
      }
    }
    d->names.push_back(name);
    d->types.push_back(type);
    d->dependencies.push_back(dependencies);
    d->states.push_back(state);
    d->vm.push_back(vm);
    d->locked.push_back(locked);
    d->nodes.push_back(node);
    d->groups.push_back(group);
    d->offline_actions.push_back(offline_action);
    std::string text = "{";
    for (size_t i = 0; i < fields.size(); ++i) text += (i > 0 ? ", " : "") + fields[i];
    return text + "}";
  }

  // Op 13: mode byte % 8: 0 raw JSON text (two length bytes, then the text); 1 the loader's file
  // errors and the default cluster; 7 a cluster with scripted handlers (ScriptedCluster);
  // otherwise a description generated from the input (Generate), then up to 7 steps on the
  // cluster it describes (DescribedStep).
  // ClusterToJson: the text reads back to a cluster that writes the same text. Only a name that
  // is not UTF-8 (a node or group the generator made so) may keep a cluster from being written.
  static void CheckWrittenDescription(Cluster& cluster, bool names_are_utf8) {
    absl::StatusOr<std::string> written = clusprop::cluster::ClusterToJson(cluster);
    if (!written.ok()) {
      FUZZ_CHECK(!names_are_utf8 &&
                 clusprop::Win32CodeOf(written.status()) == clusprop::kErrorInvalidData);
      return;
    }
    absl::StatusOr<std::unique_ptr<Cluster>> reread = clusprop::cluster::ClusterFromJson(*written);
    FUZZ_CHECK(reread.ok());
    absl::StatusOr<std::string> rewritten = clusprop::cluster::ClusterToJson(**reread);
    FUZZ_CHECK(rewritten.ok() && *rewritten == *written);
  }

  void ConfigOp() {
    const uint8_t mode = in_.Byte() % 8;
    if (mode == 0) {
      size_t length = in_.Byte();
      length |= static_cast<size_t>(in_.Byte() & 3) << 8;
      std::vector<uint8_t> bytes = in_.Bytes(length);
      std::string text(bytes.begin(), bytes.end());
      absl::StatusOr<std::unique_ptr<Cluster>> cluster = clusprop::cluster::ClusterFromJson(text);
      if (!cluster.ok()) {
        FUZZ_CHECK(clusprop::Win32CodeOf(cluster.status()) == clusprop::kErrorInvalidData);
        FUZZ_CHECK(!clusprop::ErrorWhat(cluster.status()).empty());
        return;
      }
      CheckWrittenDescription(**cluster, /*names_are_utf8=*/false);
      for (const std::string& name : (*cluster)->ResourceNames()) {
        std::optional<ResourceStatus> status = (*cluster)->GetStatus(name);
        FUZZ_CHECK(status.has_value() && IsLegal(status->state));
        const uint32_t code = (*cluster)->Online(name);
        FUZZ_CHECK(code == ERROR_SUCCESS || code == ERROR_INVALID_STATE);
        if (code == ERROR_SUCCESS) {
          FUZZ_CHECK((*cluster)->GetStatus(name)->state == ResourceState::kOnline);
        }
      }
      return;
    }
    if (mode == 1) {
      const std::string directory = TemporaryDirectory();
      absl::StatusOr<std::unique_ptr<Cluster>> missing =
          clusprop::cluster::ClusterFromFile(directory + "/clusapi_fuzzer_no_such_file.json");
      FUZZ_CHECK(!missing.ok());
      FUZZ_CHECK(clusprop::Win32CodeOf(missing.status()) == clusprop::kErrorFileNotFound);
      absl::StatusOr<std::unique_ptr<Cluster>> unreadable =
          clusprop::cluster::ClusterFromFile(directory);
      FUZZ_CHECK(!unreadable.ok());
      const uint32_t code = clusprop::Win32CodeOf(unreadable.status());
      FUZZ_CHECK(code == clusprop::kErrorReadFault || code == clusprop::kErrorAccessDenied);
      std::unique_ptr<Cluster> demo = Cluster::CreateDefault();
      FUZZ_CHECK(demo->ResourceNames().size() == 2);
      FUZZ_CHECK(demo->GetStatus("demoresource")->state == ResourceState::kOnline);
      FUZZ_CHECK(demo->GetStatus("VM1")->group == "VM1 Group");
      return;
    }
    if (mode == 7) {
      ScriptedCluster();
      return;
    }
    Description d;
    const std::string text = Generate(&d);
    absl::StatusOr<std::unique_ptr<Cluster>> loaded = clusprop::cluster::ClusterFromJson(text);
    if (!d.valid) {
      FUZZ_CHECK(!loaded.ok());
      FUZZ_CHECK(clusprop::Win32CodeOf(loaded.status()) == clusprop::kErrorInvalidData);
      FUZZ_CHECK(!clusprop::ErrorWhat(loaded.status()).empty());
      return;
    }
    if (!loaded.ok()) {
      std::fprintf(stderr, "rejected: %s\n%s\n", clusprop::FormatError(loaded.status()).c_str(),
                   text.c_str());
    }
    FUZZ_CHECK(loaded.ok());
    Cluster& cluster = **loaded;
    CheckWrittenDescription(cluster, /*names_are_utf8=*/true);
    const size_t n = d.names.size();
    FUZZ_CHECK(cluster.ResourceNames().size() == n);
    for (size_t i = 0; i < n; ++i) {
      std::optional<ResourceStatus> status = cluster.GetStatus(d.names[i]);
      FUZZ_CHECK(status.has_value());
      FUZZ_CHECK(status->state == d.states[i]);
      FUZZ_CHECK(status->node == d.nodes[i] && status->group == d.groups[i]);
      FUZZ_CHECK(status->locked == d.locked[i]);
      FUZZ_CHECK(status->offline_action == d.offline_actions[i]);
      FUZZ_CHECK(status->persistent_online == (d.states[i] != ResourceState::kOffline));
      FUZZ_CHECK(!status->next_offline_action.has_value());
    }
    Handlers handlers;
    for (const std::string& type : d.types) handlers.Add(cluster, type);
    const size_t steps = in_.Byte() % 8;
    for (size_t step = 0; step < steps; ++step) DescribedStep(cluster, d, handlers);
  }

  // A cluster built through the C++ interface, A <- B (a virtual machine) <- C and A <- D, whose
  // handlers fail, report late or never, or throw as the input says (docs/offline.md §5 and §8):
  // up to 8 steps, each setting every resource's outcomes, then an online, an offline, or the late
  // reports of offlines that timed out (which change nothing).
  void ScriptedCluster() {
    const uint8_t setup = in_.Byte();
    Cluster::Options options;
    if (setup & 1) options.policy = clusprop::offline::OfflinePolicy::Lenient();
    const bool infinite = (setup & 6) == 6;  // then every report comes before the handler returns
    options.pending_timeout =
        infinite ? absl::InfiniteDuration() : absl::Milliseconds((setup & 8) != 0 ? 1 : 0);
    auto cluster = std::make_unique<Cluster>(options);
    auto handler = std::make_shared<ScriptedHandler>();
    FUZZ_CHECK(cluster->AddResourceType("Scripted", handler).ok());
    FUZZ_CHECK(cluster->AddResourceType("virtual machine", handler).ok());
    FUZZ_CHECK(clusprop::Win32CodeOf(cluster->AddResourceType("SCRIPTED", handler)) ==
               ERROR_INVALID_PARAMETER);
    FUZZ_CHECK(clusprop::Win32CodeOf(cluster->AddResourceType("x", nullptr)) ==
               ERROR_INVALID_PARAMETER);
    const std::vector<std::string> names = {"A", "B", "C", "D"};
    const std::vector<std::vector<size_t>> dependencies = {{}, {0}, {1}, {0}};
    const bool vm[] = {false, true, false, false};
    for (size_t i = 0; i < names.size(); ++i) {
      clusprop::cluster::ResourceSpec spec;
      spec.name = names[i];
      spec.type = vm[i] ? "Virtual Machine" : "scripted";
      for (size_t provider : dependencies[i]) spec.dependencies.push_back(names[provider]);
      FUZZ_CHECK(cluster->AddResource(spec).ok());
    }
    clusprop::cluster::ResourceSpec bad;
    bad.name = "a";
    bad.type = "Scripted";
    FUZZ_CHECK(!cluster->AddResource(bad).ok());  // a duplicate
    bad.name = "E";
    bad.type = "No Such Type";
    FUZZ_CHECK(!cluster->AddResource(bad).ok());
    bad.type = "Scripted";
    bad.offline_action = 4;
    FUZZ_CHECK(!cluster->AddResource(bad).ok());
    bad.offline_action = 1;
    bad.node = "\xFF";
    FUZZ_CHECK(!cluster->AddResource(bad).ok());  // not UTF-8
    bad.node = "Node1";
    bad.dependencies = {"Z"};
    FUZZ_CHECK(!cluster->AddResource(bad).ok());
    FUZZ_CHECK(cluster->ResourceNames().size() == names.size());

    const size_t steps = in_.Byte() % 8;
    for (size_t step = 0; step < steps; ++step) {
      std::vector<uint8_t> online(names.size());
      std::vector<ScriptedHandler::Outcome> offline(names.size());
      for (size_t i = 0; i < names.size(); ++i) {
        const uint8_t b = in_.Byte();
        online[i] = (b & 3) == 3 ? 0 : b & 3;
        offline[i] = static_cast<ScriptedHandler::Outcome>((b >> 2) % 7);
        if (infinite && offline[i] == ScriptedHandler::kNoReport) {
          offline[i] = ScriptedHandler::kReportSuccess;
        }
        handler->Set(names[i], online[i], offline[i]);
      }
      const uint8_t what = in_.Byte();
      const size_t target = (what >> 2) % names.size();
      cluster->WaitIdle();
      handler->TakeCalls();
      const Snapshot before = ::Take(*cluster, names);
      CallSet expected;
      if (what % 3 == 0) {  // online: providers first; the first failure stops it
        const uint32_t code = cluster->Online(names[target]);
        const Snapshot after = ::Take(*cluster, names);
        const std::vector<std::string> order = handler->TakeOnlineOrder();
        const std::vector<bool> providers = Closure(dependencies, target, false);
        std::vector<int> position(names.size(), -1);  // in the handler calls
        for (size_t k = 0; k < order.size(); ++k) {
          const size_t i =
              static_cast<size_t>(std::find(names.begin(), names.end(), order[k]) - names.begin());
          FUZZ_CHECK(i < names.size() && position[i] < 0);  // once each
          FUZZ_CHECK(providers[i] && before[i].state != ResourceState::kOnline);
          for (size_t provider : dependencies[i]) {
            FUZZ_CHECK(before[provider].state == ResourceState::kOnline || position[provider] >= 0);
          }
          position[i] = static_cast<int>(k);
        }
        for (size_t i = 0; i < names.size(); ++i) {
          const bool last =
              position[i] >= 0 && static_cast<size_t>(position[i]) + 1 == order.size();
          if (position[i] < 0) {
            FUZZ_CHECK(Same(before[i], after[i]));  // not reached, or already Online
            if (providers[i] && before[i].state != ResourceState::kOnline) {
              FUZZ_CHECK(code != ERROR_SUCCESS);
            }
          } else if (last && code != ERROR_SUCCESS) {
            FUZZ_CHECK(after[i].state == ResourceState::kFailed);
            FUZZ_CHECK(code == (online[i] == 1 ? ScriptedHandler::kOnlineError
                                               : clusprop::kErrorInternalError));
          } else {
            FUZZ_CHECK(online[i] == 0);
            FUZZ_CHECK(after[i].state == ResourceState::kOnline && after[i].persistent_online);
          }
        }
        FUZZ_CHECK(code == ERROR_SUCCESS || !order.empty());
        CheckStates(after, dependencies, true);
        continue;
      }
      if (what % 3 == 1) {  // offline
        const DWORD flags = PickFlags(in_) & 7;
        clusprop::offline::OfflineRequest request;
        request.flags = flags;
        const uint32_t code = cluster->OfflineEx(names[target], kFull, request);
        cluster->WaitIdle();
        const Snapshot after = ::Take(*cluster, names);
        const std::vector<bool> dependents = Closure(dependencies, target, true);
        for (size_t i = 0; i < names.size(); ++i) {
          const bool taken = code == ERROR_IO_PENDING && dependents[i] &&
                             before[i].state == ResourceState::kOnline;
          const bool failed_to_offline = (setup & 1) && code == ERROR_SUCCESS && i == target &&
                                         before[i].state == ResourceState::kFailed;
          if (failed_to_offline) {  // lenient: at once, without a handler call
            FUZZ_CHECK(after[i].state == ResourceState::kOffline);
            continue;
          }
          if (!taken) {
            FUZZ_CHECK(Same(before[i], after[i]));
            continue;
          }
          if ((flags & kForce) != 0) {
            FUZZ_CHECK(after[i].state == ResourceState::kOffline);
            expected.emplace(names[i], "terminate");
            continue;
          }
          const bool fails = ScriptedHandler::OfflineFails(offline[i]);
          FUZZ_CHECK(after[i].state == (fails ? ResourceState::kFailed : ResourceState::kOffline));
          expected.emplace(names[i], "offline");
          if (fails && offline[i] != ScriptedHandler::kThrow) {
            expected.emplace(names[i], "terminate");
          }
        }
        switch (before[target].state) {
          case ResourceState::kOnline:
            FUZZ_CHECK(code == ERROR_IO_PENDING);
            break;
          case ResourceState::kOffline:
            FUZZ_CHECK(code == ERROR_SUCCESS);
            break;
          default:  // Failed
            FUZZ_CHECK(code == ((setup & 1) ? ERROR_SUCCESS : ERROR_RESOURCE_FAILED));
            break;
        }
        CheckStates(after, dependencies, true);
        FUZZ_CHECK(handler->TakeCalls() == expected);
        continue;
      }
      // Late reports: ignored.
      for (const auto& complete : handler->TakeLate()) complete(what & 0x80 ? 0 : 5038);
      cluster->WaitIdle();
      const Snapshot after = ::Take(*cluster, names);
      for (size_t i = 0; i < names.size(); ++i) FUZZ_CHECK(Same(before[i], after[i]));
    }
  }

  // One call on a described cluster (idle before and after, so that every check is exact).
  void DescribedStep(Cluster& cluster, const Description& d, const Handlers& handlers) {
    const size_t n = d.names.size();
    const uint8_t choice = in_.Byte() % 6;
    if (n == 0 || choice == 5) {  // unknown names
      const std::string unknown = n == 0 ? "R1" : "NoSuchResource";
      FUZZ_CHECK(!cluster.GetStatus(unknown).has_value());
      FUZZ_CHECK(cluster.Online(unknown) == ERROR_RESOURCE_NOT_FOUND);
      FUZZ_CHECK(cluster.OfflineEx(unknown, kFull, clusprop::offline::OfflineRequest()) ==
                 ERROR_RESOURCE_NOT_FOUND);
      FUZZ_CHECK(cluster.Check(unknown, kFull, clusprop::offline::OfflineRequest()).code ==
                 ERROR_RESOURCE_NOT_FOUND);
      FUZZ_CHECK(clusprop::Win32CodeOf(cluster.SetLocked(unknown, true)) ==
                 ERROR_RESOURCE_NOT_FOUND);
      FUZZ_CHECK(clusprop::Win32CodeOf(cluster.SetNextOfflineAction(unknown, 1)) ==
                 ERROR_RESOURCE_NOT_FOUND);
      return;
    }
    const size_t target = in_.Byte() % n;
    const std::string& name = d.names[target];
    cluster.WaitIdle();
    const Snapshot before = ::Take(cluster, d.names);
    const std::vector<std::vector<RecordingHandler::Call>> calls_before = handlers.Calls();
    std::vector<CallSet> calls(handlers.handlers.size());
    switch (choice) {
      case 0: {  // online: providers first
        const uint32_t code = cluster.Online(name);
        const Snapshot after = ::Take(cluster, d.names);
        const std::vector<bool> providers = Closure(d.dependencies, target, false);
        // Pending or initializing (docs/offline.md §8) is 5023; Unknown and Inherited, which
        // the rules do not name, may be either.
        bool pending = false, odd = false;
        for (size_t i = 0; i < n; ++i) {
          if (!providers[i]) continue;
          const ResourceState state = before[i].state;
          odd = odd || state == ResourceState::kUnknown || state == ResourceState::kInherited;
          pending = pending || state == ResourceState::kInitializing ||
                    state == ResourceState::kPending || state == ResourceState::kOnlinePending ||
                    state == ResourceState::kOfflinePending;
        }
        if (pending) {
          FUZZ_CHECK(code == ERROR_INVALID_STATE);
        } else if (odd) {
          FUZZ_CHECK(code == ERROR_SUCCESS || code == ERROR_INVALID_STATE);
        } else {
          FUZZ_CHECK(code == ERROR_SUCCESS);
        }
        for (size_t i = 0; i < n; ++i) {
          if (code != ERROR_SUCCESS || !providers[i] || before[i].state == ResourceState::kOnline) {
            FUZZ_CHECK(Same(before[i], after[i]));
          } else {
            FUZZ_CHECK(after[i].state == ResourceState::kOnline && after[i].persistent_online);
            calls[handlers.of[i]].emplace(d.names[i], "online");
          }
        }
        handlers.Check(calls_before, calls);
        return;
      }
      case 1:
      case 2: {  // offline: Check() and OfflineEx() agree; rejected changes nothing
        const DWORD access = (in_.Byte() & 7) == 0 ? CLUSAPI_READ_ACCESS : kFull;
        const DWORD flags = PickFlags(in_);
        const DWORD reason = PickReason(in_);
        clusprop::offline::OfflineRequest request;
        request.flags = flags;
        request.reason = reason;
        Buffer buffer = PickBuffer(in_);
        request.in_buffer = buffer.data();
        request.in_buffer_size = buffer.size;
        const clusprop::offline::OfflineDecision decision = cluster.Check(name, access, request);
        const uint32_t code = cluster.OfflineEx(name, access, request);
        cluster.WaitIdle();
        const Snapshot after = ::Take(cluster, d.names);
        if (decision.take_failed_offline) {
          FUZZ_CHECK(d.lenient && before[target].state == ResourceState::kFailed);
          FUZZ_CHECK(code == ERROR_SUCCESS || code == ERROR_IO_PENDING);
        } else if (decision.dispatch()) {
          FUZZ_CHECK(code == ERROR_IO_PENDING);
          FUZZ_CHECK(before[target].state == ResourceState::kOnline);
        } else {
          FUZZ_CHECK(code == decision.code);
          FUZZ_CHECK(code != ERROR_IO_PENDING);
          if (code == ERROR_SUCCESS) FUZZ_CHECK(before[target].state == ResourceState::kOffline);
          if (code == ERROR_RESOURCE_FAILED) {
            FUZZ_CHECK(!d.lenient && before[target].state == ResourceState::kFailed);
          }
          for (size_t i = 0; i < n; ++i) FUZZ_CHECK(Same(before[i], after[i]));
          handlers.Check(calls_before, calls);  // no handler was called
          return;
        }
        // The buffer's instruction, when the target takes one and it is known.
        std::optional<uint32_t> buffer_action;
        bool unknown_instruction = false;
        if (d.vm[target] && buffer.data() != nullptr) {
          buffer_action = buffer.vm_action;
          unknown_instruction = buffer.kind == Buffer::kRaw;
        }
        const std::vector<bool> dependents = Closure(d.dependencies, target, true);
        for (size_t i = 0; i < n; ++i) {
          const bool taken =
              dependents[i] && (i == target || before[i].state == ResourceState::kOnline);
          if (!taken) {
            FUZZ_CHECK(Same(before[i], after[i]));
            continue;
          }
          FUZZ_CHECK(after[i].state == ResourceState::kOffline);
          FUZZ_CHECK(after[i].persistent_online ==
                     ((flags & kKeepPersistent) != 0 && before[i].persistent_online));
          if (i != target) {
            FUZZ_CHECK(!after[i].next_offline_action.has_value());
          } else if (buffer_action) {
            FUZZ_CHECK(after[i].next_offline_action == before[i].next_offline_action);
          } else if (!unknown_instruction && !decision.take_failed_offline) {
            FUZZ_CHECK(!after[i].next_offline_action.has_value());
          }
          if (i == target && decision.take_failed_offline) continue;  // its handler is not called
          calls[handlers.of[i]].emplace(
              d.names[i],
              ExpectedCall(flags, reason, d.vm[i], i == target ? buffer_action : std::nullopt,
                           before[i].next_offline_action, d.offline_actions[i]));
        }
        if (!unknown_instruction) handlers.Check(calls_before, calls);
        return;
      }
      case 3: {  // locked mode
        const bool locked = (in_.Byte() & 1) != 0;
        FUZZ_CHECK(cluster.SetLocked(name, locked).ok());
        FUZZ_CHECK(cluster.GetStatus(name)->locked == locked);
        return;
      }
      default: {  // 4: the next offline action
        const uint8_t b = in_.Byte();
        const uint32_t action = b < 0xC0 ? b & 3 : b;
        const absl::Status status = cluster.SetNextOfflineAction(name, action);
        const uint32_t expected = !d.vm[target] ? ERROR_INVALID_FUNCTION
                                  : action > 3  ? ERROR_INVALID_PARAMETER
                                                : ERROR_SUCCESS;
        FUZZ_CHECK(clusprop::Win32CodeOf(status) == expected);
        const std::optional<ResourceStatus> after = cluster.GetStatus(name);
        FUZZ_CHECK(
            after->next_offline_action ==
            (status.ok() ? std::optional<uint32_t>(action) : before[target].next_offline_action));
        return;
      }
    }
  }

  World& world_;
  Input in_;
  std::vector<void*> pool_;
  std::map<void*, Live> live_;  // the handles this program opened and has not closed
  std::set<void*> ever_;        // every handle value returned during this input
  bool busy_ = false;           // an accepted offline may still be running
  Snapshot last_;               // the cluster after the current op
  bool last_idle_ = false;      // ... taken while no offline could be running
  bool observed_ = false;       // the current op took it
};

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  Setup();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Setup();  // the standalone replayer does not call LLVMFuzzerInitialize
  Program(Input(data, size)).Run();
  return 0;
}
