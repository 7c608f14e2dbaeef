#include "examples/resource_dll/vm_properties.h"

RESUTIL_PROPERTY_ITEM g_vm_private_properties[] = {
    {const_cast<LPWSTR>(L"OfflineAction"),
     nullptr,
     CLUSPROP_FORMAT_DWORD,
     {1},
     0,
     3,
     0,
     FIELD_OFFSET(VmPrivateProperties, OfflineAction)},
    {},
};

DWORD VmReadPrivateProperties(HKEY parameters, VmPrivateProperties* params) {
  params->OfflineAction = g_vm_private_properties[0].Default;
  if (parameters == nullptr) return ERROR_SUCCESS;
  return ResUtilGetPropertiesToParameterBlock(parameters, g_vm_private_properties,
                                              reinterpret_cast<LPBYTE>(params), TRUE, nullptr);
}

DWORD VmPrivatePropertyControl(HKEY parameters, VmPrivateProperties* params, DWORD ControlCode,
                               PVOID InBuffer, DWORD InBufferSize, PVOID OutBuffer,
                               DWORD OutBufferSize, LPDWORD BytesReturned) {
  DWORD returned = 0, required = 0, status = ERROR_INVALID_FUNCTION;
  switch (ControlCode) {
    case CLUSCTL_RESOURCE_ENUM_PRIVATE_PROPERTIES:
      status = ResUtilEnumProperties(g_vm_private_properties, static_cast<LPWSTR>(OutBuffer),
                                     OutBufferSize, &returned, &required);
      break;
    case CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTIES:
      if (parameters == nullptr) {
        status = ResUtilPropertyListFromParameterBlock(
            g_vm_private_properties, OutBuffer, &OutBufferSize, reinterpret_cast<LPBYTE>(params),
            &returned, &required);
      } else {
        status = ResUtilGetAllProperties(parameters, g_vm_private_properties, OutBuffer,
                                         OutBufferSize, &returned, &required);
      }
      break;
    case CLUSCTL_RESOURCE_GET_RO_PRIVATE_PROPERTIES: {  // none: a list of no property
      RESUTIL_PROPERTY_ITEM none[] = {{}};
      status = ResUtilGetPropertyFormats(none, OutBuffer, OutBufferSize, &returned, &required);
      break;
    }
    case CLUSCTL_RESOURCE_GET_PRIVATE_PROPERTY_FMTS:
      status = ResUtilGetPropertyFormats(g_vm_private_properties, OutBuffer, OutBufferSize,
                                         &returned, &required);
      break;
    case CLUSCTL_RESOURCE_VALIDATE_PRIVATE_PROPERTIES:
      status = ResUtilVerifyPropertyTable(g_vm_private_properties, nullptr, TRUE, InBuffer,
                                          InBufferSize, nullptr);
      break;
    case CLUSCTL_RESOURCE_SET_PRIVATE_PROPERTIES: {
      VmPrivateProperties updated = *params;
      status = ResUtilVerifyPropertyTable(g_vm_private_properties, nullptr, TRUE, InBuffer,
                                          InBufferSize, reinterpret_cast<LPBYTE>(&updated));
      if (status == ERROR_SUCCESS && parameters != nullptr) {
        status = ResUtilSetPropertyParameterBlock(parameters, g_vm_private_properties, nullptr,
                                                  reinterpret_cast<LPBYTE>(&updated), InBuffer,
                                                  InBufferSize, nullptr);
      }
      if (status == ERROR_SUCCESS) *params = updated;
      break;
    }
    default:
      break;
  }
  if (BytesReturned != nullptr) {
    *BytesReturned = status == ERROR_SUCCESS ? returned : status == ERROR_MORE_DATA ? required : 0;
  }
  return status;
}
