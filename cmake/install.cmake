# Install rules and the CMake package: after `cmake --install build --prefix P`, a project finds
# dynemu with find_package(dynemu CONFIG REQUIRED) (CMAKE_PREFIX_PATH=P) and links dynemu::testing
# (GoogleTest fixtures) or dynemu::core (the embeddable server).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(_dynemu_targets dynemu dynemu_core dynemu_seed)
if(TARGET dynemu_testing)
  list(APPEND _dynemu_targets dynemu_testing)
endif()
install(TARGETS ${_dynemu_targets} EXPORT dynemuTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/emulator/include/dynemu ${PROJECT_SOURCE_DIR}/fixtures/include/dynemu
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/sdk-shims/cpp/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")

set(_dynemu_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/dynemu)
install(EXPORT dynemuTargets NAMESPACE dynemu:: DESTINATION ${_dynemu_cmake_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/dynemuConfig.cmake.in
  ${PROJECT_BINARY_DIR}/dynemuConfig.cmake INSTALL_DESTINATION ${_dynemu_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/dynemuConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/dynemuConfig.cmake ${PROJECT_BINARY_DIR}/dynemuConfigVersion.cmake
  DESTINATION ${_dynemu_cmake_dir})

# pkg-config files for builds without CMake (`pkg-config --cflags --libs dynemu-testing`), with a
# prefix relative to their own place so that an unpacked .deb or a moved prefix still resolves.
set(_dynemu_pkgconfig_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH DYNEMU_PC_RELATIVE_PREFIX /prefix/${_dynemu_pkgconfig_dir} /prefix)
string(REGEX REPLACE "/$" "" DYNEMU_PC_RELATIVE_PREFIX "${DYNEMU_PC_RELATIVE_PREFIX}")
set(_dynemu_pc_files dynemu)
if(TARGET dynemu_testing)
  list(APPEND _dynemu_pc_files dynemu-testing)
endif()
foreach(_pc IN LISTS _dynemu_pc_files)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${_pc}.pc.in ${PROJECT_BINARY_DIR}/${_pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${_pc}.pc DESTINATION ${_dynemu_pkgconfig_dir})
endforeach()

include(${PROJECT_SOURCE_DIR}/cmake/packaging.cmake)
