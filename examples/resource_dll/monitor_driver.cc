// A resource monitor in miniature for clusprop_vm_resource.dll: it loads the DLL (LoadLibrary,
// then StartupEx with a table of monitor callbacks), opens a "Virtual Machine" resource and
// drives its OfflineV2 as the cluster service would for a series of OfflineClusterResourceEx
// requests, checking what each call returns and what the DLL reports. Exit status 0 when every
// request behaved as expected.
//
// For each request the monitor first applies the offline rules before anything is dispatched
// (clusprop::offline::DecideOffline: flags, reason, buffer, instruction, compatibility); a
// rejected request goes back to the caller and the DLL is not called. An accepted one is
// translated (TranslateToResDll): FORCE_WITH_TERMINATION becomes a call to Terminate, anything
// else a call to OfflineV2 with the DLL's flags and the reason in Reserved, followed by a wait
// for the DLL's status reports. A few requests go to OfflineV2 directly, to show that the DLL
// rejects by itself what it must not trust.
//
// Usage: monitor_driver [path of clusprop_vm_resource.dll]

#include <chrono>
#include <condition_variable>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clusprop/win32_error.h"
#include "clusprop/writer.h"
#include "examples/resource_dll/resapi_include.h"
#include "offline/flags.h"
#include "offline/instruction.h"
#include "offline/policy.h"

namespace {

// What the DLL told the monitor through its callbacks.
struct Reports {
  std::mutex mu;
  std::condition_variable changed;
  std::vector<std::pair<CLUSTER_RESOURCE_STATE, DWORD>> statuses;  // state, CheckPoint
  std::vector<std::string> log;
};
Reports g_reports;

DWORD WINAPI OnSetResourceStatusEx(RESOURCE_HANDLE /*handle*/, PRESOURCE_STATUS_EX status) {
  std::lock_guard<std::mutex> lock(g_reports.mu);
  g_reports.statuses.emplace_back(status->ResourceState, status->CheckPoint);
  g_reports.changed.notify_all();
  return ERROR_SUCCESS;
}

VOID WINAPI OnLogEvent(RESOURCE_HANDLE /*handle*/, LOG_LEVEL /*level*/, LPCWSTR format, ...) {
  wchar_t text[1024];
  va_list args;
  va_start(args, format);
  int n = _vsnwprintf(text, 1023, format, args);
  va_end(args);
  text[n < 0 ? 1023 : n] = 0;
  std::string narrow;
  for (const wchar_t* c = text; *c != 0 && *c != L'\n'; ++c) {
    narrow.push_back(*c < 0x80 ? static_cast<char>(*c) : '?');
  }
  std::lock_guard<std::mutex> lock(g_reports.mu);
  g_reports.log.push_back(narrow);
}

DWORD WINAPI OnSetResourceLockedMode(RESOURCE_HANDLE, BOOL, DWORD) { return ERROR_SUCCESS; }
DWORD WINAPI OnSignalFailure(RESOURCE_HANDLE, BOOL, DWORD) { return ERROR_SUCCESS; }
DWORD WINAPI OnSetInMemoryNodeLocalProperties(RESOURCE_HANDLE, unsigned char*, DWORD) {
  return ERROR_SUCCESS;
}

const char* StateName(CLUSTER_RESOURCE_STATE state) {
  switch (state) {
    case ClusterResourceOnline:
      return "Online";
    case ClusterResourceOffline:
      return "Offline";
    case ClusterResourceOfflinePending:
      return "OfflinePending";
    case ClusterResourceFailed:
      return "Failed";
    default:
      return "?";
  }
}

// The "Virtual Machine" instruction for `action` (0 TurnOff, 1 Save, ...), as a client sends it.
std::vector<uint8_t> Instruction(uint32_t action) {
  clusprop::PropertyListWriter writer(clusprop::WriteOptions{.trailing_endmark = false});
  writer.BeginProperty(clusprop::offline::kVirtualMachineType).AddDword(action);
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
  return std::vector<uint8_t>(bytes->begin(), bytes->end());
}

struct Request {
  const char* what;
  uint32_t api_flags = 0;  // CLUSAPI_RESOURCE_OFFLINE_*
  uint32_t reason = 0;     // CLUSAPI_RESOURCE_OFFLINE_REASON_*
  std::vector<uint8_t> buffer;
  bool straight_to_dll = false;  // skip the monitor's checks: OfflineV2 gets api_flags as is

