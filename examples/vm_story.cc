// A virtual machine told to save its state instead of shutting down, on the embedded cluster:
//  1. the 60-byte "Virtual Machine" = Save instruction, built with the writer and dumped;
//  2. OfflineEx → ERROR_IO_PENDING, the state transitions as they happen, the VM's handler
//     receiving Save;
//  3. requests the policy refuses — FORCE_WITH_TERMINATION + Save, a locked VM, a read-only
//     caller — each leaving the state as it was.

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "clusprop/win32_error.h"
#include "clusprop/writer.h"
#include "cluster/cluster.h"
#include "tools/cli.h"

namespace {

using clusprop::cluster::Cluster;
using clusprop::cluster::OfflineContext;
using clusprop::offline::OfflineRequest;
using clusprop::offline::ResourceStateName;

// The request of an OfflineClusterResourceEx call.
OfflineRequest Request(uint32_t flags, const std::vector<uint8_t>& buffer, uint32_t size) {
  OfflineRequest request;
  request.flags = flags;
  request.in_buffer = buffer.data();
  request.in_buffer_size = size;
  return request;
}

// Saves "the VM" in the background: reports pending, then completes after a while.
class VirtualMachineHandler : public clusprop::cluster::ResourceTypeHandler {
 public:
  ~VirtualMachineHandler() override {
    if (worker_.joinable()) worker_.join();
  }
  uint32_t Offline(const OfflineContext& context) override {
    std::string action(context.instruction ? context.instruction->name : "(none)");
    std::printf("    [VM handler] Offline(%s): action %s, OfflineV2 flags 0x%x\n",
                context.resource.c_str(), action.c_str(), context.request.flags.bits());
    if (worker_.joinable()) worker_.join();
    worker_ = std::thread([complete = context.complete, action] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      std::printf("    [VM handler] %s finished: memory written to disk\n", action.c_str());
      complete(0);
    });
    return clusprop::kErrorIoPending;
  }
  void Terminate(const std::string& resource) override {
    std::printf("    [VM handler] Terminate(%s)\n", resource.c_str());
  }

 private:
  std::thread worker_;
};

std::string StateOf(const Cluster& cluster) {
  return std::string(ResourceStateName(cluster.GetStatus("VM1")->state));
}

void Show(const char* request, uint32_t code, const Cluster& cluster) {
  std::printf("  %-44s -> %s (%u); VM1 is %s\n", request, clusprop::Win32ErrorName(code).c_str(),
              code, StateOf(cluster).c_str());
}

}  // namespace

int main() {
  // 1. The instruction.
  clusprop::PropertyListWriter writer(clusprop::WriteOptions{.trailing_endmark = false});
  writer.BeginProperty("Virtual Machine").AddDword(1);  // 1 = Save
  absl::StatusOr<absl::Span<const uint8_t>> bytes = writer.Finish();
  if (!bytes.ok()) return 1;
  std::vector<uint8_t> save(bytes->begin(), bytes->end());
  std::printf("1. The instruction \"Virtual Machine\" = 1 (Save): %zu bytes\n\n", save.size());
  clusprop::cli::Io io;
  io.read = [&save](const std::string&, uint64_t, std::string* data) {
    data->assign(save.begin(), save.end());
    return absl::OkStatus();
  };
  clusprop::cli::RunCli({"dump", "-"}, &io);
  std::printf("%s\n", io.out.c_str());

  // 2. The offline, as it happens.
  Cluster cluster;
  auto handler = std::make_shared<VirtualMachineHandler>();
  if (!cluster.AddResourceType("Virtual Machine", handler).ok() ||
      !cluster.AddResource({.name = "VM1", .type = "Virtual Machine"}).ok()) {
    return 1;
  }
  const uint32_t size = static_cast<uint32_t>(save.size());
  const uint32_t all = clusprop::offline::kClusapiAllAccess;
  std::printf("2. OfflineClusterResourceEx(VM1, 0, Save instruction); VM1 is %s\n",
              StateOf(cluster).c_str());
  uint32_t code = cluster.OfflineEx("VM1", all, Request(0, save, size));
  std::printf("  -> %s (%u)\n", clusprop::Win32ErrorName(code).c_str(), code);
  std::string last;
  for (;;) {
    std::string now = StateOf(cluster);
    if (now != last) std::printf("  state: %s\n", now.c_str());
    last = now;
    if (now != "OfflinePending") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (last != "Offline") return 1;

  // 3. Refused requests change nothing.
  std::printf("\n3. Requests the policy refuses (VM1 brought back online first)\n");
  if (cluster.Online("VM1") != 0) return 1;
  Show("FORCE_WITH_TERMINATION + Save",
       cluster.OfflineEx(
           "VM1", all, Request(clusprop::offline::OfflineFlags::kForceWithTermination, save, size)),
       cluster);
  (void)cluster.SetLocked("VM1", true);
  Show("Save while VM1 is locked", cluster.OfflineEx("VM1", all, Request(0, save, size)), cluster);
  (void)cluster.SetLocked("VM1", false);
  Show("Save from a read-only handle",
       cluster.OfflineEx("VM1", clusprop::offline::kClusapiReadAccess, Request(0, save, size)),
       cluster);
  Show("a truncated instruction", cluster.OfflineEx("VM1", all, Request(0, save, size - 4)),
       cluster);
  cluster.WaitIdle();
  return 0;
}
