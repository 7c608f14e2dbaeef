// The property control codes of the embedded cluster: what ClusterResourceControl and
// ClusterResourceTypeControl answer for ENUM, GET, GET_RO, SET, VALIDATE and GET_*_FMTS, common
// and private. docs/clusapi.md, "Property control codes", states the rules; this is the code
// behind them.
//
// The answers are built as a resource DLL and the resource monitor build them on Windows: with
// the ResUtil functions (resutil/resapi.h), from property tables, over keys of the cluster
// database opened through clusapi.h.

#ifndef CLUSPROP_CLUSTER_PROPERTY_CONTROL_H_
#define CLUSPROP_CLUSTER_PROPERTY_CONTROL_H_

#include <string>

#include "cluster/clusapi.h"
#include "cluster/cluster.h"

namespace clusprop {
namespace cluster {

// True for the CLCTL function (the code without its object byte) of a property code that
// `object` (CLUS_OBJECT_RESOURCE or CLUS_OBJECT_RESOURCE_TYPE) answers.
bool IsPropertyControl(DWORD object, DWORD function);
// True when the code changes the database (SET): the handle needs CLUSAPI_CHANGE_ACCESS and the
// keys write rights.
bool IsPropertyWrite(DWORD function);

// The caller's buffers, as the Cluster*Control functions take them. `returned` may be NULL.
struct ControlBuffers {
  LPVOID in;
  DWORD in_size;
  LPVOID out;
  DWORD out_size;
  LPDWORD returned;
};

// The keys an object's properties live in: its own key (common properties) and its Parameters
// subkey (private properties), opened with the rights the code needs.
struct PropertyKeys {
  HKEY object;
  HKEY parameters;
};

// A resource's property code (IsPropertyControl(CLUS_OBJECT_RESOURCE, function)).
DWORD ResourcePropertyControl(Cluster& cluster, const std::string& resource, DWORD function,
                              const PropertyKeys& keys, const ControlBuffers& buffers);

// A resource type's property code (`type` as the cluster spells it).
DWORD ResourceTypePropertyControl(const std::string& type, DWORD function, const PropertyKeys& keys,
                                  const ControlBuffers& buffers);

}  // namespace cluster
}  // namespace clusprop

#endif  // CLUSPROP_CLUSTER_PROPERTY_CONTROL_H_