  // Expected:
  DWORD code;                          // what the caller gets back
  CLUSTER_RESOURCE_STATE final_state;  // the resource's state once settled
  std::string action;                  // "Save", "TurnOff", "terminated", or "" (none)
};

class Monitor {
 public:
  Monitor(PCLRES_FUNCTION_TABLE table, RESID resource) : table_(table), resource_(resource) {}

  // Runs one request; true when everything matched the expectations. Prints one paragraph.
  bool Run(const Request& request) {
    Reset();
    std::printf("%s\n", request.what);
    DWORD code;
    std::string path;
    if (request.straight_to_dll) {
      code = CallOfflineV2(request.api_flags, request.reason, request.buffer);
      path = absl::StrCat("OfflineV2 called directly (flags 0x", absl::Hex(request.api_flags),
                          ", Reserved = reason ", request.reason, ")");
    } else {
      code = Dispatch(request, &path);
    }
    if (code == ERROR_IO_PENDING) WaitSettled();
    CLUSTER_RESOURCE_STATE state = state_;
    std::string action = PerformedAction();

    std::printf("  %s\n  returns %lu (%s)\n", path.c_str(), static_cast<unsigned long>(code),
                clusprop::Win32ErrorName(code).c_str());
    PrintReports();
    std::printf("  resource: %s\n", StateName(state));
    bool ok = code == request.code && state == request.final_state && action == request.action;
    if (!ok) {
      std::printf("  MISMATCH: expected %lu, %s, action \"%s\"; got action \"%s\"\n",
                  static_cast<unsigned long>(request.code), StateName(request.final_state),
                  request.action.c_str(), action.c_str());
    }
    Restore();
    return ok;
  }

 private:
  // What the cluster service does with an OfflineClusterResourceEx request.
  DWORD Dispatch(const Request& request, std::string* path) {
    static const auto decoder = clusprop::offline::VirtualMachineDecoder();
    clusprop::offline::OfflineRequest api;
    api.flags = request.api_flags;
    api.reason = request.reason;
    api.in_buffer = request.buffer.empty() ? nullptr : request.buffer.data();
    api.in_buffer_size = static_cast<uint32_t>(request.buffer.size());
    clusprop::offline::ResourceFacts facts;  // full access, not locked, Online
    clusprop::offline::OfflineDecision decision = clusprop::offline::DecideOffline(
        api, facts, decoder.get(), clusprop::offline::OfflinePolicy::Strict());
    if (!decision.dispatch()) {
      *path = "the monitor rejects it before dispatch, the DLL is not called: " +
              clusprop::FormatError(decision.status);
      return decision.code;
    }
    clusprop::offline::ResDllOffline dll =
        clusprop::offline::TranslateToResDll(decision.flags, decision.reason);
    if (dll.terminate) {
      *path = "FORCE_WITH_TERMINATION: the monitor calls Terminate";
      table_->V2Functions.Terminate(resource_);
      state_ = ClusterResourceOffline;
      return ERROR_SUCCESS;
    }
    *path = absl::StrCat("the monitor calls OfflineV2(flags 0x", absl::Hex(dll.flags.bits()),
                         ", Reserved = reason ", static_cast<uint32_t>(dll.reason), ")");
    return CallOfflineV2(dll.flags.bits(), static_cast<uint32_t>(dll.reason), request.buffer);
  }

  DWORD CallOfflineV2(DWORD flags, DWORD reason, const std::vector<uint8_t>& buffer) {
    std::vector<uint8_t> copy = buffer;  // OfflineV2 takes a non-const PBYTE
    DWORD code =
        table_->V2Functions.Offline(resource_, nullptr, flags, copy.empty() ? nullptr : copy.data(),
                                    static_cast<DWORD>(copy.size()), reason);
    if (code == ERROR_SUCCESS) state_ = ClusterResourceOffline;
    if (code == ERROR_IO_PENDING) state_ = ClusterResourceOfflinePending;
    return code;
  }

