# cmake -DCLIENT=real_cluster_client.exe -DOBJDUMP=... -DNM=... -P this
# The real-cluster client links Windows' clusapi.dll and none of the embedded cluster's API:
# linking clusprop::clusapi or not is how a Windows program chooses its cluster.
execute_process(COMMAND ${NM} ${CLIENT} OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR symbols MATCHES " T (OfflineClusterResourceExWithReason|OpenClusterEx)\n")
  message(FATAL_ERROR "links the embedded cluster API: ${CLIENT}")
endif()
execute_process(COMMAND ${OBJDUMP} -p ${CLIENT} OUTPUT_VARIABLE imports RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT imports MATCHES "DLL Name: [Cc][Ll][Uu][Ss][Aa][Pp][Ii]\\.dll")
  message(FATAL_ERROR "does not import clusapi.dll: ${CLIENT}")
endif()
message(STATUS "${CLIENT}: imports clusapi.dll; no embedded cluster API linked in")
