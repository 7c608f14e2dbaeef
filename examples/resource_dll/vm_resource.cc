// clusprop_vm_resource.dll: a resource DLL for a "Virtual Machine"-like resource type, whose
// OfflineV2 takes offline instructions through clusprop's resource-DLL helper.
//
// It exports StartupEx (resource DLL interface version 2). OfflineV2:
//   1. checks everything before starting anything, with clusprop::offline::InterpretOfflineV2:
//      the OfflineV2 flags (CLUS_RESDLL_OFFLINE_*), the buffer (a CLUSPROP property list), the
//      "Virtual Machine" instruction in it and the compatibility rules. A rejected request
//      returns its Win32 code (87, 13, ...) and changes nothing;
//   2. starts a worker that carries out the action (the instruction's, else the resource's
//      OfflineAction: Save), reports OfflinePending with a rising CheckPoint and then Offline
//      through the monitor's SetResourceStatusEx, and returns ERROR_IO_PENDING.
// The offline reason is read from OfflineV2's Reserved argument, the channel this project's
// monitor uses (the real one is undocumented). FORCE_WITH_TERMINATION never arrives
// here: the monitor carries it out by calling Terminate.
//
// RESOURCE_STATUS_EX has MinGW-w64's layout here (ResourceState, CheckPoint, EventHandle,
// ApplicationSpecificErrorCode, Flags). The Windows SDK's adds a WaitHint, which a build against
// the SDK should set too.

#include <atomic>
#include <cwchar>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>

#include "clusprop/win32_error.h"
#include "examples/resource_dll/resapi_include.h"
#include "examples/resource_dll/vm_properties.h"
#include "offline/instruction.h"
#include "offline/policy.h"
#include "offline/resdll_helper.h"

namespace {

using clusprop::offline::VmOfflineAction;

constexpr wchar_t kResourceType[] = L"Virtual Machine";

PCLRES_CALLBACK_FUNCTION_TABLE g_monitor = nullptr;

struct VmResource {
  std::wstring name;
  RESOURCE_HANDLE handle = nullptr;
  HKEY parameters = nullptr;  // the Parameters subkey of the resource's key, if Open had one

  std::mutex mu;                 // guards params, state and worker
  VmPrivateProperties params{};  // OfflineAction: what an offline with no instruction does
  CLUSTER_RESOURCE_STATE state = ClusterResourceOffline;
  std::thread worker;
  std::atomic<bool> stop{false};  // set by Terminate: the worker gives up at its next step

