/* A resource DLL's private properties, written as for Windows: a parameter block described by a
 * RESUTIL_PROPERTY_ITEM table, a SET list checked and stored in the resource's Parameters key,
 * the block read back, and the properties listed for a GET. Only the includes differ from the
 * Windows source (<windows.h>, <clusapi.h>, <resapi.h>). */
#include <stdio.h>
#include <wchar.h>

#include "resutil/resapi.h"

typedef struct {
  DWORD Timeout;
  LPWSTR Path;
} PARAMS;

static RESUTIL_PROPERTY_ITEM table[] = {
    {L"Timeout", NULL, CLUSPROP_FORMAT_DWORD, {30}, 1, 600, 0, FIELD_OFFSET(PARAMS, Timeout)},
    {L"Path", NULL, CLUSPROP_FORMAT_SZ, {0}, 0, 0, RESUTIL_PROPITEM_REQUIRED,
     FIELD_OFFSET(PARAMS, Path)},
    {0}};

/* What a client sends with CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES: Timeout = 90, Path = "/srv". */
static const BYTE set_list[] = {
    2, 0, 0, 0,                                                     /* two properties */
    3, 0, 4, 0, 16, 0, 0, 0, 'T', 0, 'i', 0, 'm', 0, 'e', 0, 'o', 0, 'u', 0, 't', 0, 0, 0,
    2, 0, 1, 0, 4, 0, 0, 0, 90, 0, 0, 0,                            /* LIST_VALUE_DWORD 90 */
    0, 0, 0, 0,                                                     /* ENDMARK */
    3, 0, 4, 0, 10, 0, 0, 0, 'P', 0, 'a', 0, 't', 0, 'h', 0, 0, 0, 0, 0,
    3, 0, 1, 0, 10, 0, 0, 0, '/', 0, 's', 0, 'r', 0, 'v', 0, 0, 0, 0, 0, /* LIST_VALUE_SZ */
    0, 0, 0, 0,
    0, 0, 0, 0};                                                    /* the list's ENDMARK */

int main(void) {
  HCLUSTER cluster = OpenCluster(NULL);
  HRESOURCE resource = cluster ? OpenClusterResource(cluster, L"DemoResource") : NULL;
  HKEY root = resource ? GetClusterResourceKey(resource, KEY_ALL_ACCESS) : NULL;
  HKEY parameters = NULL;
  PARAMS params = {0};
  BYTE out[256];
  DWORD returned = 0, required = 0, status, timeout = 0;
  if (root == NULL ||
      ClusterRegCreateKey(root, L"Parameters", REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS, NULL,
                          &parameters, NULL) != ERROR_SUCCESS) {
    return 1;
  }

  /* SET_PRIVATE_PROPERTIES: check against the table, then store. */
  status = ResUtilVerifyPropertyTable(table, NULL, FALSE, (PVOID)set_list, sizeof(set_list), NULL);
  printf("verify: %lu\n", (unsigned long)status);
  status = ResUtilSetPropertyTable(parameters, table, NULL, FALSE, (PVOID)set_list,
                                   sizeof(set_list), NULL);
  printf("set: %lu\n", (unsigned long)status);

  /* Online: the block from the database. */
  status = ResUtilGetPropertiesToParameterBlock(parameters, table, (LPBYTE)&params, TRUE, NULL);
  printf("block: %lu, Timeout %lu, Path %ls\n", (unsigned long)status,
         (unsigned long)params.Timeout, params.Path);

  /* GET_PRIVATE_PROPERTIES: the list a client receives, searched as a client would. */
  status = ResUtilGetAllProperties(parameters, table, out, sizeof(out), &returned, &required);
  printf("get: %lu, %lu bytes\n", (unsigned long)status, (unsigned long)returned);
  status = ResUtilFindDwordProperty(out, returned, L"timeout", &timeout);
  printf("find Timeout: %lu, %lu\n", (unsigned long)status, (unsigned long)timeout);

  ResUtilFreeParameterBlock((LPBYTE)&params, NULL, table);
  ClusterRegCloseKey(parameters);
  ClusterRegCloseKey(root);
  CloseClusterResource(resource);
  CloseCluster(cluster);
  return 0;
}