  // Waits for the DLL to report Offline (or for 10 s).
  void WaitSettled() {
    std::unique_lock<std::mutex> lock(g_reports.mu);
    g_reports.changed.wait_for(lock, std::chrono::seconds(10), [] {
      return !g_reports.statuses.empty() &&
             g_reports.statuses.back().first == ClusterResourceOffline;
    });
    if (!g_reports.statuses.empty()) state_ = g_reports.statuses.back().first;
  }

  // The action the DLL logged as done, or "terminated", or "".
  std::string PerformedAction() {
    std::lock_guard<std::mutex> lock(g_reports.mu);
    for (const std::string& line : g_reports.log) {
      size_t at = line.find(": ");
      std::string text = at == std::string::npos ? line : line.substr(at + 2);
      if (text == "terminated") return text;
      if (text.size() > 5 && text.compare(text.size() - 5, 5, " done") == 0) {
        return text.substr(0, text.size() - 5);
      }
    }
    return "";
  }

  void PrintReports() {
    std::lock_guard<std::mutex> lock(g_reports.mu);
    for (const std::string& line : g_reports.log) std::printf("  DLL log: %s\n", line.c_str());
    if (g_reports.statuses.empty()) return;
    std::printf("  SetResourceStatusEx:");
    for (const auto& [state, checkpoint] : g_reports.statuses) {
      std::printf(" %s(%lu)", StateName(state), static_cast<unsigned long>(checkpoint));
    }
    std::printf("\n");
  }

  void Reset() {
    std::lock_guard<std::mutex> lock(g_reports.mu);
    g_reports.statuses.clear();
    g_reports.log.clear();
  }

  // Brings the resource back Online for the next request.
  void Restore() {
    if (state_ != ClusterResourceOnline) {
      HANDLE event = nullptr;
      table_->V2Functions.Online(resource_, &event, 0, nullptr, 0, 0);
      state_ = ClusterResourceOnline;
    }
    std::printf("\n");
  }

  PCLRES_FUNCTION_TABLE table_;
  RESID resource_;
  CLUSTER_RESOURCE_STATE state_ = ClusterResourceOnline;
};

// A property list of one DWORD property.
std::vector<uint8_t> DwordList(const char* name, uint32_t value) {
  clusprop::PropertyListWriter writer;
  writer.BeginProperty(name).AddDword(value);
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
  return std::vector<uint8_t>(bytes->begin(), bytes->end());
}

// The DLL's ResourceControl for private properties, whose values live in the cluster: what it
// stores is what the cluster's own ClusterResourceControl reports. Returns the failures.
int CheckPrivateProperties(PCLRES_FUNCTION_TABLE table, RESID vm, HRESOURCE vm1) {
  int failures = 0;
  const auto control = [&](DWORD code, std::vector<uint8_t> in, std::vector<uint8_t>* out) {
    out->assign(256, 0);
    DWORD returned = 0;
    DWORD status = table->V2Functions.ResourceControl(vm, code, in.empty() ? nullptr : in.data(),
                                                      static_cast<DWORD>(in.size()), out->data(),
                                                      static_cast<DWORD>(out->size()), &returned);
    out->resize(status == ERROR_SUCCESS ? returned : 0);
    return status;
  };
  const auto cluster_view = [&] {
    std::vector<uint8_t> out(256);
    DWORD returned = 0;
    DWORD status = ClusterResourceControl(vm1, nullptr, CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES,
                                          nullptr, 0, out.data(), 256, &returned);
    out.resize(status == ERROR_SUCCESS ? returned : 0);
    return out;
  };
  const auto expect = [&](const char* what, bool ok) {
    std::printf("%s\n  %s\n\n", what, ok ? "as expected" : "UNEXPECTED");
    failures += ok ? 0 : 1;
  };
  std::vector<uint8_t> out;
  DWORD status = control(CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES, {}, &out);
  expect("11. ResourceControl GET_PRIVATE_PROPERTIES: OfflineAction 1, as the cluster says",
         status == ERROR_SUCCESS && out == DwordList("OfflineAction", 1) && out == cluster_view());
  status = control(CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, DwordList("OfflineAction", 2), &out);
  expect("12. ResourceControl SET_PRIVATE_PROPERTIES OfflineAction = 2: stored in the cluster",
         status == ERROR_SUCCESS && cluster_view() == DwordList("OfflineAction", 2));
  DWORD out_of_range =
      control(CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, DwordList("OfflineAction", 5), &out);
  DWORD validate =
      control(CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES, DwordList("OfflineAction", 9), &out);
  expect("13. SET OfflineAction = 5 and VALIDATE 9: 87, nothing stored",
         out_of_range == ERROR_INVALID_PARAMETER && validate == ERROR_INVALID_PARAMETER &&
             cluster_view() == DwordList("OfflineAction", 2));
  status = control(CLUSCTL_RESOURCE_ENUM_PRIVATE_PROPERTIES, {}, &out);
  const wchar_t names[] = L"OfflineAction\0";  // a MULTI_SZ: one name, then one more NUL
  const bool listed = status == ERROR_SUCCESS && out.size() == sizeof(names) &&
                      std::memcmp(out.data(), names, sizeof(names)) == 0;
  DWORD unknown = control(CLUSCTL_RESOURCE_GET_CHARACTERISTICS, {}, &out);
  expect("14. ENUM_PRIVATE_PROPERTIES: \"OfflineAction\"; another code: ERROR_INVALID_FUNCTION",
         listed && unknown == ERROR_INVALID_FUNCTION);
  return failures;
}

}  // namespace

