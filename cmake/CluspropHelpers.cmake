# clusprop_test(NAME SOURCES... DEPS ...): a GoogleTest binary registered with ctest, run from
# the source root so that tests find testdata/.
function(clusprop_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  add_test(NAME ${name} COMMAND ${name} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endfunction()

# Warnings for the project's own targets.
function(clusprop_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-missing-field-initializers)
endfunction()

# Windows: `target`, the DLL `name`.dll built from SOURCES and linked with LIBS, exporting every
# function `header` declares WINAPI but those named after EXCLUDE; it goes to
# CLUSPROP_WINDOWS_BIN_DIR.
function(clusprop_windows_dll target name header)
  cmake_parse_arguments(ARG "" "" "EXCLUDE;SOURCES;LIBS" ${ARGN})
  set(def ${CMAKE_CURRENT_BINARY_DIR}/${name}.def)
  clusprop_def_from_header(${def} ${header} ${name}.dll EXCLUDE ${ARG_EXCLUDE})
  add_library(${target} SHARED ${ARG_SOURCES} ${def})
  set_target_properties(${target} PROPERTIES OUTPUT_NAME ${name} PREFIX ""
                        RUNTIME_OUTPUT_DIRECTORY ${CLUSPROP_WINDOWS_BIN_DIR})
  target_link_libraries(${target} PRIVATE ${ARG_LIBS})
  clusprop_warnings(${target})
endfunction()

# Writes `def`, a module-definition file exporting every function `header` declares WINAPI (but
# those named after EXCLUDE), so that a DLL exports exactly what its C header declares.
function(clusprop_def_from_header def header library)
  cmake_parse_arguments(ARG "" "" "EXCLUDE" ${ARGN})
  file(READ ${header} text)
  string(REGEX MATCHALL "WINAPI [A-Za-z0-9_]+\\(" declared "${text}")
  set(exports "")
  foreach(match ${declared})
    string(REGEX REPLACE "WINAPI ([A-Za-z0-9_]+)\\(" "\\1" name "${match}")
    if(NOT name IN_LIST ARG_EXCLUDE AND NOT name IN_LIST exports)
      list(APPEND exports ${name})
    endif()
  endforeach()
  list(JOIN exports "\n  " lines)
  file(CONFIGURE OUTPUT ${def} CONTENT "LIBRARY ${library}\nEXPORTS\n  ${lines}\n")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${header})
endfunction()
