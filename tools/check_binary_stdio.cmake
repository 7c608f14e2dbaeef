# cmake -DTOOL=... -DGOLDEN=testdata/golden/every_format [-DEMULATOR=...] -DWORK=dir -P this
# The tool's standard streams carry lists byte for byte: `encode` to standard output gives the
# golden bytes, and `validate -` / `decode -` read the golden list whole from standard input.
# every_format.bin holds LF and 0x1A bytes, which text-mode streams on Windows would change.
set(run ${EMULATOR} ${TOOL})

execute_process(COMMAND ${run} encode ${GOLDEN}.json OUTPUT_FILE ${WORK}/encoded.bin
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "clusprop encode ${GOLDEN}.json failed: ${rc}")
endif()
file(SHA256 ${WORK}/encoded.bin got)
file(SHA256 ${GOLDEN}.bin want)
if(NOT got STREQUAL want)
  message(FATAL_ERROR "clusprop encode to standard output changed the bytes of ${GOLDEN}.bin")
endif()

execute_process(COMMAND ${run} validate - INPUT_FILE ${GOLDEN}.bin RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "clusprop validate - < ${GOLDEN}.bin failed: ${err}")
endif()

execute_process(COMMAND ${run} decode - INPUT_FILE ${GOLDEN}.bin OUTPUT_VARIABLE from_stdin)
execute_process(COMMAND ${run} decode ${GOLDEN}.bin OUTPUT_VARIABLE from_file)
if(NOT from_stdin STREQUAL from_file)
  message(FATAL_ERROR "clusprop decode - read ${GOLDEN}.bin differently from standard input")
endif()
message(STATUS "standard input and output carry ${GOLDEN}.bin byte for byte")
