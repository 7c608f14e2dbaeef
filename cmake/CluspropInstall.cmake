# Installs the libraries, their public headers (include/clusprop/..., include/offline/...,
# include/cluster/..., include/resutil/...), an exported target set with a package config and version file, and a pkg-config file.
include(CMakePackageConfigHelpers)

set(CLUSPROP_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/clusprop)

install(TARGETS ${CLUSPROP_INSTALL_TARGETS}
  EXPORT clusprop-targets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

foreach(dir clusprop offline cluster resutil)
  if(EXISTS ${PROJECT_SOURCE_DIR}/${dir})
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/${dir}/
      DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/${dir}
      FILES_MATCHING PATTERN "*.h"
      PATTERN "*_test*" EXCLUDE
      PATTERN "status_matchers.h" EXCLUDE
      PATTERN "test_util.h" EXCLUDE
      PATTERN "internal.h" EXCLUDE)
  endif()
endforeach()

install(EXPORT clusprop-targets
  NAMESPACE clusprop::
  FILE clusprop-targets.cmake
  DESTINATION ${CLUSPROP_CMAKE_DIR})

configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/clusprop-config.cmake.in
  ${PROJECT_BINARY_DIR}/clusprop-config.cmake
  INSTALL_DESTINATION ${CLUSPROP_CMAKE_DIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/clusprop-config-version.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/clusprop-config.cmake
  ${PROJECT_BINARY_DIR}/clusprop-config-version.cmake
  DESTINATION ${CLUSPROP_CMAKE_DIR})

configure_file(${PROJECT_SOURCE_DIR}/cmake/clusprop.pc.in ${PROJECT_BINARY_DIR}/clusprop.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/clusprop.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
