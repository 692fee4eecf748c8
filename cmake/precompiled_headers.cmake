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

# kind: "core" (the emulator and fixtures libraries) or "test" (GoogleTest binaries). The AWS SDK
# for C++'s headers stay out: precompiled, they clash with the same headers reached again through
# the SDK's own include paths (redefinition errors in orders_repository.cc).
function(dynemu_precompile_headers target kind)
  if(NOT DYNEMU_PRECOMPILED_HEADERS)
    return()
  endif()
  set(headers ${DYNEMU_COMMON_PCH})
  if(kind STREQUAL "test")
    list(APPEND headers <gtest/gtest.h> <gmock/gmock.h>)
  endif()
  target_precompile_headers(${target} PRIVATE ${headers})
endfunction()