  void JoinWorker() {
    if (worker.joinable()) worker.join();
  }
};

VmResource* ResourceOf(RESID id) { return static_cast<VmResource*>(id); }

void Log(const VmResource& resource, LOG_LEVEL level, const std::string& text) {
  std::wstring wide(text.begin(), text.end());  // the messages are ASCII
  g_monitor->LogEvent(resource.handle, level, L"%ls: %ls\n", resource.name.c_str(), wide.c_str());
}

void ReportStatus(const VmResource& resource, CLUSTER_RESOURCE_STATE state, DWORD checkpoint) {
  RESOURCE_STATUS_EX status{};
  status.ResourceState = state;
  status.CheckPoint = checkpoint;
  g_monitor->SetResourceStatusEx(resource.handle, &status);
}

const char* ActionName(uint32_t action) {
  switch (static_cast<VmOfflineAction>(action)) {
    case VmOfflineAction::kTurnOff:
      return "TurnOff";
    case VmOfflineAction::kSave:
      return "Save";
    case VmOfflineAction::kShutdown:
      return "Shutdown";
    case VmOfflineAction::kShutdownForce:
      return "ShutdownForce";
  }
  return "?";
}

// The steps a simulated VM takes for each action: saving memory takes longest, turning off
// is immediate.
int StepsOf(uint32_t action) {
  switch (static_cast<VmOfflineAction>(action)) {
    case VmOfflineAction::kSave:
      return 3;
    case VmOfflineAction::kShutdown:
    case VmOfflineAction::kShutdownForce:
      return 2;
    case VmOfflineAction::kTurnOff:
      break;
  }
  return 1;
}

// The worker: one OfflinePending report per step, then Offline.
void CarryOut(VmResource* resource, uint32_t action) {
  int steps = StepsOf(action);
  for (int step = 1; step <= steps; ++step) {
    if (resource->stop.load()) return;  // terminated: Terminate has set the state
    ReportStatus(*resource, ClusterResourceOfflinePending, step);
    Sleep(5);
  }
  {
    std::lock_guard<std::mutex> lock(resource->mu);
    if (resource->stop.load()) return;
    resource->state = ClusterResourceOffline;
  }
  Log(*resource, LOG_INFORMATION, std::string(ActionName(action)) + " done");
  ReportStatus(*resource, ClusterResourceOffline, steps + 1);
}

// Opens the resource and reads its private properties from the Parameters subkey of
// ResourceKey (made if missing); without a key, the defaults. NULL and SetLastError on failure.
RESID WINAPI VmOpen(LPCWSTR ResourceName, HKEY ResourceKey, RESOURCE_HANDLE ResourceHandle,
                    DWORD /*OpenFlags*/) {
  auto resource = std::make_unique<VmResource>();
  resource->name = ResourceName != nullptr ? ResourceName : L"";
  resource->handle = ResourceHandle;
  DWORD status = ERROR_SUCCESS;
  if (ResourceKey != nullptr) {
    status = static_cast<DWORD>(ClusterRegCreateKey(ResourceKey, L"Parameters",
                                                    REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS,
                                                    nullptr, &resource->parameters, nullptr));
  }
  if (status == ERROR_SUCCESS) {
    status = VmReadPrivateProperties(resource->parameters, &resource->params);
  }
  if (status != ERROR_SUCCESS) {
    if (resource->parameters != nullptr) ClusterRegCloseKey(resource->parameters);
    SetLastError(status);
    return nullptr;
  }
  return resource.release();
}

VOID WINAPI VmClose(RESID Resource) {
  VmResource* resource = ResourceOf(Resource);
  resource->JoinWorker();
  if (resource->parameters != nullptr) ClusterRegCloseKey(resource->parameters);
  delete resource;
}

DWORD WINAPI VmOnline(RESID Resource, LPHANDLE EventHandle, DWORD /*OnlineFlags*/,
                      PBYTE /*InBuffer*/, DWORD /*InBufferSize*/, DWORD /*Reserved*/) {
  VmResource* resource = ResourceOf(Resource);
  std::lock_guard<std::mutex> lock(resource->mu);
  if (resource->state == ClusterResourceOfflinePending) return ERROR_INVALID_STATE;
  resource->JoinWorker();
  resource->stop.store(false);
  resource->state = ClusterResourceOnline;
  if (EventHandle != nullptr) *EventHandle = nullptr;
  return ERROR_SUCCESS;
}

DWORD WINAPI VmOffline(RESID Resource, LPCWSTR DestinationNodeName, DWORD OfflineFlags,
                       PBYTE InBuffer, DWORD InBufferSize, DWORD Reserved) {
  static const auto decoder = clusprop::offline::VirtualMachineDecoder();
  static const auto policy = clusprop::offline::OfflinePolicy::Strict();
  VmResource* resource = ResourceOf(Resource);

  absl::StatusOr<clusprop::offline::OfflineV2Request> request =
      clusprop::offline::InterpretOfflineV2(
          {reinterpret_cast<const char16_t*>(DestinationNodeName), OfflineFlags, InBuffer,
           InBufferSize, /*reason=*/Reserved},
          decoder.get(), policy);
  if (!request.ok()) {
    Log(*resource, LOG_ERROR, "OfflineV2 rejected: " + clusprop::FormatError(request.status()));
    return clusprop::Win32CodeOf(request.status());
  }

  std::lock_guard<std::mutex> lock(resource->mu);
  if (resource->state == ClusterResourceOffline) return ERROR_SUCCESS;  // offline already
  if (resource->state != ClusterResourceOnline) return ERROR_INVALID_STATE;
  uint32_t action =
      request->instruction ? request->instruction->action : resource->params.OfflineAction;
  Log(*resource, LOG_INFORMATION,
      std::string("OfflineV2: ") + ActionName(action) +
          (request->instruction ? " (instruction)" : " (OfflineAction)"));
  resource->JoinWorker();
  resource->stop.store(false);
  resource->state = ClusterResourceOfflinePending;
  resource->worker = std::thread(CarryOut, resource, action);
  return ERROR_IO_PENDING;
}

VOID WINAPI VmTerminate(RESID Resource) {
  VmResource* resource = ResourceOf(Resource);
  resource->stop.store(true);
  resource->JoinWorker();
  std::lock_guard<std::mutex> lock(resource->mu);
  resource->state = ClusterResourceOffline;
  Log(*resource, LOG_INFORMATION, "terminated");
}

BOOL WINAPI VmIsAlive(RESID Resource) {
  VmResource* resource = ResourceOf(Resource);
  std::lock_guard<std::mutex> lock(resource->mu);
  return resource->state == ClusterResourceOnline;
}

// The private-property codes (vm_properties.cc); any other: ERROR_INVALID_FUNCTION, the
// resource monitor's default.
DWORD WINAPI VmResourceControl(RESID Resource, DWORD ControlCode, PVOID InBuffer,
                               DWORD InBufferSize, PVOID OutBuffer, DWORD OutBufferSize,
                               LPDWORD BytesReturned) {
  VmResource* resource = ResourceOf(Resource);
  std::lock_guard<std::mutex> lock(resource->mu);
  return VmPrivatePropertyControl(resource->parameters, &resource->params, ControlCode, InBuffer,
                                  InBufferSize, OutBuffer, OutBufferSize, BytesReturned);
}

DWORD WINAPI VmResourceTypeControl(LPCWSTR /*ResourceTypeName*/, DWORD /*ControlCode*/,
                                   PVOID /*InBuffer*/, DWORD /*InBufferSize*/, PVOID /*OutBuffer*/,
                                   DWORD /*OutBufferSize*/, LPDWORD BytesReturned) {
  if (BytesReturned != nullptr) *BytesReturned = 0;
  return ERROR_INVALID_FUNCTION;
}

DWORD WINAPI VmCancel(RESID /*Resource*/, DWORD /*CancelFlags_RESERVED*/) {
  return ERROR_INVALID_FUNCTION;  // a pending offline runs to its end (or to Terminate)
}

CLRES_FUNCTION_TABLE MakeFunctionTable() {
  CLRES_FUNCTION_TABLE table{};
  table.TableSize = CLRES_V2_FUNCTION_SIZE;
  table.Version = CLRES_VERSION_V2_00;
  CLRES_V2_FUNCTIONS& v2 = table.V2Functions;
  v2.Open = VmOpen;
  v2.Close = VmClose;
  v2.Online = VmOnline;
  v2.Offline = VmOffline;
  v2.Terminate = VmTerminate;
  v2.LooksAlive = VmIsAlive;
  v2.IsAlive = VmIsAlive;
  v2.Arbitrate = nullptr;  // not a quorum resource
  v2.Release = nullptr;
  v2.ResourceControl = VmResourceControl;
  v2.ResourceTypeControl = VmResourceTypeControl;
  v2.Cancel = VmCancel;
  return table;
}

}  // namespace

