/* A cluster client that reads and changes a virtual machine's private properties, written as for
 * Windows: CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES with the two-call pattern,
 * ResUtilFindDwordProperty on the answer, a SET list made from a parameter block, and an offline
 * that then uses the new OfflineAction. Only the includes differ from the Windows source
 * (<windows.h>, <clusapi.h>, <resapi.h>). It runs on the embedded cluster's VM1. */
#include <stdio.h>

#include "cluster/clusapi.h"
#include "resutil/resapi.h"

typedef struct {
  DWORD OfflineAction;
} VM_PARAMS;

static RESUTIL_PROPERTY_ITEM vm_table[] = {{L"OfflineAction",
                                            NULL,
                                            CLUSPROP_FORMAT_DWORD,
                                            {1},
                                            0,
                                            3,
                                            0,
                                            FIELD_OFFSET(VM_PARAMS, OfflineAction)},
                                           {0}};

static const char* const action_names[] = {"TurnOff", "Save", "Shutdown", "ShutdownForce"};

/* GET_PRIVATE_PROPERTIES into a LocalAlloc buffer: ask for the size, then fetch. */
static DWORD get_private(HRESOURCE resource, PVOID* list, DWORD* size) {
  DWORD needed = 0;
  DWORD status = ClusterResourceControl(resource, NULL, CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES,
                                        NULL, 0, NULL, 0, &needed);
  if (status != ERROR_MORE_DATA) return status;
  *list = LocalAlloc(LPTR, needed);
  if (*list == NULL) return ERROR_NOT_ENOUGH_MEMORY;
  status = ClusterResourceControl(resource, NULL, CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES, NULL, 0,
                                  *list, needed, size);
  if (status != ERROR_SUCCESS) *list = LocalFree(*list);
  return status;
}

static DWORD print_offline_action(HRESOURCE resource) {
  PVOID list = NULL;
  DWORD size = 0, action = 0;
  DWORD status = get_private(resource, &list, &size);
  if (status == ERROR_SUCCESS) {
    status = ResUtilFindDwordProperty(list, size, L"OfflineAction", &action);
    LocalFree(list);
  }
  if (status != ERROR_SUCCESS) return status;
  printf("  GET_PRIVATE_PROPERTIES (%lu bytes): OfflineAction = %lu (%s)\n", (unsigned long)size,
         (unsigned long)action, action_names[action & 3]);
  return ERROR_SUCCESS;
}

int main(void) {
  HCLUSTER cluster = OpenCluster(NULL);
  HRESOURCE vm = cluster ? OpenClusterResource(cluster, L"VM1") : NULL;
  if (vm == NULL) {
    fprintf(stderr, "cannot open VM1: %lu\n", (unsigned long)GetLastError());
    return 1;
  }
  DWORD status = print_offline_action(vm);

  /* SET_PRIVATE_PROPERTIES OfflineAction = 2 (Shutdown), listed from a parameter block. */
  VM_PARAMS params = {2};
  BYTE set_list[64];
  DWORD list_size = sizeof(set_list), written = 0, required = 0;
  if (status == ERROR_SUCCESS) {
    status = ResUtilPropertyListFromParameterBlock(vm_table, set_list, &list_size, (LPBYTE)&params,
                                                   &written, &required);
  }
  if (status == ERROR_SUCCESS) {
    status = ClusterResourceControl(vm, NULL, CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES, set_list,
                                    written, NULL, 0, NULL);
    printf("  SET_PRIVATE_PROPERTIES OfflineAction = 2: %lu\n", (unsigned long)status);
  }
  if (status == ERROR_SUCCESS) status = print_offline_action(vm);

  /* An out-of-range value is refused, and nothing changes. */
  params.OfflineAction = 7;
  if (status == ERROR_SUCCESS) {
    status = ResUtilPropertyListFromParameterBlock(vm_table, set_list, &list_size, (LPBYTE)&params,
                                                   &written, &required);
  }
  if (status == ERROR_SUCCESS) {
    DWORD refused = ClusterResourceControl(vm, NULL, CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES,
                                           set_list, written, NULL, 0, NULL);
    printf("  SET_PRIVATE_PROPERTIES OfflineAction = 7: %lu (ERROR_INVALID_PARAMETER)\n",
           (unsigned long)refused);
    status = refused == ERROR_INVALID_PARAMETER ? print_offline_action(vm) : refused;
  }

  /* The offline with no instruction uses the stored OfflineAction. */
  if (status == ERROR_SUCCESS) {
    status = OfflineClusterResource(vm);
    printf("  OfflineClusterResource: %lu (ERROR_IO_PENDING: accepted, with Shutdown)\n",
           (unsigned long)status);
    if (status == ERROR_IO_PENDING) status = ERROR_SUCCESS;
    while (status == ERROR_SUCCESS &&
           GetClusterResourceState(vm, NULL, NULL, NULL, NULL) == ClusterResourceOfflinePending) {
      Sleep(1);
    }
    if (status == ERROR_SUCCESS) {
      printf("  state: %d (ClusterResourceOffline)\n",
             (int)GetClusterResourceState(vm, NULL, NULL, NULL, NULL));
    }
  }
  CloseClusterResource(vm);
  CloseCluster(cluster);
  if (status != ERROR_SUCCESS) {
    fprintf(stderr, "failed: %lu\n", (unsigned long)status);
    return 1;
  }
  return 0;
}
