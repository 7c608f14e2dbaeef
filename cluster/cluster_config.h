// Describing an embedded cluster in JSON, for programs that use the C API (clusapi.h) without
// writing set-up code: the environment variable CLUSPROP_CLUSTER names the file.
//
// Schema (every key but "resources" optional; unknown keys are errors, to catch typos):
//   {
//     "policy": "strict" | "lenient",          default "strict" (policy.h)
//     "pending_timeout_ms": 180000,            PendingTimeout for pending offlines, 0 to
//                                              4294967295 (INFINITE: wait for ever)
//     "resources": [
//       {"name": "VM1",                        required, unique (case-insensitive)
//        "type": "Virtual Machine",            required; any name: each type gets a handler that
//                                              goes offline at once
//        "state": "Online",                    a CLUSTER_RESOURCE_STATE name; default Online
//        "locked": false,
//        "dependencies": ["Disk1"],            resources listed earlier
//        "node": "Node1", "group": "Cluster Group",
//        "offline_action": 1,                  VMs: OfflineAction, 0-3; default 1 (Save)
//        "parameters": {"Port": 80}}           private properties, stored in the resource's
//                                              Parameters key: a number (REG_DWORD up to
//                                              4294967295, else REG_QWORD), a string (REG_SZ),
//                                              an array of strings (REG_MULTI_SZ),
//                                              {"expand_sz": "..."}, {"binary": "00ff"},
//                                              {"qword": 7}, {"type": 9, "data": "0102"};
//                                              names unique without regard to case
//     ]
//   }
// "Virtual Machine" resources take the built-in instructions (instruction.h).
//
// Errors are ERROR_INVALID_DATA with the JSON path: "resources[1].state: unknown state 'Up'".
// The text is read as the JSON mapping reads JSON (clusprop/json.h): a repeated key or nesting
// deeper than kMaxJsonDepth is an error. A file that does not exist is ERROR_FILE_NOT_FOUND,
// one that cannot be read ERROR_READ_FAULT (ERROR_ACCESS_DENIED without permission), one larger
// than kMaxDescriptionSize ERROR_FILE_TOO_LARGE. Names are UTF-8; an Online resource needs its
// dependencies Online (or Failed: a failure the cluster has not acted on yet).

#ifndef CLUSPROP_CLUSTER_CLUSTER_CONFIG_H_
#define CLUSPROP_CLUSTER_CLUSTER_CONFIG_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "cluster/cluster.h"

namespace clusprop {
namespace cluster {

inline constexpr char kClusterEnvironmentVariable[] = "CLUSPROP_CLUSTER";
// The largest description file read: a larger one is ERROR_FILE_TOO_LARGE.
inline constexpr size_t kMaxDescriptionSize = 64 << 20;

absl::StatusOr<std::unique_ptr<Cluster>> ClusterFromJson(std::string_view json_text);

// The cluster as a description that ClusterFromJson reads back into the same cluster: policy,
// pending timeout, and each resource's name, type, current state, lock, dependencies, node,
// group and the values of its Parameters key as "parameters" (a VM's OfflineAction among them).
// Values in subkeys of Parameters are not described. A value is written in the form that reads
// back to the same type and bytes ({"type": N, "data": hex} when no other does). A pending
// timeout of 4294967295 ms or more is written as 4294967295 (INFINITE).
// ERROR_INVALID_PARAMETER for a policy other than the strict and lenient presets;
// ERROR_INVALID_DATA for a name that is not UTF-8.
absl::StatusOr<std::string> ClusterToJson(Cluster& cluster);

// Reads and parses `path`; errors name the file.
absl::StatusOr<std::unique_ptr<Cluster>> ClusterFromFile(const std::string& path);

// The cluster the file named by CLUSPROP_CLUSTER describes, or Cluster::CreateDefault() when the
// variable is unset or empty.
absl::StatusOr<std::unique_ptr<Cluster>> ClusterFromEnvironment();

}  // namespace cluster
}  // namespace clusprop

#endif  // CLUSPROP_CLUSTER_CLUSTER_CONFIG_H_
