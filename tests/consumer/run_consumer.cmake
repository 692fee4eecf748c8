# Builds and runs tests/consumer against this dynemu tree, one way (CTest: fixtures.consumer_*).
#   cmake -DMODE=fetchcontent|package|deb -DSOURCE_DIR=... -DBUILD_DIR=<dynemu build> -DWORK_DIR=... -P run_consumer.cmake
# package: `cmake --install` into a prefix, then find_package(dynemu).
# deb: `cpack -G DEB`, the package unpacked into a scratch root (dpkg-deb -x) and checked, then the
# consumer built against that root twice: with find_package(dynemu) and with pkg-config alone.
cmake_minimum_required(VERSION 3.20)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}")
  endif()
endfunction()

set(consume ${MODE})
if(MODE STREQUAL "deb")
  set(consume package)  # the unpacked .deb is an installed prefix like any other
endif()
# Debug: what is checked is how the consumer finds, builds and links dynemu, not its speed, so its
# build need not pay for optimisation (with the target-only build below, fetchcontent went from
# 281 s to 255 s in CI).
set(configure_args -S ${SOURCE_DIR}/tests/consumer -B ${WORK_DIR}/build -DDYNEMU_CONSUME=${consume}
    -DCMAKE_BUILD_TYPE=Debug)
if(GENERATOR)
  list(APPEND configure_args -G ${GENERATOR})
endif()
if(MODE STREQUAL "package")
  run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix)
  list(APPEND configure_args -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
elseif(MODE STREQUAL "deb")
  include(${CMAKE_CURRENT_LIST_DIR}/unpack_deb.cmake)
  list(APPEND configure_args -DCMAKE_PREFIX_PATH=${WORK_DIR}/root/usr)
else()
  list(APPEND configure_args -DDYNEMU_SOURCE_DIR=${SOURCE_DIR})
endif()
run(${CMAKE_COMMAND} ${configure_args})
# Only what the consumer's test needs (not the dynemu command FetchContent also declares).
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build -j 2 --target consumer_test)
run(${CMAKE_CTEST_COMMAND} --test-dir ${WORK_DIR}/build --output-on-failure)
if(MODE STREQUAL "deb")
  build_with_pkg_config()
endif()
message(STATUS "consumer (${MODE}) configured, built and passed its tests")