int main(int argc, char** argv) {
  const char* dll_path = argc > 1 ? argv[1] : "clusprop_vm_resource.dll";
  HMODULE dll = LoadLibraryA(dll_path);
  if (dll == nullptr) {
    std::fprintf(stderr, "cannot load %s: error %lu\n", dll_path, GetLastError());
    return 1;
  }
  auto startup = reinterpret_cast<PSTARTUP_EX_ROUTINE>(
      reinterpret_cast<void*>(GetProcAddress(dll, STARTUP_EX_ROUTINE)));
  if (startup == nullptr) {
    std::fprintf(stderr, "%s exports no %s\n", dll_path, STARTUP_EX_ROUTINE);
    return 1;
  }

  static CLRES_CALLBACK_FUNCTION_TABLE callbacks = {OnLogEvent, OnSetResourceStatusEx,
                                                    OnSetResourceLockedMode, OnSignalFailure,
                                                    OnSetInMemoryNodeLocalProperties};
  PCLRES_FUNCTION_TABLE table = nullptr;
  DWORD code =
      startup(L"Virtual Machine", CLRES_VERSION_V1_00, CLRES_VERSION_V2_00, &callbacks, &table);
  std::printf(
      "LoadLibrary(%s), StartupEx(\"Virtual Machine\") -> %lu, function table version "
      "0x%lx\n",
      dll_path, code, table != nullptr ? table->Version : 0ul);
  if (code != ERROR_SUCCESS || table == nullptr || table->Version != CLRES_VERSION_V2_00) return 1;
  PCLRES_FUNCTION_TABLE other = nullptr;
  DWORD wrong_type =
      startup(L"Physical Disk", CLRES_VERSION_V1_00, CLRES_VERSION_V2_00, &callbacks, &other);
  std::printf("StartupEx(\"Physical Disk\") -> %lu (%s)\n\n", wrong_type,
              clusprop::Win32ErrorName(wrong_type).c_str());
  if (wrong_type != ERROR_MOD_NOT_FOUND) return 1;

  // The resource's key comes from the cluster: clusapi.dll, the embedded cluster's (its VM1).
  HCLUSTER cluster = OpenCluster(nullptr);
  HRESOURCE vm1 = cluster != nullptr ? OpenClusterResource(cluster, L"VM1") : nullptr;
  HKEY vm1_key = vm1 != nullptr ? GetClusterResourceKey(vm1, KEY_ALL_ACCESS) : nullptr;
  if (vm1_key == nullptr) {
    std::fprintf(stderr, "the embedded cluster's VM1: error %lu\n", GetLastError());
    return 1;
  }
  RESID vm = table->V2Functions.Open(L"VM1", vm1_key, reinterpret_cast<RESOURCE_HANDLE>(1), 0);
  if (vm == nullptr) {
    std::fprintf(stderr, "Open(VM1): error %lu\n", GetLastError());
    return 1;
  }
  HANDLE event = nullptr;
  table->V2Functions.Online(vm, &event, 0, nullptr, 0, 0);

  using clusprop::offline::VmOfflineAction;
  const std::vector<uint8_t> save = Instruction(static_cast<uint32_t>(VmOfflineAction::kSave));
  const std::vector<uint8_t> turn_off =
      Instruction(static_cast<uint32_t>(VmOfflineAction::kTurnOff));
  std::vector<uint8_t> malformed = save;
  malformed[4] = 0x07;  // the name's syntax DWORD no longer says NAME: not a property list
  constexpr uint32_t kForce = 0x2;           // CLUSAPI_RESOURCE_OFFLINE_FORCE_WITH_TERMINATION
  constexpr uint32_t kBeingDeleted = 0x8;    // CLUSAPI_RESOURCE_OFFLINE_REASON_BEING_DELETED
  constexpr uint32_t kNotResDllFlag = 0x80;  // outside CLUS_RESDLL_OFFLINE_*

  const std::vector<Request> requests = {
      {"1. Save instruction", 0, 0, save, false, ERROR_IO_PENDING, ClusterResourceOffline, "Save"},
      {"2. TurnOff instruction", 0, 0, turn_off, false, ERROR_IO_PENDING, ClusterResourceOffline,
       "TurnOff"},
      {"3. No instruction: the resource's OfflineAction",
       0,
       0,
       {},
       false,
       ERROR_IO_PENDING,
       ClusterResourceOffline,
       "Save"},
      {"4. FORCE_WITH_TERMINATION + Save", kForce, 0, save, false, ERROR_INVALID_PARAMETER,
       ClusterResourceOnline, ""},
      {"5. FORCE_WITH_TERMINATION + TurnOff", kForce, 0, turn_off, false, ERROR_SUCCESS,
       ClusterResourceOffline, "terminated"},
      {"6. Malformed buffer", 0, 0, malformed, false, ERROR_INVALID_DATA, ClusterResourceOnline,
       ""},
      {"7. Malformed buffer, straight to OfflineV2", 0, 0, malformed, true, ERROR_INVALID_DATA,
       ClusterResourceOnline, ""},
      {"8. Save with reason BEING_DELETED, straight to OfflineV2", 0, kBeingDeleted, save, true,
       ERROR_INVALID_PARAMETER, ClusterResourceOnline, ""},
      {"9. Flag 0x80 (not an OfflineV2 flag), straight to OfflineV2", kNotResDllFlag, 0, save, true,
       ERROR_INVALID_PARAMETER, ClusterResourceOnline, ""},
  };

  Monitor monitor(table, vm);
  int failures = 0;
  for (const Request& request : requests) failures += monitor.Run(request) ? 0 : 1;

  // A resource that is offline already has nothing to do: OfflineV2 says so at once.
  table->V2Functions.Terminate(vm);
  std::vector<uint8_t> save_copy = save;
  DWORD again = table->V2Functions.Offline(vm, nullptr, 0, save_copy.data(),
                                           static_cast<DWORD>(save_copy.size()), 0);
  std::printf("%zu. Save while offline already, straight to OfflineV2\n  returns %lu (%s)\n\n",
              requests.size() + 1, again, clusprop::Win32ErrorName(again).c_str());
  if (again != ERROR_SUCCESS) ++failures;

  failures += CheckPrivateProperties(table, vm, vm1);
  table->V2Functions.Online(vm, &event, 0, nullptr, 0, 0);
  const bool shutdown = monitor.Run({"15. No instruction after SET OfflineAction = 2",
                                     0,
                                     0,
                                     {},
                                     false,
                                     ERROR_IO_PENDING,
                                     ClusterResourceOffline,
                                     "Shutdown"});
  failures += shutdown ? 0 : 1;

  table->V2Functions.Close(vm);
  FreeLibrary(dll);
  ClusterRegCloseKey(vm1_key);
  CloseClusterResource(vm1);
  CloseCluster(cluster);
  std::printf("%zu requests, %d unexpected\n", requests.size() + 6, failures);
  return failures == 0 ? 0 : 1;
}
