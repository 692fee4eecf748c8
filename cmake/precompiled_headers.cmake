# Precompiled headers: most of dynemu's translation units are small, and parsing the headers they
# share (RapidJSON, the standard library, GoogleTest) is most of their compile time. Precompiling
# those once per target cuts a full build by a large share (see the commit that added this), which
# matters on CI's two cores where the tree is built three times (release, sanitizers, consumer).
# Only third-party and standard headers are listed: a project header in the set would make every
# TU rebuild when it changes and would hide a missing #include of it.
option(DYNEMU_PRECOMPILED_HEADERS "Precompile the third-party headers most sources share" ON)

set(DYNEMU_COMMON_PCH
  <algorithm> <atomic> <cstdint> <functional> <map> <memory> <mutex> <optional> <set> <sstream>
  <string> <string_view> <unordered_map> <utility> <vector>
  <rapidjson/document.h> <rapidjson/stringbuffer.h> <rapidjson/writer.h>)

# kind: "core" (the emulator and fixtures libraries), "test" (GoogleTest binaries) or "cpp_sdk"
# (GoogleTest binaries over the AWS SDK for C++, whose client header is the heaviest of all).
function(dynemu_precompile_headers target kind)
  if(NOT DYNEMU_PRECOMPILED_HEADERS)
    return()
  endif()
  set(headers ${DYNEMU_COMMON_PCH})
  if(kind STREQUAL "test" OR kind STREQUAL "cpp_sdk")
    list(APPEND headers <gtest/gtest.h> <gmock/gmock.h>)
  endif()
  if(kind STREQUAL "cpp_sdk")
    list(APPEND headers <aws/core/Aws.h> <aws/dynamodb/DynamoDBClient.h>)
  endif()
  target_precompile_headers(${target} PRIVATE ${headers})
endfunction()
