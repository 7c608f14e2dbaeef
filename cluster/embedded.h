// The process's embedded cluster behind the C API (clusapi.h), for tests and fuzzers that check
// what the API did: waiting for queued offlines, reading the status the API does not expose.

#ifndef CLUSPROP_CLUSTER_EMBEDDED_H_
#define CLUSPROP_CLUSTER_EMBEDDED_H_

#include "cluster/cluster.h"

namespace clusprop {
namespace cluster {

// The cluster OpenCluster(NULL) opens, loaded on first use (as OpenCluster would); nullptr when
// its description is bad.
Cluster* EmbeddedCluster();

}  // namespace cluster
}  // namespace clusprop

#endif  // CLUSPROP_CLUSTER_EMBEDDED_H_