extern "C" __declspec(dllexport) DWORD WINAPI
    StartupEx(LPCWSTR ResourceType, DWORD MinVersionSupported, DWORD MaxVersionSupported,
              PCLRES_CALLBACK_FUNCTION_TABLE MonitorCallbackFunctions,
              PCLRES_FUNCTION_TABLE* ResourceDllInterfaceFunctions) {
  static CLRES_FUNCTION_TABLE table = MakeFunctionTable();
  if (ResourceType == nullptr || MonitorCallbackFunctions == nullptr ||
      ResourceDllInterfaceFunctions == nullptr) {
    return ERROR_INVALID_PARAMETER;
  }
  if (_wcsicmp(ResourceType, kResourceType) != 0) return ERROR_MOD_NOT_FOUND;
  if (MinVersionSupported > CLRES_VERSION_V2_00 || MaxVersionSupported < CLRES_VERSION_V2_00) {
    return ERROR_REVISION_MISMATCH;
  }
  g_monitor = MonitorCallbackFunctions;
  *ResourceDllInterfaceFunctions = &table;
  return ERROR_SUCCESS;
}

static_assert(std::is_same<decltype(&StartupEx), PSTARTUP_EX_ROUTINE>::value,
              "StartupEx has <resapi.h>'s PSTARTUP_EX_ROUTINE type");
