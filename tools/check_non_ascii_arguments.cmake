# cmake -DTOOL=... -DGOLDEN_DIR=testdata/golden [-DEMULATOR=...] -DWORK=dir -P this
# Arguments reach the tool as UTF-8, names and file names alike: on Windows `argv` is in the ANSI
# code page, which cannot hold them. Run with a UTF-8 locale (Wine reads the command line by it).
set(run ${EMULATOR} ${TOOL})

execute_process(COMMAND ${run} find "größe" ${GOLDEN_DIR}/non_ascii.bin
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "\"Größe\"")
  message(FATAL_ERROR "clusprop find größe: exit ${rc}, ${err}${out}")
endif()

set(copy "${WORK}/名前 größe.bin")
file(COPY_FILE ${GOLDEN_DIR}/non_ascii.bin "${copy}")
execute_process(COMMAND ${run} validate "${copy}" RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "clusprop validate on a file with a non-ASCII name: ${err}")
endif()
message(STATUS "non-ASCII arguments and file names reach the tool intact")
