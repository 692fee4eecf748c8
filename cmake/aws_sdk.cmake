# Finds the AWS SDK for C++ (core, dynamodb, dynamodbstreams) for the cpp_sdk suite, the shim's test
# and the SDK-based example. Sets DYNEMU_AWS_SDK_FOUND, and DYNEMU_AWS_SDK_MISSING_REASON when it is not.
#
# Where to look: DYNEMU_AWS_SDK_DIR (cache; default: the environment variable of that name, else the
# prefix scripts/setup extracts ../shared/aws-sdk-cpp/ into, build-deps/aws-sdk-cpp), then
# CMAKE_PREFIX_PATH and the system (an SDK installed in /usr/local is found too).
if(DEFINED ENV{DYNEMU_AWS_SDK_DIR})
  set(_dynemu_aws_sdk_default "$ENV{DYNEMU_AWS_SDK_DIR}")
elseif(EXISTS "${PROJECT_SOURCE_DIR}/build-deps/aws-sdk-cpp/lib/cmake/AWSSDK")
  set(_dynemu_aws_sdk_default "${PROJECT_SOURCE_DIR}/build-deps/aws-sdk-cpp")
else()
  set(_dynemu_aws_sdk_default "")
endif()
set(DYNEMU_AWS_SDK_DIR "${_dynemu_aws_sdk_default}" CACHE PATH
    "Install prefix of the AWS SDK for C++ (with lib/cmake/AWSSDK); empty: CMAKE_PREFIX_PATH and the system")
if(DYNEMU_AWS_SDK_DIR)
  list(APPEND CMAKE_PREFIX_PATH "${DYNEMU_AWS_SDK_DIR}")
endif()

# 1.8's AWSSDKConfig imports the component targets without a namespace (aws-cpp-sdk-core, ...);
# find_package(AWSSDK COMPONENTS ...) is the form that imports core with them.
find_package(AWSSDK QUIET COMPONENTS dynamodb dynamodbstreams)
if(AWSSDK_FOUND AND TARGET aws-cpp-sdk-dynamodb AND TARGET aws-cpp-sdk-dynamodbstreams)
  set(DYNEMU_AWS_SDK_FOUND ON)
  message(STATUS "dynemu: AWS SDK for C++ ${AWSSDK_VERSION} found in ${AWSSDK_ROOT_DIR}: the cpp_sdk suite is built")
else()
  set(DYNEMU_AWS_SDK_FOUND OFF)
  set(DYNEMU_AWS_SDK_MISSING_REASON
      "the AWS SDK for C++ (dynamodb, dynamodbstreams) was not found (DYNEMU_AWS_SDK_DIR='${DYNEMU_AWS_SDK_DIR}'; scripts/setup extracts ../shared/aws-sdk-cpp/ into build-deps/aws-sdk-cpp)")
  message(STATUS "dynemu: ${DYNEMU_AWS_SDK_MISSING_REASON}; the cpp_sdk tests are skipped")
endif()
