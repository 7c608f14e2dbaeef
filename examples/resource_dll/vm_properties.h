// The private properties of the "Virtual Machine" resource DLL (vm_resource.cc), written as a
// resource DLL writes them for Windows: a parameter block described by a RESUTIL_PROPERTY_ITEM
// table, read from the resource's Parameters key when the resource opens, and the
// ResourceControl codes for private properties answered with the ResUtil functions.
//
// The same source builds against Windows' <resapi.h> (in the DLL, linked with resutils.dll) and,
// on other hosts, against clusprop's resutil/resapi.h (vm_properties_test); resapi_include.h
// picks the headers.

#ifndef CLUSPROP_EXAMPLES_RESOURCE_DLL_VM_PROPERTIES_H_
#define CLUSPROP_EXAMPLES_RESOURCE_DLL_VM_PROPERTIES_H_

#include "examples/resource_dll/resapi_include.h"

// The parameter block: OfflineAction, DWORD 0-3 (TurnOff, Save, Shutdown, ShutdownForce),
// default 1 (Save).
struct VmPrivateProperties {
  DWORD OfflineAction;
};

extern RESUTIL_PROPERTY_ITEM g_vm_private_properties[];

// Reads the stored values into *params (the defaults for values not stored). `parameters` may
// be NULL: the defaults only.
DWORD VmReadPrivateProperties(HKEY parameters, VmPrivateProperties* params);

// ENUM, GET, GET_RO, VALIDATE, SET and GET_FMTS of the private properties; ERROR_INVALID_FUNCTION
// for every other code (the resource monitor then does its default work). A SET checks the whole
// list first, then stores it (the table's values and any unknown ones) and updates *params.
DWORD VmPrivatePropertyControl(HKEY parameters, VmPrivateProperties* params, DWORD ControlCode,
                               PVOID InBuffer, DWORD InBufferSize, PVOID OutBuffer,
                               DWORD OutBufferSize, LPDWORD BytesReturned);

#endif  // CLUSPROP_EXAMPLES_RESOURCE_DLL_VM_PROPERTIES_H_
